import { Tokenizer } from '../../src/retrieval/text/tokenizer';
import { CalibrationPoint, fitIsotonic, heldOutOutcomes } from './held-out-calibration';
import { FAQ, faqExamples } from '../support/faq-examples';
import { intentFeaturizer } from '../../src/retrieval/classifier/intent-features';
import { seededRandom } from '../../src/retrieval/classifier/seeded-random';

const points = (pairs: Array<[number, boolean]>): CalibrationPoint[] => pairs.map(([score, correct]) => ({ score, correct }));

describe('fitIsotonic', () => {
  it('pools adjacent violators: 0, 1, 0, 1 becomes 0, ½, ½, 1', () => {
    const probability = fitIsotonic(points([[1, false], [2, true], [3, false], [4, true]]));
    expect(probability(1)).toBe(0);
    expect(probability(2.5)).toBe(0.5); // the pooled block of scores 2 and 3 sits at their mean
    expect(probability(4)).toBe(1);
    expect(probability(1.75)).toBeCloseTo(0.25, 12); // interpolated between blocks
    expect(probability(-10)).toBe(0); // flat beyond the ends
    expect(probability(10)).toBe(1);
  });

  it('pools a longer violation and equal scores, whatever the input order', () => {
    // outcomes by score: 0.1 ✓, 0.2 ✓✗ (tie), 0.3 ✗, 0.4 ✗, 0.9 ✓ → first four pool to 2/5 at mean score 0.24
    const probability = fitIsotonic(points([[0.3, false], [0.9, true], [0.2, true], [0.1, true], [0.2, false], [0.4, false]]));
    expect(probability(0.24)).toBeCloseTo(0.4, 12);
    expect(probability(0)).toBeCloseTo(0.4, 12);
    expect(probability(0.9)).toBe(1);
  });

  it('is monotone: a higher score never maps to a lower probability', () => {
    const random = seededRandom(42);
    const noisy = Array.from({ length: 500 }, () => {
      const score = random();
      return { score, correct: random() < score };
    });
    const probability = fitIsotonic(noisy);
    let previous = -Infinity;
    for (let score = -0.1; score <= 1.1; score += 0.001) {
      const value = probability(score);
      expect(value).toBeGreaterThanOrEqual(previous);
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThanOrEqual(1);
      previous = value;
    }
    expect(probability(0.9)).toBeGreaterThan(probability(0.1) + 0.5);
  });

  it('refuses to calibrate from nothing', () => {
    expect(() => fitIsotonic([])).toThrow(RangeError);
  });
});

describe('heldOutOutcomes', () => {
  const featurize = intentFeaturizer(new Tokenizer());
  const examples = [...faqExamples(), { label: 'lonely', text: 'only one phrasing here' }];

  it('holds out every phrasing of a label that has two or more, once, and never a lone phrasing', () => {
    const outcomes = heldOutOutcomes(examples, featurize);
    expect(outcomes).toHaveLength(faqExamples().length);
    expect(outcomes.map((outcome) => outcome.text).sort()).toEqual(faqExamples().map((example) => example.text).sort());
    expect(outcomes.some((outcome) => outcome.label === 'lonely')).toBe(false);
    for (const outcome of outcomes) {
      expect(outcome.correct).toBe(outcome.predicted === outcome.label);
      expect(outcome.score).toBe(outcome.signals.topProbability);
    }
    // the folder's phrasings mostly predict each other
    expect(outcomes.filter((outcome) => outcome.correct).length / outcomes.length).toBeGreaterThanOrEqual(0.5);
  });

  it('is deterministic and takes the score asked for', () => {
    const margins = heldOutOutcomes(examples, featurize, { score: (signals) => signals.margin });
    expect(heldOutOutcomes(examples, featurize, { score: (signals) => signals.margin })).toEqual(margins);
    for (const outcome of margins) expect(outcome.score).toBe(outcome.signals.margin);
  });

  it('trains once, without one phrasing of each of maxHeldOut labels, when there are more labels than that', () => {
    const calls: string[] = [];
    const counting = (text: string) => (calls.push(text), featurize(text));
    const outcomes = heldOutOutcomes(examples, counting, { maxHeldOut: 4 });
    expect(outcomes).toHaveLength(4);
    expect(new Set(outcomes.map((outcome) => outcome.label)).size).toBe(4);
    expect(Object.keys(FAQ)).toEqual(expect.arrayContaining(outcomes.map((outcome) => outcome.label)));
    expect(new Set(calls).size).toBe(calls.length); // each text featurised once, across trainings
  });
});
