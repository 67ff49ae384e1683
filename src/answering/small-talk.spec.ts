import { detectSmallTalk, stripPleasantries } from './small-talk';

describe('small talk', () => {
  it.each([
    ['你好', 'greeting'],
    ['Hi!!', 'greeting'],
    ['在吗？', 'greeting'],
    ['谢谢 😊', 'thanks'],
    ['Thank you so much', 'thanks'],
    ['bye', 'goodbye'],
    ['好的', 'acknowledgement'],
    ['👍', 'acknowledgement'],
    ['😡😡😡', 'upset'],
    ['👎', 'upset'],
    ['？？？', 'puzzled'],
    ['???', 'puzzled'],
  ])('%s → %s', (text, kind) => {
    expect(detectSmallTalk(text)).toBe(kind);
  });

  it.each(['你好，我想退货', 'hi, where is my order?', 'thanks but the refund has not arrived', '好的那运费谁出'])('a real question is not small talk: %s', (text) => {
    expect(detectSmallTalk(text)).toBeUndefined();
  });

  it('strips a greeting in front of a question', () => {
    expect(stripPleasantries('你好，我想退货')).toBe('我想退货');
    expect(stripPleasantries('Hello! Where is my order?')).toBe('Where is my order?');
    expect(stripPleasantries('你好')).toBe('你好');
  });
});
