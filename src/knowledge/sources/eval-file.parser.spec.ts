import { parseEvalFile } from './eval-file.parser';

describe('parseEvalFile (eval.yaml)', () => {
  it('reads questions with what to expect and the line of each', () => {
    const { questions, problems } = parseEvalFile('- question: 退货期限是多久\n  expect: return-window\n- question: how is the weather\n  expect: none\n  lang: en\n');
    expect(problems).toEqual([]);
    expect(questions).toEqual([
      { question: '退货期限是多久', expect: 'return-window', line: 1 },
      { question: 'how is the weather', expect: 'none', lang: 'en', line: 3 },
    ]);
  });

  it('reports missing fields, unknown keys and a bad language at their line', () => {
    const { questions, problems } = parseEvalFile('- question: a\n- expect: none\n- question: b\n  expct: x\n- question: c\n  expect: none\n  lang: fr\n- just text\n');
    expect(questions).toEqual([]);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ line: 1, message: expect.stringContaining('missing "expect"'), severity: 'error' }),
        expect.objectContaining({ line: 2, message: 'missing "question"' }),
        expect.objectContaining({ line: 4, message: 'unknown key "expct" (did you mean "expect"?)', severity: 'warning' }),
        expect.objectContaining({ line: 7, message: 'lang must be zh or en, not "fr"' }),
        expect.objectContaining({ line: 8, message: expect.stringContaining('each item needs a question') }),
      ]),
    );
  });

  it('needs a list', () => {
    expect(parseEvalFile('question: a\n').problems[0]).toMatchObject({ message: expect.stringContaining('must be a list') });
  });
});
