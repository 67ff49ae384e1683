import { Tokenizer } from '../text/tokenizer';
import { IntentAnalysis, IntentClassifier } from './intent-classifier';
import { distributionOf, faqExamples } from '../../../test/support/faq-examples';
import { intentFeaturizer } from './intent-features';
import { outOfScopeSignals } from './out-of-scope';

function analysis(probabilities: number[], terms: IntentAnalysis['terms'] = []): IntentAnalysis {
  return { predictions: [], distribution: distributionOf(probabilities), topScore: 1.5, terms };
}

describe('outOfScopeSignals', () => {
  it('reads the top probability, the margin and the normalised entropy off the distribution', () => {
    expect(outOfScopeSignals(analysis([0.1, 0.6, 0.3]))).toMatchObject({ topProbability: 0.6, topScore: 1.5 });
    expect(outOfScopeSignals(analysis([0.1, 0.6, 0.3])).margin).toBeCloseTo(0.3, 12);
    expect(outOfScopeSignals(analysis([0.25, 0.25, 0.25, 0.25])).entropy).toBeCloseTo(1, 12);
    expect(outOfScopeSignals(analysis([0, 1, 0, 0])).entropy).toBe(0);
    expect(outOfScopeSignals(analysis([0.5, 0.5])).margin).toBe(0);
  });

  it('weighs coverage by idf: a rare unknown word counts more than a common known one', () => {
    const terms = [
      { feature: 'refund', idf: 2, known: true },
      { feature: 'bitcoin', idf: 3, known: false },
    ];
    expect(outOfScopeSignals(analysis([1], terms)).coverage).toBeCloseTo(0.4, 12);
    expect(outOfScopeSignals(analysis([1], [])).coverage).toBe(0);
  });

  describe('on a trained classifier', () => {
    const classifier = IntentClassifier.train(faqExamples(), intentFeaturizer(new Tokenizer()));
    const signalsOf = (question: string) => outOfScopeSignals(classifier.analyze(question));

    it.each([
      ['退款要几天才到账', '今天北京天气怎么样'],
      ['how long does my refund take', 'what is the capital of australia'],
      ['快递几天能到', '推荐一部好看的电影'],
      ['reset my password', 'tell me a joke about cats'],
    ])('ranks %p as more in scope than %p on every signal', (inScope, unrelated) => {
      const known = signalsOf(inScope);
      const unknown = signalsOf(unrelated);
      expect(known.topProbability).toBeGreaterThan(unknown.topProbability);
      expect(known.margin).toBeGreaterThan(unknown.margin);
      expect(known.entropy).toBeLessThan(unknown.entropy);
      expect(known.coverage).toBeGreaterThan(unknown.coverage);
      expect(known.topScore).toBeGreaterThan(unknown.topScore);
    });
  });
});
