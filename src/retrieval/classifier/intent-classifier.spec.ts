import { Tokenizer } from '../text/tokenizer';
import { distributionOf, FAQ, faqExamples } from '../../../test/support/faq-examples';
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
    const large = IntentClassifier.train(examples, featurize);
    expect(large.predict('alpha123 delta123x', 1)[0].label).toBe('e123');
  });

  it('scores a word every label has (a dense row) exactly as the plain sum over its weights', () => {
    const words = (text: string) => text.split(' ');
    const examples: TrainingExample[] = [];
    for (let label = 0; label < 400; label++) {
      examples.push({ label: `e${label}`, text: `please order${label} item${label % 7}` }, { label: `e${label}`, text: `please help order${label} size${label % 11}` });
    }
    const large = IntentClassifier.train(examples, words);
    const model = large.toModel();
    const query = 'please help order42 item0 size9';

    // the reference: the query's normalised tf-idf vector times every label's weights, then a softmax over all labels
    const ids = words(query).map((feature) => model.featureIds.get(feature)!);
    expect(ids.every((id) => id !== undefined)).toBe(true);
    const norm = Math.hypot(...ids.map((id) => model.featureWeights[id]));
    const scores = new Float64Array(model.labels.length);
    for (const id of ids) {
      for (let p = model.postings.start[id]; p < model.postings.start[id + 1]; p++) scores[model.postings.index[p]] += model.postings.value[p] * Math.fround(model.featureWeights[id] / norm); // the query vector is float32
    }
    expect(model.postings.start[ids[0] + 1] - model.postings.start[ids[0]]).toBe(400); // "please": a weight for every label
    const max = Math.max(...scores);
    const sum = scores.reduce((total, score) => total + Math.exp(score - max), 0);
    const expected = [...scores.keys()]
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, 5)
      .map((label) => ({ label: model.labels[label], probability: Math.exp(scores[label] - max) / sum }));

    const predictions = large.predict(query, 5);
    expect(predictions.map((prediction) => prediction.label)).toEqual(expected.map((prediction) => prediction.label));
    predictions.forEach((prediction, rank) => expect(prediction.probability).toBeCloseTo(expected[rank].probability, 12));
  });
});
