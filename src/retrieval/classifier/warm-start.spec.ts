import { Tokenizer } from '../text/tokenizer';
import { changedLabels, labelDigests, trainIncrementally, WARM_START_FROM_EXAMPLES } from './incremental-training';
import { IntentClassifier, TrainingExample } from './intent-classifier';
import { intentFeaturizer } from './intent-features';
import { warmStartClassifier } from './warm-start';

const TOPICS = ['refund', 'delivery', 'warranty', 'invoice', 'password', 'coupon', 'battery', 'filter', 'address', 'points'];
const VERBS = ['check', 'change', 'cancel', 'get', 'track', 'reset', 'use', 'replace', 'extend', 'find'];
const THINGS = ['order', 'vacuum', 'earbuds', 'kettle', 'lamp', 'speaker', 'account', 'parcel', 'payment', 'member'];

/** 100 labels (topic × verb), 10 phrasings each. */
function folder(): TrainingExample[] {
  const examples: TrainingExample[] = [];
  for (const topic of TOPICS) for (const verb of VERBS) for (const thing of THINGS) examples.push({ label: `${topic}-${verb}`, text: `how do I ${verb} the ${topic} for my ${thing}` });
  return examples;
}

describe('warmStartClassifier', () => {
  const featurize = intentFeaturizer(new Tokenizer());
  const before = folder();
  const previous = IntentClassifier.train(before, featurize);

  it('predicts exactly as before when no label changed', () => {
    const warm = IntentClassifier.fromModel(warmStartClassifier(previous.toModel(), before, new Set(), featurize), featurize);
    for (const question of ['how can I track my parcel delivery', 'reset the password of my account', 'coupon for the kettle']) {
      expect(warm.predict(question, 3)).toEqual(previous.predict(question, 3));
    }
  });

  it('drops removed labels, learns new ones and forgets what a changed label no longer says', () => {
    const after = before.filter((example) => example.label !== 'coupon-use' && example.label !== 'battery-replace');
    after.push(
      { label: 'gift-card', text: 'can I pay with a gift card' },
      { label: 'gift-card', text: 'gift card payment at checkout' },
      { label: 'gift-card', text: '可以用礼品卡付款吗' },
      { label: 'battery-replace', text: 'my earbuds do not hold a charge any more' },
      { label: 'battery-replace', text: 'the vacuum runs out of power after ten minutes' },
    );
    const changed = changedLabels(labelDigests(before), labelDigests(after));
    expect([...changed].sort()).toEqual(['battery-replace', 'coupon-use', 'gift-card']);
    const warm = IntentClassifier.fromModel(warmStartClassifier(previous.toModel(), after, changed, featurize), featurize);

    expect(warm.labels).not.toContain('coupon-use');
    expect(warm.labels).toHaveLength(100);
    expect(warm.predict('pay with my gift card', 1)[0].label).toBe('gift-card');
    expect(warm.predict('礼品卡付款', 1)[0].label).toBe('gift-card');
    expect(warm.predict('my earbuds do not hold a charge', 1)[0].label).toBe('battery-replace');
    expect(warm.predict('how do I replace the battery for my kettle', 3).map((prediction) => prediction.label)).not.toContain('battery-replace');
    // the labels nobody edited answer as they did
    for (const question of ['how can I track my parcel delivery', 'reset the password of my account']) {
      expect(warm.predict(question, 1)[0].label).toBe(previous.predict(question, 1)[0].label);
    }
  });
});

describe('trainIncrementally', () => {
  const featurize = intentFeaturizer(new Tokenizer());
  const large = [...folder(), ...folder().map((example, index) => ({ label: example.label, text: `${example.text} please ${index % 13}` }))];
  for (const [index, example] of [...large].entries()) large.push({ label: example.label, text: `${example.text} today ${index % 7}` });

  it('warm-starts a large folder after a small edit, and trains a small folder or a large change from scratch', async () => {
    expect(large.length).toBeGreaterThanOrEqual(WARM_START_FROM_EXAMPLES);
    const first = await trainIncrementally(undefined, large, featurize, undefined);
    expect(first.warmStarts).toBe(0);

    const edited = [...large, { label: 'gift-card', text: 'can I pay with a gift card' }];
    const warm = await trainIncrementally(first, edited, featurize, undefined);
    expect(warm.warmStarts).toBe(1);
    expect(IntentClassifier.fromModel(warm.model, featurize).predict('gift card payment', 1)[0].label).toBe('gift-card');

    const rewritten = large.map((example) => (example.label.startsWith('refund') || example.label.startsWith('coupon') ? { ...example, text: `${example.text} now` } : example));
    expect((await trainIncrementally(warm, rewritten, featurize, undefined)).warmStarts).toBe(0);

    const small = folder();
    const smallFirst = await trainIncrementally(undefined, small, featurize, undefined);
    expect((await trainIncrementally(smallFirst, [...small, { label: 'gift-card', text: 'gift card' }], featurize, undefined)).warmStarts).toBe(0);
  }, 60_000);
});
