import { Tokenizer } from '../text/tokenizer';
import { distributionOf, FAQ, faqExamples } from './faq.fixture';
import { IntentClassifier, TrainingExample } from './intent-classifier';
import { intentFeaturizer } from './intent-features';

describe('IntentClassifier', () => {
  const featurize = intentFeaturizer(new Tokenizer());
  const classifier = IntentClassifier.train(faqExamples(), featurize);

  it('knows every label, in order of first appearance', () => {
    expect(classifier.labels).toEqual(Object.keys(FAQ));
  });

  it.each([
    ['退款要几天才到账', 'refund-time'],
    ['我的钱什么时候退回', 'refund-time'],
    ['how many days until my refund arrives', 'refund-time'],
    ['这个商品我不想要了，怎么退', 'return-policy'],
    ['how can i return this item', 'return-policy'],
    ['快递要多久才能送到', 'shipping-time'],
    ['how long until my parcel is delivered', 'shipping-time'],
    ['发票怎么开', 'invoice'],
    ['can i get an invoice', 'invoice'],
    ['登录密码忘了', 'reset-password'],
    ['how do i reset my password', 'reset-password'],
    ['收货地址写错了怎么改', 'change-address'],
    ['i need to change my address', 'change-address'],
  ])('classifies the unseen paraphrase %p as %p', (question, label) => {
    expect(classifier.predict(question, 1)[0].label).toBe(label);
  });

  it('returns probabilities that sum to 1, best first, at most `limit` of them', () => {
    const analysis = classifier.analyze('退款多久到账', 3);
    const everyLabel = classifier.analyze('退款多久到账', Object.keys(FAQ).length).predictions;
    expect(everyLabel.reduce((sum, prediction) => sum + prediction.probability, 0)).toBeCloseTo(1, 9);
    expect(analysis.predictions).toHaveLength(3);
    const probabilities = analysis.predictions.map((prediction) => prediction.probability);
    expect(probabilities).toEqual([...probabilities].sort((a, b) => b - a));
    expect(analysis.predictions[0].probability).toBe(analysis.distribution.first);
    expect(analysis.predictions[1].probability).toBe(analysis.distribution.second);
    expect(analysis.distribution.entropy).toBeCloseTo(distributionOf(everyLabel.map((prediction) => prediction.probability)).entropy, 9);
    expect(classifier.predict('退款多久到账', 100)).toHaveLength(Object.keys(FAQ).length);
  });

  it('is deterministic: the same examples and options give the same model', () => {
    const again = IntentClassifier.train(faqExamples(), featurize);
    for (const question of ['快递几天到', 'reset password', '完全无关的问题']) {
      expect(again.analyze(question, 100)).toEqual(classifier.analyze(question, 100));
    }
  });

  it('spreads its probability evenly over the labels for a question sharing nothing with the folder', () => {
    const analysis = classifier.analyze('qqvj zzxq 🙂');
    const labels = Object.keys(FAQ).length;
    for (const prediction of classifier.analyze('qqvj zzxq 🙂', labels).predictions) expect(prediction.probability).toBeCloseTo(1 / labels, 9);
    expect(analysis.distribution.entropy).toBeCloseTo(1, 9);
    expect(analysis.topScore).toBe(0);
    expect(analysis.terms.every((term) => !term.known)).toBe(true);
  });

  it('puts the probability on the right entry when a phrasing is repeated verbatim', () => {
    expect(classifier.predict('How do I get an invoice?', 1)[0]).toEqual({ label: 'invoice', probability: expect.any(Number) });
    expect(classifier.predict('How do I get an invoice?', 1)[0].probability).toBeGreaterThan(0.5);
  });

  it('handles an empty training set and a single label', () => {
    const empty = IntentClassifier.train([], featurize);
    expect(empty.labels).toEqual([]);
    expect(empty.predict('anything')).toEqual([]);

    const single = IntentClassifier.train([{ label: 'only', text: '退款' }], featurize);
    expect(single.predict('退款')).toEqual([{ label: 'only', probability: 1 }]);
  });

  it('trains a thousand labels quickly and keeps them apart', () => {
    const examples: TrainingExample[] = [];
    for (let label = 0; label < 1000; label++) {
      const words = [`alpha${label}`, `beta${label % 97}`, `gamma${label % 89}`, `delta${label}x`];
      examples.push({ label: `e${label}`, text: words.slice(0, 3).join(' ') }, { label: `e${label}`, text: words.slice(1).join(' ') });
    }
    const started = Date.now();
    const large = IntentClassifier.train(examples, featurize);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(large.predict('alpha123 delta123x', 1)[0].label).toBe('e123');
  });
});
