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

/** A term's postings frozen for searching: the slots holding it and each one's BM25 term-frequency factor. */
interface FrozenPosting {
  slots: Int32Array;
  impacts: Float64Array;
}

/**
 * In-memory Okapi BM25 over pre-tokenised documents, built incrementally: documents live in numbered slots (reused
 * after removal). Searches go to `freeze()`'s immutable copy, rebuilt on the first search after a change.
 */
export class Bm25Index<K = string> {
  private readonly k1: number;
  private readonly b: number;
  private readonly slotOfKey = new Map<K, number>();
  private readonly documents: Array<Document<K> | undefined> = [];
  private readonly freeSlots: number[] = [];
  /** term → (slot → term frequency); a posting's size is the term's document frequency */
  private readonly postings = new Map<string, Map<number, number>>();
  private frozen?: FrozenBm25<K>;
  private totalLength = 0;

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
    this.frozen = undefined;
    const terms = countTokens(tokens);
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
    this.frozen = undefined;
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

  idf(token: string): number {
    return inverseDocumentFrequency(this.postings.get(token)?.size ?? 0, this.size);
  }

  /**
   * The index as it is now, for searching: typed arrays with the length-normalised term frequency precomputed, and
   * none of the maps that adding and removing need. A snapshot keeps only this: at 65,000 phrases the maps are
   * 190 MB of small objects that every major garbage collection would walk.
   */
  freeze(): FrozenBm25<K> {
    if (this.frozen) return this.frozen;
    const scoring = { k1: this.k1, b: this.b, averageLength: this.totalLength > 0 ? this.totalLength / this.size : 1 };
    const postings = new Map<string, FrozenPosting>();
    for (const [term, posting] of this.postings) {
      const slots = new Int32Array(posting.size);
      const impacts = new Float64Array(posting.size);
      let index = 0;
      for (const [slot, frequency] of posting) {
        slots[index] = slot;
        impacts[index++] = saturate(scoring, frequency, this.documents[slot]!.length);
      }
      postings.set(term, { slots, impacts });
    }
    const keys = this.documents.map((document) => document?.key);
    return (this.frozen = new FrozenBm25(keys, this.size, postings, scoring));
  }

  search(queryTokens: string[], limit: number): Array<Bm25Hit<K>> {
    return this.freeze().search(queryTokens, limit);
  }

  maxScore(queryTokens: string[]): number {
    return this.freeze().maxScore(queryTokens);
  }
}

/**
 * The index that adding every document to a new Bm25Index and freezing it gives, slot for slot, built without the
 * per-document and per-term maps that adding and removing need: a snapshot of 65,000 phrases is rebuilt after every
 * index change, and those maps were most of its time and garbage.
 */
export function buildFrozenBm25<K>(documents: ReadonlyArray<{ key: K; tokens: readonly string[] }>, options: Bm25Options = {}): FrozenBm25<K> {
  const termIds = new Map<string, number>();
  const documentFrequency: number[] = [];
  /** per term: the last document it was seen in, and where that document's (term, frequency) pair is */
  const lastDocument: number[] = [];
  const pairOfTerm: number[] = [];
  let tokenCount = 0;
  for (const document of documents) tokenCount += document.tokens.length;
  const pairTerm = new Int32Array(tokenCount);
  const pairFrequency = new Int32Array(tokenCount);
  const pairStart = new Int32Array(documents.length + 1);
  let pairs = 0;
  for (let slot = 0; slot < documents.length; slot++) {
    for (const token of documents[slot].tokens) {
      let term = termIds.get(token);
      if (term === undefined) {
        termIds.set(token, (term = documentFrequency.length));
        documentFrequency.push(0);
        lastDocument.push(-1);
        pairOfTerm.push(0);
      }
      if (lastDocument[term] === slot) {
        pairFrequency[pairOfTerm[term]]++;
        continue;
      }
      lastDocument[term] = slot;
      pairOfTerm[term] = pairs;
      pairTerm[pairs] = term;
      pairFrequency[pairs++] = 1;
      documentFrequency[term]++;
    }
    pairStart[slot + 1] = pairs;
  }
  const scoring = { k1: options.k1 ?? 1.2, b: options.b ?? 0.75, averageLength: tokenCount > 0 ? tokenCount / documents.length : 1 };
  const termStart = new Int32Array(documentFrequency.length + 1);
  for (let term = 0; term < documentFrequency.length; term++) termStart[term + 1] = termStart[term] + documentFrequency[term];
  const cursor = termStart.slice(0, documentFrequency.length);
  const slots = new Int32Array(pairs);
  const impacts = new Float64Array(pairs);
  for (let slot = 0; slot < documents.length; slot++) {
    const length = documents[slot].tokens.length;
    for (let pair = pairStart[slot]; pair < pairStart[slot + 1]; pair++) {
      const at = cursor[pairTerm[pair]]++;
      slots[at] = slot;
      impacts[at] = saturate(scoring, pairFrequency[pair], length);
    }
  }
  const postings = new Map<string, FrozenPosting>();
  for (const [token, term] of termIds) postings.set(token, { slots: slots.subarray(termStart[term], termStart[term + 1]), impacts: impacts.subarray(termStart[term], termStart[term + 1]) });
  return new FrozenBm25(
    documents.map((document) => document.key),
    documents.length,
    postings,
    scoring,
  );
}

interface Scoring {
  k1: number;
  b: number;
  averageLength: number;
}

/** A BM25 index that no longer changes (Bm25Index.freeze): what searching needs and nothing else. */
export class FrozenBm25<K> {
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  /** scratch space for topSlots, kept between searches: a query's common n-grams touch tens of thousands of slots */
  private readonly selection: Float64Array;

