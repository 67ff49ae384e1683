import { Tokenizer } from '../text/tokenizer';
import { intentFeaturizer, SUBWORD_PREFIX, SURFACE_PREFIX, surfaceWords } from './intent-features';

describe('intentFeaturizer', () => {
  const tokenizer = new Tokenizer();

  it('keeps the words retrieval drops: question words, pronouns, particles', () => {
    expect(surfaceWords('What is MY balance?')).toEqual(['what', 'is', 'my', 'balance']);
    expect(surfaceWords('请问我的快递到了吗')).toEqual(expect.arrayContaining(['请问', '我', '的', '快递', '吗']));
  });

  it("adds the surface words and their marked trigrams to the tokenizer's features", () => {
    const features = intentFeaturizer(tokenizer)('what is my pin');
    expect(features).toEqual(expect.arrayContaining(tokenizer.features('what is my pin')));
    expect(features).toEqual(expect.arrayContaining([`${SURFACE_PREFIX}what`, `${SURFACE_PREFIX}my`, `${SURFACE_PREFIX}pin`]));
    expect(features).toEqual(expect.arrayContaining([`${SUBWORD_PREFIX}<pi`, `${SUBWORD_PREFIX}pin`, `${SUBWORD_PREFIX}in>`]));
  });

  it('gives the same features from the tokenizer features a caller already has, and leaves them unchanged', () => {
    const featurize = intentFeaturizer(tokenizer);
    for (const text of ['what is my pin', '请问我的快递到了吗', '退款 refund 多久']) {
      const known = tokenizer.features(text);
      const copy = [...known];
      expect(featurize(text, known)).toEqual(featurize(text));
      expect(known).toEqual(copy);
    }
  });

  it('adds word pairs only when asked, and subwords unless told not to', () => {
    const plain = intentFeaturizer(tokenizer, { subwords: false })('how long');
    expect(plain.some((feature) => feature.startsWith(SUBWORD_PREFIX))).toBe(false);
    expect(plain).not.toContain(`${SURFACE_PREFIX}how${SURFACE_PREFIX}long`);
    expect(intentFeaturizer(tokenizer, { wordBigrams: true })('how long')).toContain(`${SURFACE_PREFIX}how${SURFACE_PREFIX}long`);
  });

  it('gives nothing for empty or emoji-only text', () => {
    expect(intentFeaturizer(tokenizer)('')).toEqual([]);
    expect(intentFeaturizer(tokenizer)('😀👍')).toEqual([]);
  });
});
