import { LogisticModel, predictLogistic } from './logistic-regression';
import { PRIOR_CALIBRATION } from './prior-calibration';

/** Two probabilities read from a question's candidates (candidateFeatures). */
export interface CandidateModels {
  /** that the first candidate is the right answer */
  answer: LogisticModel;
  /** that the right answer is among the first three, which asking back offers */
  suggest: LogisticModel;
}

/**
 * What confidence is computed with: the models shipped with the code (fitted on public data sets) and the folder's
 * own, fitted on its held-out phrasings, blended by how many phrasings the folder had to hold out. A plain object, so
 * it can be stored or sent as JSON.
 */
export interface ConfidenceModel {
  prior: CandidateModels;
  /** absent when the folder is too poor in phrasings to calibrate itself */
  own?: CandidateModels;
  /** 0..1: how much `own` counts against `prior` */
  ownWeight: number;
}

export const PRIOR_MODELS: CandidateModels = PRIOR_CALIBRATION.models;

/**
 * How many held-out phrasings count as much as the prior: a folder that could hold out a handful of phrasings says
 * little about itself (one lucky or unlucky probe moves its fit), one that held out hundreds knows itself best.
 */
export const PRIOR_STRENGTH = 10;

export function ownWeight(heldOutPhrasings: number): number {
  return heldOutPhrasings > 0 ? heldOutPhrasings / (heldOutPhrasings + PRIOR_STRENGTH) : 0;
}

/**
 * The folder's own fit blended with the prior by ownWeight. Asking back is also checked against the prior alone: the
 * own models learn "not in this folder" only from the folder's own entries held out, which speak the shop's words,
 * while the prior, fitted on public out-of-scope questions, knows what a question about anything else looks like. Three
 * suggestions for a question about the weather only delay "I don't know", so both must think the first three may hold
 * the answer. The right answer is among the first three at least as often as it comes first, so the blend's estimate
 * of the former is never below its estimate of the latter (the two models are fitted apart and need not agree).
 */
export function predictConfidence(model: ConfidenceModel, features: number[], which: keyof CandidateModels): number {
  const prior = predictLogistic(model.prior[which], features);
  const own = model.own;
  if (!own) return prior;
  const blended = (kind: keyof CandidateModels) =>
    model.ownWeight * predictLogistic(own[kind], features) + (1 - model.ownWeight) * predictLogistic(model.prior[kind], features);
  return which === 'suggest' ? Math.min(prior, Math.max(blended('suggest'), blended('answer'))) : blended('answer');
}
