import type { CandidateModels } from './confidence-model';

/**
 * The confidence models a folder starts from before it can calibrate itself (confidence-model.ts). Generated: refit
 * with `npm run bench:quality -- --fit-prior`, which writes this file.
 */
export const PRIOR_CALIBRATION: { provenance: string; command: string; points: number; wrongWeight: number; models: CandidateModels } = {
  provenance: "fitted on 2200 probes: CLINC150 validation questions (900 in scope; 200 out of scope from oos_val and oos_train; seeded) asked of folders built from 1 and 5 training utterances per intent; answer: wrong answers weighed ×3, which answered 0.314 right and 0.023 wrong of the in-scope probes at confidence ≥ 0.5; suggest: out-of-scope probes weighed as much as in-scope ones",
  command: 'npm run bench:quality -- --fit-prior',
  points: 2200,
  /** how much more a wrong answer counts than a right one when a folder fits its own answer model */
  wrongWeight: 3,
  models: {
    answer: {"weights":[-0.13616,0.21208,-0.03397,-0.05437,0.45303,0.03355,0.65349,0.78645,0.16657,-0.02787,0.13875,0.36654],"bias":-0.82453,"means":[0.40057,0.43257,0.12317,0.10341,0.33517,0.20527,0.27891,0.1901,0.82097,0.12955,0.38943,0.12471],"scales":[0.2258,0.19526,0.17593,0.17201,0.24226,0.19529,0.23987,0.25447,0.15755,0.19425,0.25334,0.19524]},
    suggest: {"weights":[0.30467,0.24485,-0.04085,-0.02043,0.06564,0.11775,0.77623,0.35146,0.33346,0.27253,0.25843,0.2136],"bias":0.25734,"means":[0.40057,0.43257,0.12317,0.10341,0.33517,0.20527,0.27891,0.1901,0.82097,0.12955,0.38943,0.12471],"scales":[0.2258,0.19526,0.17593,0.17201,0.24226,0.19529,0.23987,0.25447,0.15755,0.19425,0.25334,0.19524]},
  },
};
