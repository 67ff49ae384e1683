import type { Featurizer } from './intent-features';
import { seededRandom } from './seeded-random';

export interface TrainingExample {
  /** the class, e.g. an FAQ entry's id */
  label: string;
  /** one phrasing of it: the entry's question or one of its `similar` lines */
  text: string;
}

export interface ClassPrediction {
  label: string;
  /** softmax probability over all labels */
  probability: number;
}

export interface IntentClassifierOptions {
  /** passes over the examples (default 6) */
  epochs?: number;
  /** SGD step size at the first epoch, decaying linearly towards 0 (default 2) */
  learningRate?: number;
  /** hard negatives updated with the gold label per example: the labels whose centroids score it highest (default 8) */
  negatives?: number;
  /** features are weighted by idf^idfPower (default 0.5; 0 = no idf, 1 = plain idf) */
  idfPower?: number;
  /** seed of the example shuffle (default 1): same examples and options, same model */
  seed?: number;
}

/** One distinct feature of a query, for the out-of-scope signals. */
export interface QueryTerm {
  feature: string;
  /** idf over the training texts; features never seen in training get the highest idf (df = 0) */
  idf: number;
  /** whether any training text has it */
  known: boolean;
}

/** What one classification produced: the ranking, the whole distribution and the query's features. */
export interface IntentAnalysis {
  /** the best `limit` labels, most probable first */
  predictions: ClassPrediction[];
  /** the shape of the whole distribution over labels */
  distribution: DistributionSummary;
  /** the best label's linear score before the softmax (0 when no feature of the query is known) */
  topScore: number;
  terms: QueryTerm[];
}

/** The top two probabilities and the entropy of a distribution over labels. */
export interface DistributionSummary {
  first: number;
  second: number;
  /** entropy divided by ln(labels): 0 = one label certain, 1 = uniform */
  entropy: number;
}

/**
 * The shape of the softmax on the score board, without a logarithm per label: with p = e^(s − max) / sum, the
 * entropy −Σ p·ln p equals ln(sum) − Σ p·(s − max). Untouched labels score 0.
 */
function summarizeSoftmax(board: ScoreBoard, labelCount: number, max: number, sum: number): DistributionSummary {
  let first = 0;
  let second = 0;
  let weighted = 0;
  const consider = (probability: number) => {
    if (probability > first) [first, second] = [probability, first];
    else if (probability > second) second = probability;
  };
  for (let k = 0; k < board.count; k++) {
    const label = board.touched[k];
    const probability = board.exps[label] / sum;
    consider(probability);
    weighted += probability * (board.scores[label] - max);
  }
  const untouched = labelCount - board.count;
  if (untouched > 0) {
    const rest = Math.exp(-max) / sum;
    consider(rest);
    if (untouched > 1) consider(rest);
    weighted -= untouched * rest * max;
  }
  const entropy = labelCount > 1 ? Math.max(0, Math.log(sum) - weighted) / Math.log(labelCount) : 0;
  return { first, second, entropy };
}

interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}

/** A sparse matrix in compressed rows: row r's entries are `index[start[r]] … index[start[r + 1] - 1]`. */
export interface SparseRows {
  start: Int32Array;
  index: Int32Array;
  value: Float32Array;
}

export const DEFAULTS: Required<IntentClassifierOptions> = { epochs: 6, learningRate: 2, negatives: 8, idfPower: 0.5, seed: 1 };
/**
 * A feature that more labels than this use ("=how", "#怎么") is skipped when looking for a phrasing's hard
 * negatives: reading its postings costs more than it tells (only deployments of over 1,000 labels have any).
 */
export const COMMON_FEATURE_LABELS = 1000;
/**
 * Trained weights smaller than this are dropped: most are the faint negative weights of labels that
 * were a phrasing's negative once; dropping them halves the postings read at 10,000 labels, same accuracy.
 */
const NEGLIGIBLE_WEIGHT = 0.01;
/** Gradients smaller than this are skipped: a confidently rejected negative needs no update. */
const MIN_GRADIENT = 1e-4;
/**
 * A feature with weights for more than this share of the labels is also kept as a dense row (one weight per label):
 * adding a row in label order costs a fraction of scattering as many postings. At 10,000 labels trained on answers,
 * words like "the" and "my" have a weight for every label and make up most of a question's postings.
 */
const DENSE_ROW_SHARE = 0.25;

