import { Tokenizer } from '../text/tokenizer';
import { hash32, LocalHashEmbedding } from './local-embedding';

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, i) => sum + value * b[i], 0);
}

function norm(vector: number[]): number {
  return Math.sqrt(cosine(vector, vector));
}

describe('LocalHashEmbedding', () => {
  const model = new LocalHashEmbedding(new Tokenizer());

  it('names its vector space by version and dimensions', () => {
    expect(model.id).toBe('local:hash-v1:512');
    expect(model.dimensions).toBe(512);
    expect(new LocalHashEmbedding(new Tokenizer(), 256).id).toBe('local:hash-v1:256');
  });

  it('gives a different id when synonyms or user words change the features', () => {
    const configured = new LocalHashEmbedding(new Tokenizer({ synonyms: { refund: ['money back'] } }));
    expect(configured.id).toMatch(/^local:hash-v1:512:[0-9a-f]{12}$/);
  });

  it('rejects impossible dimensions', () => {
    expect(() => new LocalHashEmbedding(new Tokenizer(), 0)).toThrow(RangeError);
    expect(() => new LocalHashEmbedding(new Tokenizer(), 12.5)).toThrow(RangeError);
  });

  it('returns unit vectors of the stated dimension', async () => {
    const vectors = await model.embedDocuments(['我的快递什么时候到', 'Where is my refund?', '我的order还没到']);
    for (const vector of vectors) {
      expect(vector).toHaveLength(512);
      expect(norm(vector)).toBeCloseTo(1, 10);
    }
  });

  it('embeds a query as it embeds the same text as a document', async () => {
    const [document] = await model.embedDocuments(['退款多久到账']);
    expect(await model.embedQuery('退款多久到账')).toEqual(document);
  });

  it('is deterministic: the same vector every time, in every process', async () => {
    expect(await model.embedQuery('refund')).toEqual(await model.embedQuery('refund'));
    // pinned values: if this fails the vector space changed, and "hash-v1" in the id must be bumped
    expect(['', 'a', 'refund', '快递'].map(hash32)).toEqual([2872998923, 444641715, 2336195408, 1633930891]);
    const vector = await model.embedQuery('退款');
    const nonZero = vector.flatMap((value, index) => (value === 0 ? [] : [[index, Number(value.toFixed(6))]]));
    expect(nonZero).toEqual([
      [80, -0.408248],
      [353, -0.816497],
      [373, 0.408248],
    ]);
  });

  it('gives empty and emoji-only text a fixed non-zero unit vector, so cosine distance stays defined', async () => {
    for (const text of ['', '   ', '😀🎉']) {
      const vector = await model.embedQuery(text);
      expect(vector).toHaveLength(512);
      expect(vector[0]).toBe(1);
      expect(norm(vector)).toBe(1);
    }
  });

  it('keeps a misspelt query closer to its correct spelling than to an unrelated one', async () => {
    const [typo, correct, unrelated] = await model.embedDocuments(['recieve refund', 'receive refund', 'change my password']);
    expect(cosine(typo, correct)).toBeGreaterThan(0.4);
    expect(cosine(typo, correct)).toBeGreaterThan(cosine(typo, unrelated) + 0.3);
  });

  it('keeps Chinese typos (look-alike and homophone characters) close to the right words', async () => {
    const [lookAlike, homophone, weilidai, address, password] = await model.embedDocuments([
      '微粒货怎么申请',
      '修改收获地址',
      '微粒贷怎么申请',
      '修改收货地址',
      '忘记密码怎么办',
    ]);
    expect(cosine(lookAlike, weilidai)).toBeGreaterThan(cosine(lookAlike, password) + 0.3);
    expect(cosine(homophone, address)).toBeGreaterThan(cosine(homophone, password) + 0.3);
  });

  it('scores paraphrases sharing words above unrelated questions', async () => {
    const [query, same, other] = await model.embedDocuments(['退款多久能到账', '退款什么时候到账', '怎么开发票']);
    expect(cosine(query, same)).toBeGreaterThan(cosine(query, other) + 0.3);
  });
});
