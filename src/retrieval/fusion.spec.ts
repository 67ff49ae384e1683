import { candidateFeatures } from './confidence/confidence.service';
import { fuseScores, relativeProbability, SearchHit } from './hybrid-search.service';

const hit = (id: string, scores: { lexical: number; dense: number; classifier: number; coverage: number }): SearchHit =>
  ({ entry: { id } as SearchHit['entry'], fused: fuseScores(scores), matchedRole: 'question', ...scores }) as SearchHit;

describe('fusion and confidence features', () => {
  it('weights the classifier most, lexical next, the hashed embedding least', () => {
    expect(fuseScores({ lexical: 0, dense: 0, classifier: 1, coverage: 0 })).toBeGreaterThan(fuseScores({ lexical: 1, dense: 0, classifier: 0, coverage: 0 }));
    expect(fuseScores({ lexical: 1, dense: 0, classifier: 0, coverage: 0 })).toBeGreaterThan(fuseScores({ lexical: 0, dense: 1, classifier: 0, coverage: 0 }));
    expect(fuseScores({ lexical: 0.5, dense: -0.3, classifier: 0, coverage: 0 })).toBe(fuseScores({ lexical: 0.5, dense: 0, classifier: 0, coverage: 0 })); // negative cosine adds nothing
  });

  it('adds how much of the question an entry holds anywhere', () => {
    expect(fuseScores({ lexical: 0.4, dense: 0, classifier: 0, coverage: 1 })).toBeGreaterThan(fuseScores({ lexical: 0.4, dense: 0, classifier: 0, coverage: 0.5 }));
  });

  it('fuses with the weights it is given (the benchmark compares weightings)', () => {
    const scores = { lexical: 0.5, dense: 0.4, classifier: 0.2, coverage: 0.6 };
    expect(fuseScores(scores, { lexical: 1, dense: 0, classifier: 0, coverage: 0 })).toBeCloseTo(0.5);
    expect(fuseScores(scores, { lexical: 0, dense: 1, classifier: 1, coverage: 1 })).toBeCloseTo(1.2);
  });

  it('lets a strong passage beat an unsure classifier guess', () => {
    const passage = fuseScores({ lexical: 0.9, dense: 0.6, classifier: 0, coverage: 0 });
    const unsureFaq = fuseScores({ lexical: 0.2, dense: 0.2, classifier: 0.3, coverage: 0 });
    expect(passage).toBeGreaterThan(unsureFaq);
  });

  it('lifts a thin softmax winner to the square root of its probability and keeps the others in proportion', () => {
    expect(relativeProbability(0.04, 0.04)).toBeCloseTo(0.2);
    expect(relativeProbability(0.02, 0.04)).toBeCloseTo(0.1);
    expect(relativeProbability(0.9, 0.9)).toBeCloseTo(Math.sqrt(0.9));
    expect(relativeProbability(0.01, 0.04)).toBeLessThan(relativeProbability(0.04, 0.04));
    expect(relativeProbability(0, 0)).toBe(0);
  });

  it('describes the best candidate against the runner-up', () => {
    const features = candidateFeatures({
      hits: [hit('a', { lexical: 0.8, dense: 0.6, classifier: 0.7, coverage: 0.9 }), hit('b', { lexical: 0.3, dense: 0.5, classifier: 0.1, coverage: 0.5 })],
      signals: { topProbability: 0.7, margin: 0.6, entropy: 0.2, coverage: 0.9, topScore: 1 },
    });
    expect(features.map((value) => Math.round(value * 100) / 100)).toEqual([0.8, 0.6, 0.5, 0.1, expect.any(Number), 0.48, 0.7, 0.6, 0.9, 0.8, 0.9, 0.4]);
    expect(features[4]).toBeGreaterThan(0.4);
    expect(candidateFeatures({ hits: [] })).toEqual(new Array(12).fill(0));
  });
});