/**
 * A per-deployment intent classifier: a linear softmax model over sparse, idf-weighted, L2-normalised
 * features, trained at index time from the labelled phrasings (every FAQ entry is a label).
 *
 * Why this model, for 100–10,000 labels with 2–6 examples each, < 10 s training and < 2 ms prediction:
 * - A full softmax costs labels × features per SGD step (10,000 × 20 per example: minutes). So each
 *   step updates only the gold label and the `negatives` labels whose TF-IDF centroids (Rocchio) score
 *   the example highest, chosen once before training; every other label is counted in the partition
 *   function at score 0, what a label sharing no feature with the text scores, so training's softmax is
 *   prediction's softmax over all labels and the probabilities hold at 10,000 labels as at 150.
 * - Weights exist only for (label, feature) pairs some update touched, allocated before training: SGD
 *   runs over typed arrays, and the trained weights become an inverted index (feature → labels), so a
 *   prediction reads only the postings of the query's features, like BM25, then one softmax over labels.
 * - Measured on CLINC150 (150 labels, test top-1; test/bench/classifier.bench.ts): TF-IDF centroids
 *   alone 0.82, a full softmax (every label updated every step) 0.91, this model 0.91, and 0.92 with
 *   intentFeaturizer's subwords; with 5 random examples per label 0.75 (BM25 0.60). A label bias,
 *   Adagrad, feature dropout, centroid initialisation, 16 or 30 negatives instead of 8, more epochs and
 *   plain idf instead of √idf did not pay.
 */
/** A trained classifier without its featurizer: plain arrays, a Map and typed arrays, so it crosses worker threads. */
export interface IntentClassifierModel {
  labels: string[];
  featureIds: Map<string, number>;
  featureWeights: Float32Array;
  idfs: Float32Array;
  unknownIdf: number;
  idfPower: number;
  postings: SparseRows;
}

export class IntentClassifier {
  /** scratch space of `analyze`, made on first use */
  private board?: ScoreBoard;

  /** Rebuilds a classifier trained elsewhere (a worker thread); `featurize` must be the one it was trained with. */
  static fromModel(model: IntentClassifierModel, featurize: Featurizer): IntentClassifier {
    return new IntentClassifier(model.labels, featurize, model.featureIds, model.featureWeights, model.idfs, model.unknownIdf, model.idfPower, model.postings);
  }

  toModel(): IntentClassifierModel {
    return {
      labels: [...this.labels],
      featureIds: new Map(this.featureIds),
      featureWeights: this.featureWeights,
      idfs: this.idfs,
      unknownIdf: this.unknownIdf,
      idfPower: this.idfPower,
      postings: this.postings,
    };
  }

  private constructor(
    readonly labels: readonly string[],
    private readonly featurize: Featurizer,
    private readonly featureIds: ReadonlyMap<string, number>,
    /** idf^idfPower per feature id */
    private readonly featureWeights: Float32Array,
    /** idf per feature id */
    private readonly idfs: Float32Array,
    /** the idf a feature unseen in training gets (df = 0) */
    private readonly unknownIdf: number,
    private readonly idfPower: number,
    /** feature → (label, weight) */
    private readonly postings: SparseRows,
  ) {
    this.denseRows = denseRowsOf(postings, labels.length);
  }

  /** the weights of the features most labels have, per label (0 where a label has none), by feature id */
  private readonly denseRows: ReadonlyMap<number, Float32Array>;

  static train(examples: TrainingExample[], featurize: Featurizer, options: IntentClassifierOptions = {}): IntentClassifier {
    const settings = { ...DEFAULTS, ...options };
    const labels: string[] = [];
    const labelIds = new Map<string, number>();
    for (const { label } of examples) {
      if (!labelIds.has(label)) labelIds.set(label, labels.push(label) - 1);
    }
    const gold = Int32Array.from(examples, ({ label }) => labelIds.get(label)!);

    const { featureIds, counts, documentFrequency } = countFeatures(examples, featurize);
    const idfs = Float32Array.from(documentFrequency, (df) => idfOf(df, examples.length));
    const featureWeights = idfs.map((idf) => idf ** settings.idfPower);
    const unknownIdf = idfOf(0, examples.length);
    const vectors = weighAndNormalize(counts, featureWeights);

    const candidates = hardNegatives(vectors, gold, labels.length, featureIds.size, settings.negatives);
    const weights = transpose(withoutNegligible(trainSoftmax(vectors, candidates, labels.length, featureIds.size, settings)), featureIds.size);
    return new IntentClassifier(labels, featurize, featureIds, featureWeights, idfs, unknownIdf, settings.idfPower, weights);
  }

