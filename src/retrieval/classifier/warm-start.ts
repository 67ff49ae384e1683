import {
  COMMON_FEATURE_LABELS,
  countFeatures,
  DEFAULTS,
  idfOf,
  IntentClassifierModel,
  IntentClassifierOptions,
  labelCentroids,
  ScoreBoard,
  SparseRows,
  trainSoftmax,
  TrainingExample,
  transpose,
  weighAndNormalize,
  withoutNegligible,
} from './intent-classifier';

/**
 * The classifier for a folder after an edit, trained from the previous version's model instead of from scratch:
 * a large folder's full training featurises and passes over every example (tens of seconds at 10,000 entries), while
 * an edit changes a handful of labels.
 *
 * - Removed labels are dropped; the weights of changed labels are dropped too (their phrasings are new) and trained
 *   again from their examples, as new labels are.
 * - What is trained: the changed labels' examples, each against the labels the previous weights score it highest and
 *   the changed labels whose centroids do (they have no weights yet); and the examples of those neighbours, updating
 *   only the changed labels' weights: in training from scratch a label also learns, as a negative of its neighbours'
 *   examples, where it must not claim; more passes for the neighbours' own weights would grow them past the rest.
 * - Every other weight stays as it was, and so do the known features' idf weights (moving by a fraction of a percent
 *   per edit). New features get their idf over the folder now.
 *
 * Deterministic for the same previous model, examples and options; the drift from a model trained from scratch grows
 * with every warm start, so callers train from scratch after a number of them or after a large change.
 */
export function warmStartClassifier(
  previous: IntentClassifierModel,
  examples: TrainingExample[],
  changedLabels: ReadonlySet<string>,
  featurize: (text: string) => string[],
  options: IntentClassifierOptions = {},
): IntentClassifierModel {
  const settings = { ...DEFAULTS, ...options, idfPower: previous.idfPower };
  const { labels, labelIds, oldToNew } = relabel(previous.labels, examples);
  const retrained = new Uint8Array(labels.length);
  for (const label of changedLabels) {
    const id = labelIds.get(label);
    if (id !== undefined) retrained[id] = 1;
  }
  const kept = keptWeights(previous.postings, oldToNew, retrained);

  const featureIds = new Map(previous.featureIds);
  const idfs = Array.from(previous.idfs);
  const featureWeights = Array.from(previous.featureWeights);
  const changedExamples = examples.filter(({ label }) => retrained[labelIds.get(label)!] === 1);
  const changed = countFeatures(changedExamples, featurize, featureIds);
  // a feature unknown before occurs only in changed examples: its document frequency over the folder is counted here
  for (let feature = idfs.length; feature < featureIds.size; feature++) {
    idfs.push(idfOf(changed.documentFrequency[feature], examples.length));
    featureWeights.push(idfs[feature] ** settings.idfPower);
  }
  const weightOf = Float32Array.from(featureWeights);
  const changedVectors = weighAndNormalize(changed.counts, weightOf);
  const changedGold = Int32Array.from(changedExamples, ({ label }) => labelIds.get(label)!);

  // the labels the kept weights confuse the changed examples with: their examples are replayed, so that a changed
  // label learns where it must not claim (as a negative), without more passes for the neighbours themselves
  const board = new ScoreBoard(labels.length);
  const neighbours = new Uint8Array(labels.length);
  forEachRow(changedVectors, (_row, features, values) => {
    for (const label of bestByWeights(board, kept, features, values, settings.negatives)) neighbours[label] = 1;
  });
  const replayedExamples = examples.filter(({ label }) => neighbours[labelIds.get(label)!] === 1 && retrained[labelIds.get(label)!] === 0);
  const replayed = weighAndNormalize(countFeatures(replayedExamples, featurize, featureIds).counts, weightOf);
  const vectors = concatRows(changedVectors, replayed);
  const gold = Int32Array.from([...changedGold, ...replayedExamples.map(({ label }) => labelIds.get(label)!)]);

  const centroids = labelCentroids(changedVectors, changedGold, labels.length, featureIds.size);
  const candidates = candidateLabels(vectors, gold, kept, centroids, board, settings.negatives);
  const trained = trainSoftmax(vectors, candidates, labels.length, featureIds.size, settings, {
    initial: (label, feature) => weightAt(kept, feature, label),
    replayFrom: changedExamples.length,
    trainable: retrained,
  });
  // negligible weights are dropped after the merge: a kept weight that training made negligible goes too
  const postings = withoutNegligible(merge(kept, transpose(trained, featureIds.size), featureIds.size));
  return { labels, featureIds, featureWeights: weightOf, idfs: Float32Array.from(idfs), unknownIdf: idfOf(0, examples.length), idfPower: previous.idfPower, postings };
}

/** The previous labels still present, in their order, then the new ones in order of first appearance. */
function relabel(previous: readonly string[], examples: TrainingExample[]) {
  const present = new Set(examples.map(({ label }) => label));
  const labels: string[] = [];
  const labelIds = new Map<string, number>();
  const oldToNew = new Int32Array(previous.length).fill(-1);
  previous.forEach((label, old) => {
    if (!present.has(label)) return;
    oldToNew[old] = labels.length;
    labelIds.set(label, labels.push(label) - 1);
  });
  for (const { label } of examples) if (!labelIds.has(label)) labelIds.set(label, labels.push(label) - 1);
  return { labels, labelIds, oldToNew };
}

