export interface Bm25Options {
  /** how quickly repeating a term stops adding to the score */
  k1?: number;
  /** how much a long document is penalised: 0 none, 1 fully in proportion to its length */
  b?: number;
}

export interface Bm25Hit<K> {
  key: K;
  score: number;
}

interface Document<K> {
  key: K;
  length: number;
  /** term → frequency in this document */
  terms: Map<string, number>;
}

/**
 * In-memory Okapi BM25 over pre-tokenised documents. Documents live in numbered slots (reused after
 * removal) so a search adds scores into one flat array instead of a map per query.
 */
export class Bm25Index<K = string> {
  private readonly k1: number;
  private readonly b: number;
  private readonly slotOfKey = new Map<K, number>();
  private readonly documents: Array<Document<K> | undefined> = [];
  private readonly freeSlots: number[] = [];
  /** term → (slot → term frequency); a posting's size is the term's document frequency */
  private readonly postings = new Map<string, Map<number, number>>();
  private totalLength = 0;
  private scores = new Float64Array(0);

  constructor(options: Bm25Options = {}) {
    this.k1 = options.k1 ?? 1.2;
    this.b = options.b ?? 0.75;
  }

  get size(): number {
    return this.slotOfKey.size;
  }

  has(key: K): boolean {
    return this.slotOfKey.has(key);
  }

  /** Adds a document, replacing the one with the same key. */
  add(key: K, tokens: string[]): void {
    this.remove(key);
    const terms = new Map<string, number>();
    for (const token of tokens) terms.set(token, (terms.get(token) ?? 0) + 1);

    const slot = this.freeSlots.pop() ?? this.documents.length;
    this.documents[slot] = { key, length: tokens.length, terms };
    this.slotOfKey.set(key, slot);
    this.totalLength += tokens.length;
    for (const [term, frequency] of terms) {
      let posting = this.postings.get(term);
      if (!posting) this.postings.set(term, (posting = new Map()));
      posting.set(slot, frequency);
    }
  }

  /** Removes a document; returns whether it was there. */
  remove(key: K): boolean {
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) return false;
    const document = this.documents[slot]!;
    for (const term of document.terms.keys()) {
      const posting = this.postings.get(term)!;
      posting.delete(slot);
      if (posting.size === 0) this.postings.delete(term);
    }
    this.totalLength -= document.length;
    this.documents[slot] = undefined;
    this.freeSlots.push(slot);
    this.slotOfKey.delete(key);
    return true;
  }

  /** Inverse document frequency with Lucene's +1, so a term in every document still scores above zero. */
  idf(token: string): number {
    const documentFrequency = this.postings.get(token)?.size ?? 0;
    return Math.log(1 + (this.size - documentFrequency + 0.5) / (documentFrequency + 0.5));
  }

  /** The best `limit` documents sharing at least one token with the query, best first; equal scores in slot order. */
  search(queryTokens: string[], limit: number): Array<Bm25Hit<K>> {
    if (limit <= 0 || this.size === 0) return [];
    if (this.scores.length < this.documents.length) this.scores = new Float64Array(this.documents.length * 2);
    const scores = this.scores;
    const touched: number[] = [];
    const averageLength = this.averageLength();

    for (const [term, queryFrequency] of countTokens(queryTokens)) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const weight = queryFrequency * this.idf(term);
      for (const [slot, frequency] of posting) {
        if (scores[slot] === 0) touched.push(slot);
        scores[slot] += weight * this.saturate(frequency, this.documents[slot]!.length, averageLength);
      }
    }

    const best = topSlots(touched, scores, limit).map((slot) => ({ key: this.documents[slot]!.key, score: scores[slot] }));
    for (const slot of touched) scores[slot] = 0;
    return best;
  }

  /**
   * The score the query would get against a document made of exactly its own tokens: an upper bound
   * for normalising scores into 0..1. Tokens the index has never seen count too (with the highest idf),
   * so a query that is mostly unknown words cannot reach a high normalised score.
   */
  maxScore(queryTokens: string[]): number {
    let score = 0;
    const averageLength = this.averageLength();
    for (const [term, frequency] of countTokens(queryTokens)) {
      score += frequency * this.idf(term) * this.saturate(frequency, queryTokens.length, averageLength);
    }
    return score;
  }

  /** The term-frequency part of BM25: grows with tf, saturating at k1 + 1, shrinking for long documents. */
  private saturate(frequency: number, documentLength: number, averageLength: number): number {
    const lengthNorm = 1 - this.b + (this.b * documentLength) / averageLength;
    return (frequency * (this.k1 + 1)) / (frequency + this.k1 * lengthNorm);
  }

  private averageLength(): number {
    return this.totalLength > 0 ? this.totalLength / this.size : 1;
  }
}

function countTokens(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/** The slots with the `limit` highest scores, best first, ties to the lower slot so results are stable. */
function topSlots(slots: number[], scores: Float64Array, limit: number): number[] {
  const ranksBefore = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
  if (limit > 64) return [...slots].sort((a, b) => (ranksBefore(a, b) ? -1 : 1)).slice(0, limit);

  // a short sorted list beats sorting tens of thousands of hits to keep twenty
  const best: number[] = [];
  for (const slot of slots) {
    if (best.length === limit && !ranksBefore(slot, best[limit - 1])) continue;
    let position = best.length;
    while (position > 0 && ranksBefore(slot, best[position - 1])) position--;
    best.splice(position, 0, slot);
    if (best.length > limit) best.pop();
  }
  return best;
}