  /** The most probable labels, best first (ties: the label first seen in training first). */
  predict(text: string, limit = 5): ClassPrediction[] {
    if (this.labels.length === 0) return [];
    const { board, max, sum } = this.score(this.vectorize(text));
    const predictions = board
      .best(Math.min(limit, this.labels.length), true)
      .map((label) => ({ label: this.labels[label], probability: Math.exp(board.scores[label] - max) / sum }));
    board.clear();
    return predictions;
  }

  /** `predict` plus what the out-of-scope signals read: the full distribution and the query's features. */
  analyze(text: string, limit = 5, tokenizerFeatures?: readonly string[]): IntentAnalysis {
    const terms: QueryTerm[] = [];
    const query = this.vectorize(text, terms, tokenizerFeatures);
    const labelCount = this.labels.length;
    if (labelCount === 0) return { predictions: [], distribution: { first: 0, second: 0, entropy: 0 }, topScore: 0, terms };
    const { board, max, sum } = this.score(query);
    const rest = Math.exp(-max) / sum;
    const best = board.best(Math.min(limit, labelCount), true);
    const predictions = best.map((label) => ({ label: this.labels[label], probability: board.marked[label] ? board.exps[label] / sum : rest }));
    const distribution = summarizeSoftmax(board, labelCount, max, sum);
    board.clear();
    return { predictions, distribution, topScore: max, terms };
  }

  /**
   * Adds up the query's label scores on the shared board (the caller clears it) and returns the softmax's
   * maximum and normaliser. Labels sharing no feature with the query all score 0: one exp for all of them.
   */
  private score(query: SparseVector): { board: ScoreBoard; max: number; sum: number } {
    const board = (this.board ??= new ScoreBoard(this.labels.length));
    const { start, index, value } = this.postings;
    const { scores, touched, marked, exps } = board;
    const labelCount = this.labels.length;
    let count = board.count;
    let postings = 0;
    let denseFeatures = 0;
    for (let i = 0; i < query.index.length; i++) {
      postings += start[query.index[i] + 1] - start[query.index[i]];
      if (this.denseRows.has(query.index[i])) denseFeatures++;
    }
    if (count === 0 && (postings >= labelCount || denseFeatures > 0)) {
      // a question of common words and n-grams reaches most labels of a large folder: put them all on the board at
      // once and add without bookkeeping, the dense rows four at a time (labels it does not reach keep 0, as untouched
      // ones would)
      for (let label = 0; label < labelCount; label++) {
        marked[label] = 1;
        touched[label] = label;
      }
      count = labelCount;
      const rows: Float32Array[] = [];
      const rowWeights: number[] = [];
      for (let i = 0; i < query.index.length; i++) {
        const feature = query.index[i];
        const weight = query.value[i];
        const row = this.denseRows.get(feature);
        if (row) {
          rows.push(row);
          rowWeights.push(weight);
        } else {
          for (let p = start[feature]; p < start[feature + 1]; p++) scores[index[p]] += value[p] * weight;
        }
      }
      addDenseRows(scores, rows, rowWeights, labelCount);
    } else {
      // the hot loop of answering on large folders (tens of thousands of postings per question): ScoreBoard.add inlined
      for (let i = 0; i < query.index.length; i++) {
        const feature = query.index[i];
        const weight = query.value[i];
        for (let p = start[feature]; p < start[feature + 1]; p++) {
          const label = index[p];
          if (marked[label] === 0) {
            marked[label] = 1;
            touched[count++] = label;
          }
          scores[label] += value[p] * weight;
        }
      }
    }
    board.count = count;
    const untouched = labelCount - count;
    let max = untouched > 0 ? 0 : -Infinity;
    for (let k = 0; k < count; k++) if (scores[touched[k]] > max) max = scores[touched[k]];
    let sum = untouched * Math.exp(-max);
    for (let k = 0; k < count; k++) sum += exps[touched[k]] = Math.exp(scores[touched[k]] - max);
    return { board, max, sum };
  }

