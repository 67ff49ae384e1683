import { fitLogistic, LogisticModel, predictLogistic } from './logistic-regression';

export interface ProbeOutcome {
  features: number[];
  /** the first candidate was the right answer */
  label: boolean;
  /**
   * an in-scope question asked as a customer would ask it (not verbatim, not out of scope): the share answered wrongly
   * is measured on these
   */
  asked: boolean;
}

export interface CautiousFit {
  model: LogisticModel;
  /** how much more a wrong answer counted than a right one */
  wrongWeight: number;
  /** of the asked probes: answered (confidence ≥ threshold) and right, answered and wrong */
  right: number;
  wrong: number;
}

const WRONG_WEIGHTS = [1, 1.1, 1.25, 1.5, 1.75, 2, 2.5, 3, 4, 6, 8, 12, 16];

/**
 * The answer model with the least caution that keeps wrong answers rare: wrong answers are weighed up, step by step,
 * until the probes' in-scope questions answered wrongly at `threshold` are at most `maxWrong`. A plain fit says "more
 * likely right than wrong" at 0.5, which on a folder of near-duplicate entries still answers many questions wrongly;
 * a folder whose probes are answered well keeps the plain fit and so answers as much as before.
 */
export function fitCautiously(points: ProbeOutcome[], options: { threshold: number; maxWrong: number; iterations?: number }): CautiousFit {
  const asked = Math.max(1, points.filter((point) => point.asked).length);
  let fit: CautiousFit | undefined;
  for (const wrongWeight of WRONG_WEIGHTS) {
    const model = fitLogistic(
      points.map((point) => ({ features: point.features, label: point.label, weight: point.label ? 1 : wrongWeight })),
      { iterations: options.iterations },
    );
    const answered = points.filter((point) => point.asked && predictLogistic(model, point.features) >= options.threshold);
    fit = { model, wrongWeight, right: answered.filter((point) => point.label).length / asked, wrong: answered.filter((point) => !point.label).length / asked };
    if (fit.wrong <= options.maxWrong) break;
  }
  return fit!;
}

/**
 * Where a folder's own answer model is fitted to be cautious: the default answer threshold, and the share of asked
 * questions it may answer wrongly there — the promise made to a shop (answered wrongly under 5% of its in-scope
 * questions), not a figure tuned on any benchmark.
 */
export const CAUTION = { threshold: 0.5, maxWrong: 0.05 };
