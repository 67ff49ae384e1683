import type { SparseVector } from './local-embedding';

export interface VectorHit<K> {
  key: K;
  /** cosine similarity (the vectors are unit length) */
  similarity: number;
}

/**
 * Exact nearest neighbours by cosine over unit vectors with few non-zero dimensions (the local hashed embedding's),
 * in memory: an inverted index dimension → (vector, value), so a question reads only the dimensions it has.
 *
 * Why not pgvector for these: a question's vector has a few dozen non-zero buckets, so the exact search costs less
 * CPU than the database round trip to an approximate (HNSW) one, and the embedded database serves one statement at a
 * time, so every question would queue behind the others' vector queries and behind an index build.
 */
export class SparseVectorIndex<K> {
  /** dimension → (slot, value): what a search reads */
  private readonly start: Int32Array;
  private readonly slots: Int32Array;
  private readonly values: Float32Array;
  /** slot → (dimension, value): each vector as built, for the next index to reuse */
  private readonly rows: { start: Int32Array; index: Int32Array; value: Float32Array };
  private slotOfKey?: Map<K, number>;
  /** scratch space of `search`: one score per vector, all 0 between searches */
  private readonly scores: Float32Array;

  /**
   * The vectors of `keys`: those `previous` holds (the index of an older snapshot, in the same vector space) are
   * copied from it, the others made by `vectorOf`, so an edit embeds only its own phrases.
   */
  static build<K>(keys: readonly K[], dimensions: number, vectorOf: (key: K) => SparseVector, previous?: SparseVectorIndex<K>): SparseVectorIndex<K> {
    const rowStart = new Int32Array(keys.length + 1);
    let index = new Int32Array(keys.length * 16);
    let value = new Float32Array(keys.length * 16);
    let at = 0;
    const reserve = (more: number) => {
      if (at + more <= index.length) return;
      const size = Math.max(at + more, index.length * 2);
      const [grownIndex, grownValue] = [new Int32Array(size), new Float32Array(size)];
      grownIndex.set(index.subarray(0, at));
      grownValue.set(value.subarray(0, at));
      [index, value] = [grownIndex, grownValue];
    };
    keys.forEach((key, slot) => {
      const kept = previous?.row(key);
      const vector = kept ?? vectorOf(key);
      reserve(vector.index.length);
      index.set(vector.index, at);
      value.set(vector.value, at);
      at += vector.index.length;
      rowStart[slot + 1] = at;
    });
    return new SparseVectorIndex(keys, { start: rowStart, index: index.slice(0, at), value: value.slice(0, at) }, dimensions);
  }

  private constructor(
    private readonly keys: readonly K[],
    rows: { start: Int32Array; index: Int32Array; value: Float32Array },
    readonly dimensions: number,
  ) {
    this.rows = rows;
    const start = new Int32Array(dimensions + 1);
    for (const dimension of rows.index) start[dimension + 1]++;
    for (let dimension = 0; dimension < dimensions; dimension++) start[dimension + 1] += start[dimension];
    const fill = start.slice(0, dimensions);
    this.slots = new Int32Array(rows.index.length);
    this.values = new Float32Array(rows.index.length);
    for (let slot = 0; slot < keys.length; slot++) {
      for (let p = rows.start[slot]; p < rows.start[slot + 1]; p++) {
        const at = fill[rows.index[p]]++;
        this.slots[at] = slot;
        this.values[at] = rows.value[p];
      }
    }
    this.start = start;
    this.scores = new Float32Array(keys.length);
  }

  /** The vector stored for a key, if any. */
  private row(key: K): { index: Int32Array; value: Float32Array } | undefined {
    this.slotOfKey ??= new Map(this.keys.map((each, slot) => [each, slot]));
    const slot = this.slotOfKey.get(key);
    if (slot === undefined) return undefined;
    return { index: this.rows.index.subarray(this.rows.start[slot], this.rows.start[slot + 1]), value: this.rows.value.subarray(this.rows.start[slot], this.rows.start[slot + 1]) };
  }

  get size(): number {
    return this.keys.length;
  }

  /** The `limit` vectors most similar to `query` (a unit vector), most similar first; vectors sharing no dimension with it are left out. */
  search(query: SparseVector, limit: number): Array<VectorHit<K>> {
    const { start, slots, values, scores } = this;
    for (let i = 0; i < query.index.length; i++) {
      const dimension = query.index[i];
      if (dimension >= this.dimensions) continue;
      const weight = query.value[i];
      for (let p = start[dimension]; p < start[dimension + 1]; p++) scores[slots[p]] += values[p] * weight;
    }
    const best = topScores(scores, limit).map((slot) => ({ key: this.keys[slot], similarity: scores[slot] }));
    scores.fill(0);
    return best;
  }
}

/** The slots of the `limit` highest positive scores, highest first (ties: the lower slot first). */
function topScores(scores: Float32Array, limit: number): number[] {
  const best: number[] = [];
  let floor = 0; // once the list is full, its last score
  for (let slot = 0; slot < scores.length; slot++) {
    const score = scores[slot];
    if (score <= 0 || (best.length === limit && score <= floor)) continue;
    let position = best.length;
    while (position > 0 && scores[best[position - 1]] < score) position--;
    best.splice(position, 0, slot);
    if (best.length > limit) best.pop();
    if (best.length === limit) floor = scores[best[limit - 1]];
  }
  return best;
}
