import type { CandidateModels } from './confidence-model';

/**
 * The confidence models a folder starts from before it can calibrate itself (confidence-model.ts). Generated: refit
 * with `npm run bench:quality -- --fit-prior`, which writes this file.
 */
export const PRIOR_CALIBRATION: { provenance: string; command: string; points: number; wrongWeight: number; models: CandidateModels } = {
  provenance: "fitted on 2200 probes: CLINC150 validation questions (900 in scope; 200 out of scope from oos_val and oos_train; seeded) asked of folders built from 1 and 5 training utterances per intent; answer: wrong answers weighed ×3, which answered 0.323 right and 0.024 wrong of the in-scope probes at confidence ≥ 0.5; suggest: out-of-scope probes weighed as much as in-scope ones",
  command: 'npm run bench:quality -- --fit-prior',
  points: 2200,
  /** how much more a wrong answer counted than a right one when the prior answer model was fitted */
  wrongWeight: 3,
  models: {
    answer: {"weights":[-0.19826,0.4136,0.01236,-0.12537,0.5248,0.03635,0.52977,0.69918,0.1728,0.01844,0.089,0.32527],"bias":-0.80275,"means":[0.3985,0.41606,0.12403,0.10901,0.3574,0.20275,0.28269,0.18932,0.82097,0.12955,0.39098,0.1227],"scales":[0.22566,0.20721,0.17924,0.17288,0.25662,0.19626,0.23697,0.2533,0.15755,0.19425,0.25338,0.19242]},
    suggest: {"weights":[0.19428,0.37031,0.05004,-0.05057,0.00478,0.09495,0.69829,0.33583,0.39507,0.32518,0.15837,0.28705],"bias":0.29411,"means":[0.3985,0.41606,0.12403,0.10901,0.3574,0.20275,0.28269,0.18932,0.82097,0.12955,0.39098,0.1227],"scales":[0.22566,0.20721,0.17924,0.17288,0.25662,0.19626,0.23697,0.2533,0.15755,0.19425,0.25338,0.19242]},
  },
};
