import { fitLogistic, predictLogistic } from './logistic-regression';

describe('fitLogistic', () => {
  it('learns a separable rule and gives calibrated-looking probabilities', () => {
    const points = Array.from({ length: 200 }, (_, i) => {
      const x = (i % 100) / 100;
      return { features: [x, (i * 7) % 13], label: x > 0.5 };
    });
    const model = fitLogistic(points, { iterations: 2000 });
    expect(predictLogistic(model, [0.9, 3])).toBeGreaterThan(0.9);
    expect(predictLogistic(model, [0.1, 3])).toBeLessThan(0.1);
    expect(predictLogistic(model, [0.5, 3])).toBeGreaterThan(0.2);
    expect(predictLogistic(model, [0.5, 3])).toBeLessThan(0.8);
    expect(Math.abs(model.weights[1])).toBeLessThan(Math.abs(model.weights[0]) / 5); // the noise feature barely counts
  });
});

describe('fitLogistic with weights', () => {
  it('weighing wrong answers up moves the decision towards caution', () => {
    const points = Array.from({ length: 200 }, (_, i) => ({ features: [(i % 100) / 100], label: (i * 37) % 100 < i % 100 }));
    const plain = fitLogistic(points, { iterations: 1000 });
    const cautious = fitLogistic(points.map((point) => ({ ...point, weight: point.label ? 1 : 4 })), { iterations: 1000 });
    expect(predictLogistic(cautious, [0.6])).toBeLessThan(predictLogistic(plain, [0.6]));
    expect(predictLogistic(cautious, [0.6])).toBeLessThan(0.5);
  });
});
