import { IntentClassifier, IntentClassifierOptions, TrainingExample } from '../../src/retrieval/classifier/intent-classifier';
import { OutOfScopeSignals, outOfScopeSignals } from '../../src/retrieval/classifier/out-of-scope';
import { seededRandom } from '../../src/retrieval/classifier/seeded-random';

export interface CalibrationPoint {
  /** a raw confidence score, higher = more likely right */
  score: number;
  correct: boolean;
}

/** One held-out phrasing: what a classifier trained without it made of it. */
export interface HeldOutOutcome extends CalibrationPoint {
  label: string;
  text: string;
  predicted: string;
  signals: OutOfScopeSignals;
}

export interface HeldOutOptions {
  /** how many classifiers are trained, each without a fifth (1/folds) of the phrasings (default 5) */
  folds?: number;
  /**
   * above this many labels with two phrasings or more (default 2,000), one classifier is trained instead of
   * `folds`, without one phrasing of each of `maxHeldOut` random labels: 2,000 outcomes are plenty for
   * the isotonic fit, and a 10,000-label folder is then calibrated for the price of one more training
   */
  maxHeldOut?: number;
  /** seed of the fold assignment (default 1) */
  seed?: number;
  classifier?: IntentClassifierOptions;
  /** the raw score calibrated (default: the best label's probability) */
  score?: (signals: OutOfScopeSignals) => number;
}

/**
 * Isotonic regression by pool-adjacent-violators: the non-decreasing map from score to P(correct)
 * closest in squared error to the outcomes. Equal scores are pooled first; between pooled blocks the map
 * interpolates linearly, beyond them it stays flat. Throws on no points: there is nothing to calibrate.
 */
export function fitIsotonic(points: CalibrationPoint[]): (score: number) => number {
  if (points.length === 0) throw new RangeError('fitIsotonic needs at least one point');
  const sorted = [...points].sort((a, b) => a.score - b.score);
  const blocks: Array<{ scoreSum: number; correct: number; count: number }> = [];
  const mean = (block: (typeof blocks)[number]) => block.correct / block.count;
  for (let i = 0; i < sorted.length; ) {
    const block = { scoreSum: 0, correct: 0, count: 0 };
    for (const score = sorted[i].score; i < sorted.length && sorted[i].score === score; i++) {
      block.scoreSum += score;
      block.correct += sorted[i].correct ? 1 : 0;
      block.count++;
    }
    blocks.push(block);
    while (blocks.length > 1 && mean(blocks[blocks.length - 2]) > mean(blocks[blocks.length - 1])) {
      const last = blocks.pop()!;
      const previous = blocks[blocks.length - 1];
      previous.scoreSum += last.scoreSum;
      previous.correct += last.correct;
      previous.count += last.count;
    }
  }
  const xs = blocks.map((block) => block.scoreSum / block.count);
  const ys = blocks.map(mean);
  return (score) => {
    if (score <= xs[0]) return ys[0];
    if (score >= xs[xs.length - 1]) return ys[ys.length - 1];
    let low = 0;
    let high = xs.length - 1;
    while (high - low > 1) {
      const middle = (low + high) >> 1;
      if (xs[middle] <= score) low = middle;
      else high = middle;
    }
    return ys[low] + ((ys[high] - ys[low]) * (score - xs[low])) / (xs[high] - xs[low]);
  };
}

/**
 * Cross-validation over the folder's own phrasings, the cheap stand-in for leave-one-out: each label's
 * phrasings are spread over `folds` folds, a classifier is trained without each fold and scores the
 * phrasings held out. A label with one phrasing is never held out (it would vanish from training); any
 * other label keeps at least one phrasing in every fold's training set. With more than `maxHeldOut`
 * labels to hold out from, one training without one phrasing of each of `maxHeldOut` random labels.
 * Featurisation runs once per text.
 */
export function heldOutOutcomes(
  examples: TrainingExample[],
  featurize: (text: string) => string[],
  options: HeldOutOptions = {},
): HeldOutOutcome[] {
  const folds = Math.max(2, options.folds ?? 5);
  const score = options.score ?? ((signals: OutOfScopeSignals) => signals.topProbability);
  const foldOf = assignFolds(examples, folds, options.maxHeldOut ?? 2000, options.seed ?? 1);
  const trainings = new Set(foldOf.filter((fold) => fold >= 0)).size;
  // worth keeping every text's features only when they serve several trainings
  const cache = new Map<string, string[]>();
  const featurizeOnce =
    trainings < 2
      ? featurize
      : (text: string) => {
          let features = cache.get(text);
          if (!features) cache.set(text, (features = featurize(text)));
          return features;
        };

  const outcomes: HeldOutOutcome[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const heldOut = examples.filter((_, i) => foldOf[i] === fold);
    if (heldOut.length === 0) continue;
    const classifier = IntentClassifier.train(
      examples.filter((_, i) => foldOf[i] !== fold),
      featurizeOnce,
      options.classifier,
    );
    for (const { label, text } of heldOut) {
      const analysis = classifier.analyze(text, 1);
      const signals = outOfScopeSignals(analysis);
      const predicted = analysis.predictions[0]?.label ?? '';
      outcomes.push({ label, text, predicted, correct: predicted === label, signals, score: score(signals) });
    }
  }
  return outcomes;
}

/**
 * Fold per example, -1 = never held out. A label's phrasings go to consecutive folds from a random one;
 * with more than `maxHeldOut` such labels, one phrasing of `maxHeldOut` random labels goes to fold 0.
 */
function assignFolds(examples: TrainingExample[], folds: number, maxHeldOut: number, seed: number): Int32Array {
  const byLabel = new Map<string, number[]>();
  examples.forEach(({ label }, i) => {
    const group = byLabel.get(label);
    if (group) group.push(i);
    else byLabel.set(label, [i]);
  });
  const groups = [...byLabel.values()].filter((group) => group.length >= 2);
  const random = seededRandom(seed);
  const foldOf = new Int32Array(examples.length).fill(-1);
  if (groups.length > maxHeldOut) {
    shuffleInPlace(groups, random);
    for (const group of groups.slice(0, maxHeldOut)) foldOf[group[Math.floor(random() * group.length)]] = 0;
    return foldOf;
  }
  for (const group of groups) {
    const first = Math.floor(random() * folds);
    // with more phrasings than folds a fold takes two of them; one always stays in training
    group.forEach((example, j) => (foldOf[example] = (first + j) % folds));
  }
  return foldOf;
}

function shuffleInPlace<T>(values: T[], random: () => number): void {
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j], values[i]];
  }
}
