import { Tokenizer } from '../text/tokenizer';
import { trainClassifier } from './classifier-trainer';
import { IntentClassifier, TrainingExample } from './intent-classifier';
import { intentFeaturizer } from './intent-features';

const TOPICS = ['refund', 'delivery', 'warranty', 'invoice', 'password', 'coupon', 'battery', 'filter', 'address', 'points'];
const VERBS = ['check', 'change', 'cancel', 'get', 'track', 'reset', 'use', 'replace', 'extend', 'find'];
const THINGS = ['order', 'vacuum', 'earbuds', 'kettle', 'lamp', 'speaker', 'account', 'parcel', 'payment', 'member'];

describe('trainClassifier', () => {
  it('trains in a worker thread and predicts exactly like training in process', async () => {
    const examples: TrainingExample[] = [];
    TOPICS.forEach((topic, t) =>
      VERBS.forEach((verb, v) => THINGS.forEach((thing) => examples.push({ label: `${topic}-${verb}`, text: `how do I ${verb} the ${topic} for my ${thing} ${t}${v}` }))),
    );
    for (const [index, example] of [...examples].entries()) examples.push({ label: example.label, text: `${example.text} please ${index % 7}` }); // 2,000 examples: the worker path
    const synonyms = { refund: ['money back'] };
    const featurize = intentFeaturizer(new Tokenizer({ synonyms }));

    const fromWorker = await trainClassifier(examples, featurize, synonyms);
    const inProcess = IntentClassifier.train(examples, featurize);
    for (const question of ['how can I track the delivery of my parcel', 'money back for the kettle', 'reset password on my account']) {
      expect(fromWorker.predict(question, 3)).toEqual(inProcess.predict(question, 3));
    }
    expect(fromWorker.predict('I want my money back, how do I get the refund', 1)[0].label).toMatch(/^refund-/);
  });
});
