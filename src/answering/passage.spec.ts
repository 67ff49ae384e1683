import { splitSentences } from '../retrieval/text/sentences';
import { extractPassage } from './passage';

const tokenize = (text: string) => text.toLowerCase().match(/[a-z0-9]+|[\u3400-\u9fff]/g) ?? [];

describe('extractPassage', () => {
  it('splits Chinese and English sentences', () => {
    expect(splitSentences('第一句。第二句！Third one. Fourth?')).toEqual(['第一句。', '第二句！', 'Third one.', 'Fourth?']);
  });

  it('keeps a short text whole', () => {
    expect(extractPassage('E3 means the brush is stuck. Clean it.', new Set(['e3']), tokenize)).toBe('E3 means the brush is stuck. Clean it.');
  });

  it('picks the sentence about the question with neighbours, whole sentences only', () => {
    const filler = 'The vacuum has many features that customers enjoy every day. ';
    const text = `${filler.repeat(6)}Error E3 means the main brush is stuck; remove hair from it. Then restart the robot. ${filler.repeat(6)}`;
    const passage = extractPassage(text, new Set(['e3', 'brush']), tokenize, 160);
    expect(passage).toContain('Error E3 means the main brush is stuck;');
    expect(passage.length).toBeLessThanOrEqual(160);
    expect(passage).toMatch(/[.;]$/);
    expect(passage).not.toMatch(/^[a-z]/);
  });
});
