import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict';
import { STOP_WORDS } from '../../src/retrieval/text/stop-words';

/**
 * The fixed baseline kefu is compared with (issue 11), kept apart from kefu's own tokenizer so that it cannot drift
 * with it: Okapi BM25 (k1 = 1.2, b = 0.75) over one document per entry (its question and similar phrasings joined, or
 * a document passage), tokens from jieba's cutForSearch with stock dictionary for Chinese and lower-cased words
 * without stop words for English; no stemming, no synonyms, no n-grams.
 */
const K1 = 1.2;
const B = 0.75;

let jieba: Jieba | undefined;

export function baselineTokens(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba
    .cutForSearch(text.toLowerCase(), true)
    .map((token) => token.trim())
    .filter((token) => /[\p{L}\p{N}]/u.test(token) && !STOP_WORDS.has(token));
}

export class BaselineBm25 {
  private readonly docs: Array<{ id: string; tf: Map<string, number>; length: number }> = [];
  private readonly df = new Map<string, number>();
  private totalLength = 0;

  constructor(documents: Map<string, string>) {
    for (const [id, text] of documents) {
      const tf = new Map<string, number>();
      const tokens = baselineTokens(text);
      for (const token of tokens) tf.set(token, (tf.get(token) ?? 0) + 1);
      for (const token of tf.keys()) this.df.set(token, (this.df.get(token) ?? 0) + 1);
      this.docs.push({ id, tf, length: tokens.length });
      this.totalLength += tokens.length;
    }
  }

  /** The id of the best-scoring document, undefined when no query word occurs anywhere. */
  top(query: string): string | undefined {
    const n = this.docs.length;
    const average = this.totalLength / Math.max(1, n);
    const words = [...new Set(baselineTokens(query))];
    let best: string | undefined;
    let bestScore = 0;
    for (const doc of this.docs) {
      let score = 0;
      for (const word of words) {
        const tf = doc.tf.get(word);
        if (!tf) continue;
        const df = this.df.get(word)!;
        const idf = Math.log(1 + (n - df + 0.5) / (df + 0.5));
        score += (idf * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * doc.length) / average));
      }
      if (score > bestScore) {
        bestScore = score;
        best = doc.id;
      }
    }
    return best;
  }
}
