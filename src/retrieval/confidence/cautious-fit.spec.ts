import { fitCautiously, ProbeOutcome } from './cautious-fit';
import { fitLogistic, predictLogistic } from './logistic-regression';

/** One feature, the top candidate's score; the right answer comes first more often the higher it is. */
function probes(wrongAbove: (score: number) => boolean): ProbeOutcome[] {
  return Array.from({ length: 400 }, (_, i) => {
    const score = (i % 100) / 100;
    return { features: [score], label: !wrongAbove(score) && (i * 37) % 100 < i % 100 + 20, asked: true };
  });
}

const wrongShare = (points: ProbeOutcome[], model: ReturnType<typeof fitLogistic>) =>
  points.filter((point) => predictLogistic(model, point.features) >= 0.5 && !point.label).length / points.length;

describe('fitCautiously', () => {
  it('keeps the plain fit when the probes are rarely answered wrongly by it', () => {
    const points = probes(() => false);
    const plain = fitLogistic(points);
    const fit = fitCautiously(points, { threshold: 0.5, maxWrong: wrongShare(points, plain) + 0.01 });
    expect(fit.wrongWeight).toBe(1);
    expect(predictLogistic(fit.model, [0.7])).toBeCloseTo(predictLogistic(plain, [0.7]), 10);
  });

  it('weighs wrong answers up until the probes answered wrongly are at most maxWrong', () => {
    const points = probes(() => false);
    const plainWrong = wrongShare(points, fitLogistic(points));
    expect(plainWrong).toBeGreaterThan(0.05);
    const fit = fitCautiously(points, { threshold: 0.5, maxWrong: 0.05 });
    expect(fit.wrongWeight).toBeGreaterThan(1);
    expect(fit.wrong).toBeLessThanOrEqual(0.05);
    expect(wrongShare(points, fit.model)).toBeCloseTo(fit.wrong, 10);
    expect(fit.right).toBeGreaterThan(0);
  });

  it('reads the wrong-answer rate on the asked probes only', () => {
    // the same outcomes, plus probes that are always wrong but not asked (e.g. out of scope): they make the fit more
    // cautious through the data, but do not count in the rate
    const asked = probes(() => false);
    const notAsked = asked.map((point) => ({ ...point, label: false, asked: false }));
    const fit = fitCautiously([...asked, ...notAsked], { threshold: 0.5, maxWrong: 1 });
    expect(fit.wrongWeight).toBe(1);
    expect(fit.wrong).toBeCloseTo(wrongShare(asked, fit.model), 10);
    expect(fit.right + fit.wrong).toBeCloseTo(asked.filter((point) => predictLogistic(fit.model, point.features) >= 0.5).length / asked.length, 10);
  });
});
