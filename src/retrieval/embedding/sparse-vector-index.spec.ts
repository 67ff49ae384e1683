import { Tokenizer } from '../text/tokenizer';
import { LocalHashEmbedding } from './local-embedding';
import { SparseVectorIndex } from './sparse-vector-index';

describe('SparseVectorIndex', () => {
  const tokenizer = new Tokenizer();
  const embedding = new LocalHashEmbedding(tokenizer, 64);
  const texts = ['退款多久到账', '怎么申请退货', 'Where is my refund?', 'How do I reset my password', '快递一直没到', '发票怎么开', 'refund for the kettle', 'change the delivery address'];
  const vectorOf = (key: number) => embedding.embedFeatures(tokenizer.features(texts[key]));
  const index = SparseVectorIndex.build(
    texts.map((_, key) => key),
    embedding.dimensions,
    vectorOf,
  );
  const cosine = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i], 0);

  it('finds the nearest vectors by cosine exactly as the dense vectors rank them', () => {
    for (const question of ['my refund has not arrived', '退款什么时候到', 'reset password']) {
      const query = embedding.embed(question);
      const expected = texts
        .map((text, key) => ({ key, similarity: cosine(query, embedding.embed(text)) }))
        .filter((hit) => hit.similarity > 0)
        .sort((a, b) => b.similarity - a.similarity)
        .slice(0, 3);
      const found = index.search(embedding.embedFeatures(tokenizer.features(question)), 3);
      expect(found.map((hit) => hit.key)).toEqual(expected.map((hit) => hit.key));
      found.forEach((hit, i) => expect(hit.similarity).toBeCloseTo(expected[i].similarity, 5));
    }
  });

  it('leaves out vectors that share nothing with the query, and is ready for the next search', () => {
    const query = embedding.embedFeatures(tokenizer.features('zzzz qqqq'));
    expect(index.search(query, 5).every((hit) => hit.similarity > 0)).toBe(true);
    const first = index.search(embedding.embedFeatures(tokenizer.features('退款')), 2);
    expect(index.search(embedding.embedFeatures(tokenizer.features('退款')), 2)).toEqual(first);
  });

  it('reuses the vectors an older index holds and makes only the new ones', () => {
    const made: number[] = [];
    const next = SparseVectorIndex.build([1, 2, 3, 8], embedding.dimensions, (key) => (made.push(key), embedding.embedFeatures(tokenizer.features(key === 8 ? 'refund for my kettle' : texts[key]))), index);
    expect(made).toEqual([8]);
    const query = embedding.embedFeatures(tokenizer.features('refund kettle'));
    expect(next.search(query, 2).map((hit) => hit.key)).toEqual([8, 2]);
  });
});
