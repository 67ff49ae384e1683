import type { IntentAnalysis } from './intent-classifier';

/**
 * Evidence that a question lies outside what the folder knows, each oriented so that higher means
 * more in scope except `entropy`. No thresholds here: a deployment calibrates its own (confidence/confidence.service.ts).
 */
export interface OutOfScopeSignals {
  /** probability of the best label */
  topProbability: number;
  /** best minus second-best probability: low when two entries compete */
  margin: number;
  /** entropy of the distribution over labels divided by ln(labels): 0 = one label certain, 1 = uniform */
  entropy: number;
  /** idf-weighted share of the query's distinct features that some training phrasing has: 0 = all unseen words */
  coverage: number;
  /** the best label's linear score before the softmax */
  topScore: number;
}

export function outOfScopeSignals(analysis: IntentAnalysis): OutOfScopeSignals {
  const { first, second, entropy } = analysis.distribution;
  return { topProbability: first, margin: first - second, entropy, coverage: coverageOf(analysis.terms), topScore: analysis.topScore };
}

/** Σ idf of known features / Σ idf of all features; 0 for a query without any feature. */
function coverageOf(terms: IntentAnalysis['terms']): number {
  let known = 0;
  let total = 0;
  for (const term of terms) {
    total += term.idf;
    if (term.known) known += term.idf;
  }
  return total > 0 ? known / total : 0;
}