  constructor(
    /** the document in each slot (undefined: a free slot) */
    private readonly keys: ReadonlyArray<K | undefined>,
    readonly size: number,
    private readonly postings: ReadonlyMap<string, FrozenPosting>,
    private readonly scoring: Scoring,
  ) {
    this.scores = new Float64Array(keys.length);
    this.touched = new Int32Array(keys.length);
    this.selection = new Float64Array(keys.length);
  }

  /** Inverse document frequency with Lucene's +1, so a term in every document still scores above zero. */
  idf(token: string): number {
    return inverseDocumentFrequency(this.postings.get(token)?.slots.length ?? 0, this.size);
  }

  /** Calls `visit` with every document holding `token`; false, visiting none, when more than `limit` hold it. */
  forEachDocumentWith(token: string, limit: number, visit: (key: K) => void): boolean {
    const slots = this.postings.get(token)?.slots;
    if (!slots) return true;
    if (slots.length > limit) return false;
    for (let index = 0; index < slots.length; index++) visit(this.keys[slots[index]]!);
    return true;
  }

  /** Whether any document holds this token. */
  has(token: string): boolean {
    return this.postings.has(token);
  }

  /** The best `limit` documents sharing at least one token with the query, best first; equal scores in slot order. */
  search(queryTokens: string[], limit: number): Array<Bm25Hit<K>> {
    return this.searchWeighted(countTokens(queryTokens), limit);
  }

  /**
   * `search` with a weight per query term instead of its count: a term added by query expansion (a synonym, a
   * translation) counts for a fraction of a term the customer typed.
   */
  searchWeighted(queryTerms: ReadonlyMap<string, number>, limit: number): Array<Bm25Hit<K>> {
    if (limit <= 0 || this.size === 0) return [];
    const { scores, touched } = this;
    let touchedCount = 0;
    for (const [term, queryWeight] of queryTerms) {
      const posting = this.postings.get(term);
      if (!posting) continue;
      const weight = queryWeight * this.idf(term);
      const { slots, impacts } = posting;
      for (let index = 0; index < slots.length; index++) {
        const slot = slots[index];
        if (scores[slot] === 0) touched[touchedCount++] = slot;
        scores[slot] += weight * impacts[index];
      }
    }
    const best = topSlots(touched.subarray(0, touchedCount), scores, limit, this.selection).map((slot) => ({ key: this.keys[slot]!, score: scores[slot] }));
    for (let index = 0; index < touchedCount; index++) scores[touched[index]] = 0;
    return best;
  }

  /**
   * The score the query would get against a document made of exactly its own tokens: an upper bound
   * for normalising scores into 0..1. Tokens the index has never seen count too (with the highest idf),
   * so a query that is mostly unknown words cannot reach a high normalised score.
   */
  maxScore(queryTokens: string[]): number {
    let score = 0;
    for (const [term, frequency] of countTokens(queryTokens)) {
      score += frequency * this.idf(term) * saturate(this.scoring, frequency, queryTokens.length);
    }
    return score;
  }

  /** `maxScore` of a weighted query, each term counted once in the ideal document. */
  maxScoreWeighted(queryTerms: ReadonlyMap<string, number>): number {
    let score = 0;
    for (const [term, weight] of queryTerms) score += weight * this.idf(term) * saturate(this.scoring, 1, queryTerms.size);
    return score;
  }
}

function inverseDocumentFrequency(documentFrequency: number, documents: number): number {
  return Math.log(1 + (documents - documentFrequency + 0.5) / (documentFrequency + 0.5));
}

/** The term-frequency part of BM25: grows with tf, saturating at k1 + 1, shrinking for long documents. */
function saturate({ k1, b, averageLength }: Scoring, frequency: number, documentLength: number): number {
  const lengthNorm = 1 - b + (b * documentLength) / averageLength;
  return (frequency * (k1 + 1)) / (frequency + k1 * lengthNorm);
}

export function countTokens(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  return counts;
}

/**
 * The slots with the `limit` highest scores, best first, ties to the lower slot so results are stable. A query's
 * common n-grams touch tens of thousands of documents, so the cut-off score is found by selection (linear on average)
 * and only the documents above it are sorted.
 */
function topSlots(slots: Int32Array, scores: Float64Array, limit: number, scratch: Float64Array): number[] {
  const ranksBefore = (a: number, b: number) => scores[b] - scores[a] || a - b;
  if (slots.length <= limit) return Array.from(slots).sort(ranksBefore);
  const values = scratch.subarray(0, slots.length);
  for (let index = 0; index < slots.length; index++) values[index] = scores[slots[index]];
  const cutoff = kthLargest(values, limit);
  const above: number[] = [];
  const atCutoff: number[] = [];
  for (const slot of slots) {
    if (scores[slot] > cutoff) above.push(slot);
    else if (scores[slot] === cutoff) atCutoff.push(slot);
  }
  atCutoff.sort((a, b) => a - b);
  return above.concat(atCutoff.slice(0, limit - above.length)).sort(ranksBefore);
}

/** The k-th largest value (1-based) by quickselect; reorders `values`. */
function kthLargest(values: Float64Array, k: number): number {
  let low = 0;
  let high = values.length - 1;
  const target = k - 1;
  while (low < high) {
    const pivot = values[(low + high) >>> 1];
    let i = low;
    let j = high;
    while (i <= j) {
      while (values[i] > pivot) i++;
      while (values[j] < pivot) j--;
      if (i <= j) {
        const swap = values[i];
        values[i++] = values[j];
        values[j--] = swap;
      }
    }
    if (target <= j) high = j;
    else if (target >= i) low = i;
    else return values[target];
  }
  return values[target];
}
