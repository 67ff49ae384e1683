import { FEATURE_PREFIX, Tokenizer } from '../text/tokenizer';
import type { EmbeddingModel } from './embedding-model';

/** Whole words say more than the character n-grams that back them up when spelling or segmentation differs. */
const FEATURE_WEIGHT = { word: 1, chineseBigram: 0.5, pinyinBigram: 0.5, latinTrigram: 0.25 };

/**
 * The offline embedding: the tokenizer's features (words, Chinese character and pinyin bigrams, Latin trigrams)
 * hashed into a fixed number of signed buckets, weighted by 1 + ln(tf), L2-normalised.
 *
 * It is lexical, not semantic: "refund" and "money back" meet only through configured synonyms, and
 * two texts without a shared feature have cosine ≈ 0 whatever they mean. What it buys is a vector
 * search that works with no model server, deterministic across runs and processes.
 *
 * Changing the tokenizer's rules or these weights changes the vector space: bump "hash-v1" then.
 */
export class LocalHashEmbedding implements EmbeddingModel {
  readonly id: string;

  constructor(
    private readonly tokenizer: Tokenizer,
    readonly dimensions = 512,
  ) {
    if (!Number.isInteger(dimensions) || dimensions < 2) {
      throw new RangeError(`dimensions must be an integer ≥ 2, got ${dimensions}`);
    }
    // synonyms and user words change the features, so vectors made under other settings must not mix
    const settings = tokenizer.fingerprint ? `:${tokenizer.fingerprint}` : '';
    this.id = `local:hash-v1:${dimensions}${settings}`;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /** The synchronous core, for callers that embed in a loop (calibration, benchmarks). */
  embed(text: string): number[] {
    return this.densify(this.embedFeatures(this.tokenizer.features(text)));
  }

  /**
   * The vector of a text already tokenised (the tokenizer's `features`), as its non-zero buckets: what the
   * in-process nearest-neighbour search reads, with no second tokenisation of stored phrases or of the question.
   */
  embedFeatures(features: readonly string[]): SparseVector {
    const counts = new Map<string, number>();
    for (const feature of features) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const buckets = new Map<number, number>();
    for (const [feature, count] of counts) {
      const hash = hash32(feature);
      const sign = hash & 0x80000000 ? -1 : 1; // signed buckets: collisions cancel out instead of piling up
      const bucket = hash % this.dimensions;
      buckets.set(bucket, (buckets.get(bucket) ?? 0) + sign * weightOf(feature) * (1 + Math.log(count)));
    }
    const sorted = [...buckets].filter(([, value]) => value !== 0).sort((a, b) => a[0] - b[0]);
    let sumOfSquares = 0;
    for (const [, value] of sorted) sumOfSquares += value * value;
    // a text with no features gets the first basis vector instead of zeros: pgvector's cosine distance to a zero
    // vector is NaN, which breaks ORDER BY and thresholds
    if (sumOfSquares === 0) return { index: Int32Array.of(0), value: Float64Array.of(1) };
    const norm = Math.sqrt(sumOfSquares);
    return { index: Int32Array.from(sorted, ([bucket]) => bucket), value: Float64Array.from(sorted, ([, value]) => value / norm) };
  }

  private densify(vector: SparseVector): number[] {
    const dense = new Array<number>(this.dimensions).fill(0);
    vector.index.forEach((bucket, i) => (dense[bucket] = vector.value[i]));
    return dense;
  }
}

/** A vector by its non-zero components: `value[i]` at dimension `index[i]`, dimensions increasing. */
export interface SparseVector {
  index: Int32Array;
  value: Float64Array | Float32Array;
}

function weightOf(feature: string): number {
  if (feature.startsWith(FEATURE_PREFIX.chineseBigram)) return FEATURE_WEIGHT.chineseBigram;
  if (feature.startsWith(FEATURE_PREFIX.pinyinBigram)) return FEATURE_WEIGHT.pinyinBigram;
  if (feature.startsWith(FEATURE_PREFIX.latinTrigram)) return FEATURE_WEIGHT.latinTrigram;
  return FEATURE_WEIGHT.word;
}

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so the low bits (the bucket) are well mixed. Unsigned. */
export function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
