import { splitSentences } from '../retrieval/text/sentences';
import { extractPassage, tableRowsAsSentences } from './passage';

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

  it('reads Markdown table rows as sentences, without pipes', () => {
    const table = '| Item | Detail |\n|---|---|\n| Battery (with case) | 30 hours in total |\n| Charging | 2 hours |';
    expect(tableRowsAsSentences(table)).toBe('Battery (with case): 30 hours in total.\nCharging: 2 hours.');
    const wide = '| Model | Battery | Weight |\n| :-- | --: | --- |\n| R3 | 150 min | 3 kg |';
    expect(tableRowsAsSentences(wide)).toBe('R3 — Battery: 150 min, Weight: 3 kg.');
    expect(extractPassage(`Specs:\n${table}`, new Set(['battery']), tokenize)).not.toContain('|');
    expect(tableRowsAsSentences('Plain text.\nNo table.')).toBe('Plain text.\nNo table.');
  });
});