  /**
   * The query as a normalised vector over the known features; unknown ones still count in its norm, so a
   * query made mostly of words the folder never uses cannot score as high as one made of its words. Each
   * distinct feature goes to `terms` when given.
   */
  private vectorize(text: string, terms?: QueryTerm[], tokenizerFeatures?: readonly string[]): SparseVector {
    const counts = new Map<string, number>();
    for (const feature of this.featurize(text, tokenizerFeatures)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
    const known: number[] = [];
    const knownValues: number[] = [];
    let squaredNorm = 0;
    for (const [feature, count] of counts) {
      const id = this.featureIds.get(feature);
      const value = (1 + Math.log(count)) * (id === undefined ? this.unknownIdf ** this.idfPower : this.featureWeights[id]);
      squaredNorm += value * value;
      terms?.push({ feature, idf: id === undefined ? this.unknownIdf : this.idfs[id], known: id !== undefined });
      if (id === undefined) continue;
      known.push(id);
      knownValues.push(value);
    }
    const norm = Math.sqrt(squaredNorm) || 1;
    return { index: Int32Array.from(known), value: Float32Array.from(knownValues, (value) => value / norm) };
  }
}

/** scores[label] += Σ rows[r][label] · weights[r], four rows per pass over the scores. */
function addDenseRows(scores: Float64Array, rows: Float32Array[], weights: number[], labelCount: number): void {
  let r = 0;
  for (; r + 4 <= rows.length; r += 4) {
    const [a, b, c, d] = [rows[r], rows[r + 1], rows[r + 2], rows[r + 3]];
    const [wa, wb, wc, wd] = [weights[r], weights[r + 1], weights[r + 2], weights[r + 3]];
    for (let label = 0; label < labelCount; label++) scores[label] += a[label] * wa + b[label] * wb + c[label] * wc + d[label] * wd;
  }
  for (; r < rows.length; r++) {
    const row = rows[r];
    const weight = weights[r];
    for (let label = 0; label < labelCount; label++) scores[label] += row[label] * weight;
  }
}

/** Dense copies of the rows of `postings` that have weights for more than DENSE_ROW_SHARE of the labels. */
function denseRowsOf(postings: SparseRows, labelCount: number): Map<number, Float32Array> {
  const rows = new Map<number, Float32Array>();
  for (let feature = 0; feature + 1 < postings.start.length; feature++) {
    if (postings.start[feature + 1] - postings.start[feature] <= labelCount * DENSE_ROW_SHARE) continue;
    const row = new Float32Array(labelCount);
    for (let p = postings.start[feature]; p < postings.start[feature + 1]; p++) row[postings.index[p]] = postings.value[p];
    rows.set(feature, row);
  }
  return rows;
}

/** Smoothed idf, as scikit-learn's: ln((n + 1) / (df + 1)) + 1, never below 1. */
export function idfOf(documentFrequency: number, documents: number): number {
  return Math.log((documents + 1) / (documentFrequency + 1)) + 1;
}

/**
 * Feature ids in order of first appearance (after those of `featureIds`, which it extends), each text's term counts
 * (rows) and each feature's document frequency among these texts. Texts are featurised one at a time, so their
 * feature strings never all live at once.
 */
export function countFeatures(
  examples: TrainingExample[],
  featurize: (text: string) => string[],
  featureIds = new Map<string, number>(),
): { featureIds: Map<string, number>; counts: SparseRows; documentFrequency: number[] } {
  const documentFrequency: number[] = new Array<number>(featureIds.size).fill(0);
  const start = new Int32Array(examples.length + 1);
  const index: number[] = [];
  const value: number[] = [];
  examples.forEach(({ text }, row) => {
    const counts = new Map<number, number>();
    for (const feature of featurize(text)) {
      let id = featureIds.get(feature);
      if (id === undefined) {
        featureIds.set(feature, (id = featureIds.size));
        documentFrequency.push(0);
      }
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    for (const [id, count] of counts) {
      documentFrequency[id]++;
      index.push(id);
      value.push(count);
    }
    start[row + 1] = index.length;
  });
  return { featureIds, counts: { start, index: Int32Array.from(index), value: Float32Array.from(value) }, documentFrequency };
}

/** Rows of term counts → rows of (1 + ln tf) · weight, L2-normalised. */
export function weighAndNormalize(counts: SparseRows, featureWeights: Float32Array): SparseRows {
  const value = new Float32Array(counts.value.length);
  for (let row = 0; row + 1 < counts.start.length; row++) {
    let squaredNorm = 0;
    for (let p = counts.start[row]; p < counts.start[row + 1]; p++) {
      value[p] = (1 + Math.log(counts.value[p])) * featureWeights[counts.index[p]];
      squaredNorm += value[p] * value[p];
    }
    const norm = Math.sqrt(squaredNorm) || 1;
    for (let p = counts.start[row]; p < counts.start[row + 1]; p++) value[p] /= norm;
  }
  return { start: counts.start, index: counts.index, value };
}

/** Transposes rows × columns into columns × rows (both compressed). */
export function transpose(rows: SparseRows, columnCount: number): SparseRows {
  const start = new Int32Array(columnCount + 1);
  for (const column of rows.index) start[column + 1]++;
  for (let column = 0; column < columnCount; column++) start[column + 1] += start[column];
  const fill = start.slice(0, columnCount);
  const index = new Int32Array(rows.index.length);
  const value = new Float32Array(rows.index.length);
  for (let row = 0; row + 1 < rows.start.length; row++) {
    for (let p = rows.start[row]; p < rows.start[row + 1]; p++) {
      const at = fill[rows.index[p]]++;
      index[at] = row;
      value[at] = rows.value[p];
    }
  }
  return { start, index, value };
}

/** Each label's centroid (the normalised sum of its examples' vectors), transposed to feature → (label, weight). */
export function labelCentroids(vectors: SparseRows, gold: Int32Array, labelCount: number, featureCount: number): SparseRows {
  const byLabel = groupRows(gold, labelCount);
  const rows = { start: new Int32Array(labelCount + 1), index: [] as number[], value: [] as number[] };
  const sum = new Float64Array(featureCount);
  for (let label = 0; label < labelCount; label++) {
    const touched: number[] = [];
    for (let k = byLabel.start[label]; k < byLabel.start[label + 1]; k++) {
      const row = byLabel.index[k];
      for (let p = vectors.start[row]; p < vectors.start[row + 1]; p++) {
        const feature = vectors.index[p];
        if (sum[feature] === 0) touched.push(feature);
        sum[feature] += vectors.value[p];
      }
    }
    let squaredNorm = 0;
    for (const feature of touched) squaredNorm += sum[feature] * sum[feature];
    const norm = Math.sqrt(squaredNorm) || 1;
    for (const feature of touched) {
      rows.index.push(feature);
      rows.value.push(sum[feature] / norm);
      sum[feature] = 0;
    }
    rows.start[label + 1] = rows.index.length;
  }
  return transpose({ start: rows.start, index: Int32Array.from(rows.index), value: Float32Array.from(rows.value) }, featureCount);
}

/**
 * Per example, its gold label followed by up to `negatives` other labels, those whose centroid (the
 * normalised sum of their examples' vectors) is most similar to the example: the labels a softmax
 * would confuse it with. Labels sharing no feature with it are never chosen.
 */
function hardNegatives(vectors: SparseRows, gold: Int32Array, labelCount: number, featureCount: number, negatives: number): SparseRows {
  const centroids = labelCentroids(vectors, gold, labelCount, featureCount);

  const start = new Int32Array(gold.length + 1);
  const chosen = new Int32Array(gold.length * (negatives + 1));
  let chosenCount = 0;
  const board = new ScoreBoard(labelCount);
  for (let row = 0; row < gold.length; row++) {
    for (let p = vectors.start[row]; p < vectors.start[row + 1]; p++) {
      const weight = vectors.value[p];
      const feature = vectors.index[p];
      if (centroids.start[feature + 1] - centroids.start[feature] > COMMON_FEATURE_LABELS) continue;
      for (let q = centroids.start[feature]; q < centroids.start[feature + 1]; q++) board.add(centroids.index[q], centroids.value[q] * weight);
    }
    chosen[chosenCount++] = gold[row];
    for (const label of board.best(negatives + 1, false)) if (label !== gold[row] && chosenCount - start[row] <= negatives) chosen[chosenCount++] = label;
    board.clear();
    start[row + 1] = chosenCount;
  }
  return { start, index: chosen.slice(0, chosenCount), value: new Float32Array(0) };
}

/** Row numbers grouped by their key: group g's rows are `index[start[g]] …`, in increasing order. */
export function groupRows(keys: Int32Array, groupCount: number): { start: Int32Array; index: Int32Array } {
  const start = new Int32Array(groupCount + 1);
  for (const key of keys) start[key + 1]++;
  for (let group = 0; group < groupCount; group++) start[group + 1] += start[group];
  const fill = start.slice(0, groupCount);
  const index = new Int32Array(keys.length);
  keys.forEach((key, row) => (index[fill[key]++] = row));
  return { start, index };
}

/**
 * SGD on the softmax cross-entropy, each step over the example's candidate labels (gold first) plus the
 * other labels at a fixed score of 0. Returns the weights per label, label → (feature, weight), every pair some
 * update could touch. A warm start gives their `initial` values, and may mark rows from `replayFrom` on as replayed:
 * those update only the `trainable` labels (the others' weights already learnt those examples).
 */
export function trainSoftmax(
  vectors: SparseRows,
  candidates: SparseRows,
  labelCount: number,
  featureCount: number,
  settings: Required<IntentClassifierOptions>,
  warm?: { initial: (label: number, feature: number) => number; replayFrom: number; trainable: Uint8Array },
): SparseRows {
  // Slot of the weight (candidate label, feature) for every (example, candidate, feature): allocated
  // label by label so a label's weights are contiguous, found with a per-feature stamp instead of a hash.
  const pairs = candidates.index.length;
  const pairRow = new Int32Array(pairs);
  const pairSlotStart = new Int32Array(pairs + 1);
  for (let row = 0; row + 1 < candidates.start.length; row++) {
    for (let pair = candidates.start[row]; pair < candidates.start[row + 1]; pair++) {
      pairRow[pair] = row;
      pairSlotStart[pair + 1] = pairSlotStart[pair] + vectors.start[row + 1] - vectors.start[row];
    }
  }
  const slotOf = new Int32Array(pairSlotStart[pairs]);
  const pairsByLabel = groupRows(candidates.index, labelCount);
  const stamp = new Int32Array(featureCount).fill(-1);
  const slotOfFeature = new Int32Array(featureCount);
  const labelSlotStart = new Int32Array(labelCount + 1);
  const slotFeatures = new Int32Array(slotOf.length);
  let slotCount = 0;
  for (let label = 0; label < labelCount; label++) {
    for (let k = pairsByLabel.start[label]; k < pairsByLabel.start[label + 1]; k++) {
      const pair = pairsByLabel.index[k];
      const row = pairRow[pair];
      for (let p = vectors.start[row], at = pairSlotStart[pair]; p < vectors.start[row + 1]; p++, at++) {
        const feature = vectors.index[p];
        if (stamp[feature] !== label) {
          stamp[feature] = label;
          slotFeatures[slotCount] = feature;
          slotOfFeature[feature] = slotCount++;
        }
        slotOf[at] = slotOfFeature[feature];
      }
    }
    labelSlotStart[label + 1] = slotCount;
  }

  const weights = new Float32Array(slotCount);
  if (warm) {
    for (let label = 0; label < labelCount; label++) {
      for (let slot = labelSlotStart[label]; slot < labelSlotStart[label + 1]; slot++) weights[slot] = warm.initial(label, slotFeatures[slot]);
    }
  }
  const random = seededRandom(settings.seed);
  const order = Int32Array.from({ length: candidates.start.length - 1 }, (_, row) => row);
  let widest = 0;
  for (let row = 0; row + 1 < candidates.start.length; row++) widest = Math.max(widest, candidates.start[row + 1] - candidates.start[row]);
  const scores = new Float64Array(widest);
  for (let epoch = 0; epoch < settings.epochs; epoch++) {
    shuffle(order, random);
    const rate = settings.learningRate * (1 - epoch / settings.epochs);
    for (const row of order) {
      const first = candidates.start[row];
      const count = candidates.start[row + 1] - first;
      const rowStart = vectors.start[row];
      const rowLength = vectors.start[row + 1] - rowStart;
      let max = 0; // the labels left out score 0
      for (let k = 0; k < count; k++) {
        let score = 0;
        const slots = pairSlotStart[first + k];
        for (let j = 0; j < rowLength; j++) score += weights[slotOf[slots + j]] * vectors.value[rowStart + j];
        scores[k] = score;
        if (score > max) max = score;
      }
      let sum = (labelCount - count) * Math.exp(-max);
      for (let k = 0; k < count; k++) sum += scores[k] = Math.exp(scores[k] - max);
      const replayed = warm !== undefined && row >= warm.replayFrom;
      for (let k = 0; k < count; k++) {
        const gradient = scores[k] / sum - (k === 0 ? 1 : 0);
        if (Math.abs(gradient) < MIN_GRADIENT || (replayed && warm.trainable[candidates.index[first + k]] === 0)) continue;
        const step = rate * gradient;
        const slots = pairSlotStart[first + k];
        for (let j = 0; j < rowLength; j++) weights[slotOf[slots + j]] -= step * vectors.value[rowStart + j];
      }
    }
  }

  return { start: labelSlotStart, index: slotFeatures.subarray(0, slotCount), value: weights };
}

/** The rows without their entries smaller than NEGLIGIBLE_WEIGHT. */
export function withoutNegligible(rows: SparseRows): SparseRows {
  let kept = 0;
  for (const value of rows.value) if (Math.abs(value) >= NEGLIGIBLE_WEIGHT) kept++;
  const start = new Int32Array(rows.start.length);
  const index = new Int32Array(kept);
  const value = new Float32Array(kept);
  let at = 0;
  for (let row = 0; row + 1 < rows.start.length; row++) {
    for (let p = rows.start[row]; p < rows.start[row + 1]; p++) {
      if (Math.abs(rows.value[p]) < NEGLIGIBLE_WEIGHT) continue;
      index[at] = rows.index[p];
      value[at++] = rows.value[p];
    }
    start[row + 1] = at;
  }
  return { start, index, value };
}

/**
 * Scores added up over a few of many labels: only the labels touched are read back and reset, so a
 * query touching 50 of 10,000 labels costs 50, not 10,000. Made once and reused.
 */
export class ScoreBoard {
  readonly scores: Float64Array;
  /** the labels touched since the last `clear`, in `touched[0 … count - 1]` */
  readonly touched: Int32Array;
  count = 0;
  readonly marked: Uint8Array;
  /** exp(score − max) of the touched labels, filled by IntentClassifier.score */
  readonly exps: Float64Array;

  constructor(size: number) {
    this.scores = new Float64Array(size);
    this.exps = new Float64Array(size);
    this.touched = new Int32Array(size);
    this.marked = new Uint8Array(size);
  }

  add(label: number, amount: number): void {
    if (this.marked[label] === 0) {
      this.marked[label] = 1;
      this.touched[this.count++] = label;
    }
    this.scores[label] += amount;
  }

  /**
   * The `limit` best labels, highest score first, ties to the lower label. Among the touched ones only, or
   * also the untouched (score 0) with `all`, of which the lowest-numbered are the only ones that can rank.
   */
  best(limit: number, all: boolean): number[] {
    if (limit <= 0) return [];
    const { scores, touched, marked } = this;
    let candidates = this.count;
    for (let label = 0, added = 0; all && candidates < scores.length && label < scores.length && added < limit; label++) {
      if (marked[label] === 0) {
        touched[candidates++] = label; // past `count`: read here, never reset
        added++;
      }
    }
    const ranksBefore = (a: number, b: number) => scores[a] > scores[b] || (scores[a] === scores[b] && a < b);
    if (limit > 64) return Array.from(touched.subarray(0, candidates)).sort((a, b) => (ranksBefore(a, b) ? -1 : 1)).slice(0, limit);
    // a short sorted list beats sorting thousands of labels to keep five
    const best: number[] = [];
    let floor = -Infinity; // the last kept label's score once the list is full: most labels fall below it
    for (let k = 0; k < candidates; k++) {
      const label = touched[k];
      if (scores[label] < floor || (best.length === limit && !ranksBefore(label, best[limit - 1]))) continue;
      let position = best.length;
      while (position > 0 && ranksBefore(label, best[position - 1])) position--;
      best.splice(position, 0, label);
      if (best.length > limit) best.pop();
      if (best.length === limit) floor = scores[best[limit - 1]];
    }
    return best;
  }

  clear(): void {
    for (let k = 0; k < this.count; k++) {
      this.scores[this.touched[k]] = 0;
      this.marked[this.touched[k]] = 0;
    }
    this.count = 0;
  }
}

function shuffle(values: Int32Array, random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const swap = values[i];
    values[i] = values[j];
    values[j] = swap;
  }
}
