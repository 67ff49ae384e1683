/** BURST_WINDOW_MS: "many customers within minutes" is measured over the last ten minutes. */
export const BURST_WINDOW_MS = 10 * 60 * 1000;
export const BURST_BASELINE_MS = 24 * 60 * 60 * 1000;
/** how many times its usual rate a group must be asked to count as a burst */
export const BURST_FACTOR = 3;

export interface BurstCandidate {
  /** questions of the group in the last BURST_WINDOW_MS */
  recent: number;
  /** questions of the same group in the BURST_BASELINE_MS before that window (0 for a new group) */
  baseline: number;
}

/**
 * A burst: at least `min` questions in the window, and at least BURST_FACTOR times the group's rate over the
 * previous 24 hours (a new group's rate counts as zero, so any `min` questions of a new thing are a burst).
 */
export function isBurst(candidate: BurstCandidate, min: number): boolean {
  if (candidate.recent < min) return false;
  const usualPerWindow = (candidate.baseline * BURST_WINDOW_MS) / BURST_BASELINE_MS;
  return candidate.recent >= BURST_FACTOR * usualPerWindow;
}
