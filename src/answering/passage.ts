import { splitSentences } from '../retrieval/text/sentences';

/**
 * The most relevant part of a document chunk, trimmed to whole sentences: the sentence that shares most
 * words with the question, with its neighbours while they fit, in document order.
 */
export function extractPassage(text: string, queryTokens: Set<string>, tokenize: (text: string) => string[], maxChars = 320): string {
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
