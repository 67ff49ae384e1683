import { parseFaqFile } from './faq.parser';

describe('parseFaqFile', () => {
  it('reads entries with similar phrasings, per-language answers, tags and handoff', () => {
    const { entries, problems } = parseFaqFile(
      'faq/a.faq.yaml',
      `- id: return-window
  question: 收到货后多少天内可以退货？
  similar:
    - 退货期限是多久
    - How long do I have to return an item?
  answer:
    zh: 7 天内可退货。
    en: Within 7 days.
  tags: [After-Sales, returns]
  handoff: true
- id: plain
  question: Do you ship abroad?
  answer: No, mainland China only.
`,
    );
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      id: 'return-window',
      kind: 'faq',
      title: '收到货后多少天内可以退货？',
      content: { answers: { zh: '7 天内可退货。', en: 'Within 7 days.' } },
      tags: ['after-sales', 'returns'],
      handoff: true,
      meta: { line: 1, questionByLang: { zh: '收到货后多少天内可以退货？', en: 'How long do I have to return an item?' } },
    });
    expect(entries[0].phrases.map((phrase) => phrase.role)).toEqual(['question', 'similar', 'similar', 'answer', 'answer']);
    expect(entries[1]).toMatchObject({ content: { answers: { en: 'No, mainland China only.' } }, handoff: false, tags: [], meta: { line: 11, questionByLang: { en: 'Do you ship abroad?' } } });
  });

  it('reports every problem with its line', () => {
    const { entries, problems } = parseFaqFile(
      'faq/b.faq.yaml',
      `- id: ok
  question: Fine?
  answer: Yes.
- id: ok
  question: Again?
  answer: Duplicate.
- question: No id
  answer: x
- id: no-answer
  question: Where is the answer?
  anwser: typo
- id: bad id!
  question: q
  answer: a
  handoff: maybe
  similar: { not: a list }
`,
    );
    expect(entries.map((entry) => entry.id)).toEqual(['ok']);
    expect(problems).toEqual([
      { path: 'faq/b.faq.yaml', line: 4, severity: 'error', message: 'duplicate id "ok" (first used on line 1)' },
      { path: 'faq/b.faq.yaml', line: 7, severity: 'error', message: 'entry 3: "id" is missing' },
      { path: 'faq/b.faq.yaml', line: 11, severity: 'warning', message: 'unknown key "anwser" (did you mean "answer"?) is ignored' },
      { path: 'faq/b.faq.yaml', line: 9, severity: 'error', message: 'entry 4 (no-answer): "answer" is missing' },
      { path: 'faq/b.faq.yaml', line: 12, severity: 'error', message: 'entry 5: id "bad id!" may only use letters, digits, ".", "_" and "-" (max 120)' },
      { path: 'faq/b.faq.yaml', line: 16, severity: 'error', message: 'entry 5: "similar" must be a list of phrasings' },
      { path: 'faq/b.faq.yaml', line: 15, severity: 'error', message: 'entry 5: "handoff" must be true or false' },
    ]);
  });

  it('reports YAML syntax errors and a file that is not a list', () => {
    expect(parseFaqFile('x.faq.yaml', '- id: a\n  question: [unclosed\n').problems[0]).toMatchObject({ severity: 'error', line: expect.any(Number) });
    expect(parseFaqFile('x.faq.yaml', 'id: a\nquestion: q\n').problems).toEqual([
      { path: 'x.faq.yaml', line: 1, severity: 'error', message: 'an FAQ file must be a YAML list of entries ("- id: …")' },
    ]);
    expect(parseFaqFile('x.faq.yaml', '').problems).toEqual([{ path: 'x.faq.yaml', severity: 'warning', message: 'the file has no entries' }]);
  });
});
