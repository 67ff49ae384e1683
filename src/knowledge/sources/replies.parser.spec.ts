import { parseRepliesFile } from './replies.parser';
import { classify } from './knowledge-source';

describe('replies.yaml', () => {
  it('reads replies in one text or per language, reporting broken entries by line and keeping the rest', () => {
    const { replies, problems } = parseRepliesFile(
      'replies.yaml',
      [
        '- id: greet',
        '  title: 问候',
        '  text: 您好，请问有什么可以帮您？',
        '- id: delay',
        '  text: { zh: 非常抱歉让您久等了。, en: Sorry for the wait. }',
        '  tags: [shipping]',
        '- id: greet',
        '  text: dup',
        '- title: no id',
        '  text: x',
        '- id: colour',
        '  text: hi',
        '  colour: red',
      ].join('\n'),
    );
    expect(replies).toEqual([
      { id: 'greet', title: '问候', text: { zh: '您好，请问有什么可以帮您？', en: '您好，请问有什么可以帮您？' }, tags: [] },
      { id: 'delay', title: 'delay', text: { zh: '非常抱歉让您久等了。', en: 'Sorry for the wait.' }, tags: ['shipping'] },
      { id: 'colour', title: 'colour', text: { zh: 'hi', en: 'hi' }, tags: [] },
    ]);
    expect(problems.map((problem) => [problem.line, problem.severity, problem.message])).toEqual([
      [7, 'error', 'reply "greet" is defined twice'],
      [9, 'error', 'reply "id" is missing or not a simple name like order-delay'],
      [13, 'warning', 'unknown key "colour" is ignored'],
    ]);
  });

  it('is not knowledge: the indexer skips it', () => {
    expect(classify('replies.yaml')).toBeUndefined();
    expect(classify('kefu.yaml')).toBe('settings');
  });

  it('reports a file that is not a list', () => {
    expect(parseRepliesFile('replies.yaml', 'greet: hi').problems[0]).toMatchObject({ line: 1, severity: 'error' });
  });
});