/**
 * The previous postings (feature → label) on the new label ids, without removed and retrained labels. Labels keep
 * their relative order, so each feature's postings stay sorted by label.
 */
function keptWeights(postings: SparseRows, oldToNew: Int32Array, retrained: Uint8Array): SparseRows {
  const start = new Int32Array(postings.start.length);
  const index = new Int32Array(postings.index.length);
  const value = new Float32Array(postings.index.length);
  let at = 0;
  for (let feature = 0; feature + 1 < postings.start.length; feature++) {
    for (let p = postings.start[feature]; p < postings.start[feature + 1]; p++) {
      const label = oldToNew[postings.index[p]];
      if (label < 0 || retrained[label] === 1) continue;
      index[at] = label;
      value[at++] = postings.value[p];
    }
    start[feature + 1] = at;
  }
  return { start, index: index.slice(0, at), value: value.slice(0, at) };
}

/** The weight of (feature, label) in postings sorted by label; 0 where there is none (and for new features). */
function weightAt(postings: SparseRows, feature: number, label: number): number {
  if (feature + 1 >= postings.start.length) return 0;
  let low = postings.start[feature];
  let high = postings.start[feature + 1];
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (postings.index[middle] < label) low = middle + 1;
    else high = middle;
  }
  return low < postings.start[feature + 1] && postings.index[low] === label ? postings.value[low] : 0;
}

function forEachRow(rows: SparseRows, visit: (row: number, features: Int32Array, values: Float32Array) => void): void {
  for (let row = 0; row + 1 < rows.start.length; row++) visit(row, rows.index.subarray(rows.start[row], rows.start[row + 1]), rows.value.subarray(rows.start[row], rows.start[row + 1]));
}

/** The `limit` labels the weights score a vector highest (features most labels have are skipped, as in training). */
function bestByWeights(board: ScoreBoard, weights: SparseRows, features: Int32Array, values: Float32Array, limit: number): number[] {
  for (let i = 0; i < features.length; i++) {
    const feature = features[i];
    if (feature + 1 >= weights.start.length || weights.start[feature + 1] - weights.start[feature] > COMMON_FEATURE_LABELS) continue;
    for (let p = weights.start[feature]; p < weights.start[feature + 1]; p++) board.add(weights.index[p], weights.value[p] * values[i]);
  }
  const best = board.best(limit, false).filter((label) => board.scores[label] > 0);
  board.clear();
  return best;
}

/**
 * Per example, its gold label, then the labels the kept weights score it highest, then the changed labels whose
 * centroids do (they have no weights yet): up to `negatives` of each.
 */
function candidateLabels(vectors: SparseRows, gold: Int32Array, kept: SparseRows, centroids: SparseRows, board: ScoreBoard, negatives: number): SparseRows {
  const start = new Int32Array(gold.length + 1);
  const chosen: number[] = [];
  forEachRow(vectors, (row, features, values) => {
    const labels = new Set([gold[row], ...bestByWeights(board, kept, features, values, negatives), ...bestByWeights(board, centroids, features, values, negatives)]);
    chosen.push(...labels);
    start[row + 1] = chosen.length;
  });
  return { start, index: Int32Array.from(chosen), value: new Float32Array(0) };
}

function concatRows(first: SparseRows, second: SparseRows): SparseRows {
  const offset = first.index.length;
  const start = new Int32Array(first.start.length + second.start.length - 1);
  start.set(first.start);
  for (let row = 1; row < second.start.length; row++) start[first.start.length - 1 + row] = offset + second.start[row];
  const index = new Int32Array(offset + second.index.length);
  index.set(first.index);
  index.set(second.index, offset);
  const value = new Float32Array(offset + second.value.length);
  value.set(first.value);
  value.set(second.value, offset);
  return { start, index, value };
}

/** Postings (feature → label, both sorted by label) merged; where both hold a pair, the trained weight wins. */
function merge(kept: SparseRows, trained: SparseRows, featureCount: number): SparseRows {
  const start = new Int32Array(featureCount + 1);
  const index = new Int32Array(kept.index.length + trained.index.length);
  const value = new Float32Array(index.length);
  let at = 0;
  for (let feature = 0; feature < featureCount; feature++) {
    let a = feature + 1 < kept.start.length ? kept.start[feature] : 0;
    const aEnd = feature + 1 < kept.start.length ? kept.start[feature + 1] : 0;
    let b = trained.start[feature];
    const bEnd = trained.start[feature + 1];
    while (a < aEnd || b < bEnd) {
      if (b >= bEnd || (a < aEnd && kept.index[a] < trained.index[b])) {
        index[at] = kept.index[a];
        value[at++] = kept.value[a++];
      } else {
        if (a < aEnd && kept.index[a] === trained.index[b]) a++;
        index[at] = trained.index[b];
        value[at++] = trained.value[b++];
      }
    }
    start[feature + 1] = at;
  }
  return { start, index: index.slice(0, at), value: value.slice(0, at) };
}
