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
    const counts = new Map<string, number>();
    for (const feature of this.tokenizer.features(text)) counts.set(feature, (counts.get(feature) ?? 0) + 1);

    const vector = new Array<number>(this.dimensions).fill(0);
    for (const [feature, count] of counts) {
      const hash = hash32(feature);
      const sign = hash & 0x80000000 ? -1 : 1; // signed buckets: collisions cancel out instead of piling up
      vector[hash % this.dimensions] += sign * weightOf(feature) * (1 + Math.log(count));
    }
    return normalizeL2(vector);
  }
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

/**
 * Unit length. A text with no features (empty, emoji only) gets the first basis vector instead of
 * zeros: pgvector's cosine distance to a zero vector is NaN, which breaks ORDER BY and thresholds.
 */
function normalizeL2(vector: number[]): number[] {
  let sumOfSquares = 0;
  for (const value of vector) sumOfSquares += value * value;
  if (sumOfSquares === 0) {
    vector[0] = 1;
    return vector;
  }
  const norm = Math.sqrt(sumOfSquares);
  return vector.map((value) => value / norm);
}
