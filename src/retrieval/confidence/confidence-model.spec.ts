import { ConfidenceModel, ownWeight, predictConfidence, PRIOR_MODELS } from './confidence-model';
import { LogisticModel, predictLogistic } from './logistic-regression';

const constant = (probability: number): LogisticModel => ({ weights: [0], bias: Math.log(probability / (1 - probability)), means: [0], scales: [1] });

describe('confidence model', () => {
  it('counts the folder’s own calibration more as it holds out more phrasings, never fully at first', () => {
    expect(ownWeight(0)).toBe(0);
    expect(ownWeight(10)).toBeGreaterThan(0);
    expect(ownWeight(10)).toBeLessThan(ownWeight(100));
    expect(ownWeight(100)).toBeLessThan(ownWeight(1000));
    expect(ownWeight(1000)).toBeLessThan(1);
  });

  it('uses the prior alone without an own model', () => {
    const prior = { answer: constant(0.2), suggest: constant(0.6) };
    expect(predictConfidence({ prior, ownWeight: 0 }, [1], 'answer')).toBeCloseTo(0.2);
    expect(predictConfidence({ prior, ownWeight: 0 }, [1], 'suggest')).toBeCloseTo(0.6);
  });

  it('answers with the blend of the two by the own weight', () => {
    const prior = { answer: constant(0.2), suggest: constant(0.6) };
    const own = { answer: constant(0.9), suggest: constant(0.8) };
    expect(predictConfidence({ prior, own, ownWeight: 0.75 }, [1], 'answer')).toBeCloseTo(0.75 * 0.9 + 0.25 * 0.2);
  });

  it('asks back only when both the blend and the prior think the first three may hold the answer', () => {
    const own = { answer: constant(0.5), suggest: constant(0.8) };
    expect(predictConfidence({ prior: { answer: constant(0.5), suggest: constant(0.1) }, own, ownWeight: 0.9 }, [1], 'suggest')).toBeCloseTo(0.1);
    expect(predictConfidence({ prior: { answer: constant(0.5), suggest: constant(0.9) }, own, ownWeight: 0.5 }, [1], 'suggest')).toBeCloseTo(0.85);
  });

  it('never thinks the first three less likely to hold the answer than the first one', () => {
    const own = { answer: constant(0.6), suggest: constant(0.1) };
    expect(predictConfidence({ prior: { answer: constant(0.6), suggest: constant(0.9) }, own, ownWeight: 1 }, [1], 'suggest')).toBeCloseTo(0.6);
    // the prior's check still holds
    expect(predictConfidence({ prior: { answer: constant(0.6), suggest: constant(0.05) }, own, ownWeight: 1 }, [1], 'suggest')).toBeCloseTo(0.05);
  });

  it('survives a JSON round trip unchanged (it may be stored or sent)', () => {
    const model: ConfidenceModel = { prior: PRIOR_MODELS, own: PRIOR_MODELS, ownWeight: 0.4 };
    const features = [0.8, 0.6, 0.3, 0.2, 0.4, 0.5, 0.3, 0.2, 0.9, 0.5, 0.9, 0.3];
    const copy = JSON.parse(JSON.stringify(model)) as ConfidenceModel;
    expect(predictConfidence(copy, features, 'answer')).toBe(predictConfidence(model, features, 'answer'));
  });

  it('ships a prior whose models read every candidate feature', () => {
    for (const model of [PRIOR_MODELS.answer, PRIOR_MODELS.suggest]) {
      expect(model.weights).toHaveLength(12);
      expect(model.means).toHaveLength(12);
      expect(model.scales.every((scale) => scale > 0)).toBe(true);
      expect(predictLogistic(model, new Array(12).fill(0))).toBeLessThan(0.5); // nothing matched: never sure
    }
  });
});
