import { LogisticModel, predictLogistic } from './logistic-regression';
import { PRIOR_CALIBRATION } from './prior-calibration';

/**
 * What a confidence is computed with: the prior shipped with the code, and the folder's own model fitted on its
 * held-out phrasings, blended by how many phrasings the folder had to hold out. A plain object, so it can be stored
 * or sent as JSON.
 */
export interface ConfidenceModel {
  /** fitted on the folder's own probes; absent when the folder is too poor in phrasings to calibrate */
  own?: LogisticModel;
  /** 0..1: how much `own` counts against `prior` */
  ownWeight: number;
  prior: LogisticModel;
}

export const PRIOR_MODEL: LogisticModel = PRIOR_CALIBRATION.model;

/**
 * How many held-out phrasings count as much as the prior: a folder that could hold out a handful of phrasings says
 * little about itself (one lucky or unlucky probe moves its fit), one that held out hundreds knows itself best.
 */
export const PRIOR_STRENGTH = 40;

export function ownWeight(heldOutPhrasings: number): number {
  return heldOutPhrasings > 0 ? heldOutPhrasings / (heldOutPhrasings + PRIOR_STRENGTH) : 0;
}

export function predictConfidence(model: ConfidenceModel, features: number[]): number {
  const prior = predictLogistic(model.prior, features);
  return model.own ? model.ownWeight * predictLogistic(model.own, features) + (1 - model.ownWeight) * prior : prior;
}
