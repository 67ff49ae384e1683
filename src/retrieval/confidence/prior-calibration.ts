import type { CandidateModels } from './confidence-model';

/**
 * The confidence models a folder starts from before it can calibrate itself (confidence-model.ts). Generated: refit
 * with `npm run bench:quality -- --fit-prior`, which writes this file.
 */
export const PRIOR_CALIBRATION: { provenance: string; command: string; points: number; models: CandidateModels } = {
  provenance: 'hand-set: most of the words match, and the meaning too',
  command: 'npm run bench:quality -- --fit-prior',
  points: 0,
  models: {
    answer: { weights: [3, 3, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], bias: -4.2, means: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], scales: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
    suggest: { weights: [3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], bias: -1.7, means: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], scales: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1] },
  },
};
