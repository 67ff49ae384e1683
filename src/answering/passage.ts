import { splitSentences } from '../retrieval/text/sentences';

/**
 * The most relevant part of a document chunk, trimmed to whole sentences: the sentence that shares most
 * words with the question, with its neighbours while they fit, in document order.
 */
export function extractPassage(markdown: string, queryTokens: Set<string>, tokenize: (text: string) => string[], maxChars = 320): string {
  const text = tableRowsAsSentences(markdown);
  const sentences = splitSentences(text);
  if (sentences.length === 0) return '';
  if (text.length <= maxChars) return text.trim();
  const scores = sentences.map((sentence) => {
    const tokens = tokenize(sentence);
    return tokens.length === 0 ? 0 : tokens.filter((token) => queryTokens.has(token)).length / Math.sqrt(tokens.length);
  });
  const best = scores.indexOf(Math.max(...scores));
  let start = best;
  let end = best;
  let length = sentences[best].length;
  while (true) {
    const next = end + 1 < sentences.length ? sentences[end + 1].length : Infinity;
    const previous = start > 0 ? sentences[start - 1].length : Infinity;
    if (Math.min(next, previous) === Infinity || length + Math.min(next, previous) > maxChars) break;
    if (next <= previous) length += sentences[++end].length;
    else length += sentences[--start].length;
  }
  const passage = sentences.slice(start, end + 1).join(' ').replace(/\s+/g, ' ').replace(/([\u3400-\u9fff。！？；，]) (?=[\u3400-\u9fff])/g, '$1').trim();
  return passage.length > maxChars * 1.5 ? `${passage.slice(0, maxChars)}…` : passage;
}

const TABLE_ROW = /^\s*\|?(.*\|.*?)\|?\s*$/;
const TABLE_RULE = /^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$/;

/**
 * Markdown table rows read as sentences, so a passage quoted to a customer shows no pipes: a two-column row
 * "| Battery | 30 hours |" becomes "Battery: 30 hours.", a wider row names each cell by its column's heading
 * ("R3 — Battery: 150 min, Weight: 3 kg."); heading rows and rules are left out.
 */
export function tableRowsAsSentences(text: string): string {
  const lines = text.split('\n');
  const out: string[] = [];
  let headings: string[] | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (TABLE_RULE.test(line) && line.includes('-')) continue;
    const row = TABLE_ROW.exec(line);
    if (!row || !line.includes('|')) {
      headings = undefined;
      out.push(line);
      continue;
    }
    const cells = row[1].split('|').map((cell) => cell.trim());
    if (TABLE_RULE.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      headings = cells;
      continue;
    }
    const filled = cells.map((cell, index) => ({ cell, heading: headings?.[index] })).filter(({ cell }) => cell);
    if (filled.length === 0) continue;
    const sentence =
      filled.length <= 2 || !headings
        ? filled.map(({ cell }) => cell).join(': ')
        : `${filled[0].cell} — ${filled.slice(1).map(({ cell, heading }) => (heading ? `${heading}: ${cell}` : cell)).join(', ')}`;
    out.push(/[.。!！?？;；]$/.test(sentence) ? sentence : `${sentence}${/[\u3400-\u9fff]$/.test(sentence) ? '。' : '.'}`);
  }
  return out.join('\n');
}
