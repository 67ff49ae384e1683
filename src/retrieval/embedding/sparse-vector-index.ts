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
  private readonly start: Int32Array;
  private readonly slots: Int32Array;
  private readonly values: Float32Array;
  /** scratch space of `search`: one score per vector, all 0 between searches */
  private readonly scores: Float32Array;

  constructor(
    private readonly keys: readonly K[],
    vectors: readonly SparseVector[],
    readonly dimensions: number,
  ) {
    const start = new Int32Array(dimensions + 1);
    for (const vector of vectors) for (const dimension of vector.index) start[dimension + 1]++;
    for (let dimension = 0; dimension < dimensions; dimension++) start[dimension + 1] += start[dimension];
    const fill = start.slice(0, dimensions);
    this.slots = new Int32Array(start[dimensions]);
    this.values = new Float32Array(start[dimensions]);
    vectors.forEach((vector, slot) => {
      for (let i = 0; i < vector.index.length; i++) {
        const at = fill[vector.index[i]]++;
        this.slots[at] = slot;
        this.values[at] = vector.value[i];
      }
    });
    this.start = start;
    this.scores = new Float32Array(vectors.length);
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
