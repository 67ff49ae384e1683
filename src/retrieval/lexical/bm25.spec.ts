import { seededRandom } from '../classifier/seeded-random';
import { Bm25Index, buildFrozenBm25 } from './bm25';

function indexOf(documents: Record<string, string>): Bm25Index {
  const index = new Bm25Index();
  for (const [key, text] of Object.entries(documents)) index.add(key, text.split(' '));
  return index;
}

describe('Bm25Index', () => {
  const documents = {
    refund: 'refund time refund bank',
    return: 'return item within day',
    invoice: 'invoice request company',
    delivery: 'delivery time courier',
    longRefund: 'refund policy explain detail many word about refund bank card account',
  };

  it('ranks the document sharing the query terms first', () => {
    const hits = indexOf(documents).search(['refund', 'time'], 10);
    expect(hits[0].key).toBe('refund');
    expect(hits.map((hit) => hit.key).sort()).toEqual(['delivery', 'longRefund', 'refund']);
  });

  it('weighs rare terms above common ones', () => {
    const index = indexOf(documents);
    expect(index.idf('courier')).toBeGreaterThan(index.idf('refund'));
    expect(index.search(['time', 'courier'], 1)[0].key).toBe('delivery');
  });

  it('prefers the shorter of two documents with the same term frequency', () => {
    const index = indexOf({ short: 'refund bank', long: 'refund bank and many other words in a long text' });
    const [first, second] = index.search(['refund'], 2);
    expect(first.key).toBe('short');
    expect(first.score).toBeGreaterThan(second.score);
  });

  it('keeps idf positive even for a term in every document', () => {
    const index = indexOf({ a: 'order x', b: 'order y', c: 'order z' });
    expect(index.idf('order')).toBeGreaterThan(0);
    expect(index.search(['order'], 5)).toHaveLength(3);
  });

  it('honours the limit and returns nothing for an empty query, a zero limit or an empty index', () => {
    const index = indexOf(documents);
    expect(index.search(['refund', 'time', 'return', 'invoice'], 2)).toHaveLength(2);
    expect(index.search([], 5)).toEqual([]);
    expect(index.search(['refund'], 0)).toEqual([]);
    expect(index.search(['unknown'], 5)).toEqual([]);
    expect(new Bm25Index().search(['refund'], 5)).toEqual([]);
  });

  it('returns scores in descending order', () => {
    const scores = indexOf(documents)
      .search(['refund', 'bank', 'time', 'item'], 10)
      .map((hit) => hit.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('removes a document and its statistics exactly', () => {
    const index = indexOf(documents);
    expect(index.remove('longRefund')).toBe(true);
    expect(index.remove('longRefund')).toBe(false);

    const { longRefund: _removed, ...rest } = documents;
    const fresh = indexOf(rest);
    expect(index.size).toBe(4);
    expect(index.has('longRefund')).toBe(false);
    expect(index.idf('refund')).toBe(fresh.idf('refund'));
    expect(index.search(['refund', 'bank', 'time'], 10)).toEqual(fresh.search(['refund', 'bank', 'time'], 10));
    expect(index.maxScore(['refund', 'time'])).toBe(fresh.maxScore(['refund', 'time']));
    expect(index.search(['policy'], 10)).toEqual([]);
  });

  it('replaces a document added twice under the same key', () => {
    const index = indexOf(documents);
    index.add('invoice', ['courier']);
    expect(index.size).toBe(5);
    expect(index.search(['company'], 5)).toEqual([]);
    expect(index.search(['courier'], 5).map((hit) => hit.key)).toEqual(['invoice', 'delivery']);
  });

  it('reuses the slots of removed documents without mixing them up', () => {
    const index = indexOf(documents);
    index.remove('refund');
    index.remove('return');
    index.add('warranty', ['warranty', 'repair']);
    expect(index.search(['repair'], 5)).toEqual([{ key: 'warranty', score: expect.any(Number) }]);
    expect(index.search(['item'], 5)).toEqual([]);
    expect(index.has('refund')).toBe(false);
  });

  it('gives maxScore as the score of a document that is exactly the query, above every real hit', () => {
    const index = indexOf(documents);
    const query = ['refund', 'time'];
    index.add('exact', query);
    const exact = index.search(query, 10).find((hit) => hit.key === 'exact')!;
    expect(index.maxScore(query)).toBeCloseTo(exact.score, 10);
    for (const hit of index.search(query, 10)) expect(hit.score).toBeLessThanOrEqual(index.maxScore(query) + 1e-9);
  });

  it('counts unknown query tokens in maxScore, so mostly unknown queries normalise low', () => {
    const index = indexOf(documents);
    expect(index.maxScore(['refund', 'lm20261123001'])).toBeGreaterThan(index.maxScore(['refund']));
    expect(index.maxScore([])).toBe(0);
  });

  it('weighs each query term by its given weight: a down-weighted term adds that share of its score', () => {
    const frozen = indexOf(documents).freeze();
    const full = frozen.search(['courier'], 10)[0];
    const weighted = frozen.searchWeighted(new Map([['courier', 0.3]]), 10)[0];
    expect(weighted.key).toBe('delivery');
    expect(weighted.score).toBeCloseTo(0.3 * full.score);
    // a typed term outweighs an added one of the same rarity
    expect(frozen.searchWeighted(new Map([['invoice', 1], ['courier', 0.3]]), 10)[0].key).toBe('invoice');
    expect(frozen.search(['refund', 'time'], 10)).toEqual(frozen.searchWeighted(new Map([['refund', 1], ['time', 1]]), 10));
  });

  it('knows which terms it holds, and the best score a weighted query can reach', () => {
    const frozen = indexOf(documents).freeze();
    expect(frozen.has('courier')).toBe(true);
    expect(frozen.has('kettle')).toBe(false);
    const query = new Map([['courier', 1], ['time', 0.5]]);
    expect(frozen.searchWeighted(query, 1)[0].score).toBeLessThan(frozen.maxScoreWeighted(query));
  });

  it('takes k1 and b', () => {
    const noLengthNorm = new Bm25Index({ b: 0 });
    noLengthNorm.add('short', ['refund']);
    noLengthNorm.add('long', ['refund', 'a', 'b', 'c', 'd', 'e']);
    const [first, second] = noLengthNorm.search(['refund'], 2);
    expect(first.score).toBe(second.score);
  });

  it('returns exactly the best hits of a full ranking, ties in slot order, for small and large limits', () => {
    const index = new Bm25Index<number>();
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    const term = () => `t${Math.floor(Math.pow(random(), 2) * 40)}`;
    // many documents repeat, so many scores tie
    for (let key = 0; key < 3000; key++) index.add(key, Array.from({ length: 1 + Math.floor(random() * 4) }, term));
    const query = ['t0', 't3', 't7', 't20'];
    const everything = index.search(query, 100000);
    const expected = [...everything].sort((a, b) => b.score - a.score || a.key - b.key);
    expect(everything).toEqual(expected);
    for (const limit of [1, 5, 60, 180, 999]) expect(index.search(query, limit)).toEqual(expected.slice(0, limit));
  });

  it('freezes into an index that later changes leave alone', () => {
    const index = indexOf(documents);
    const frozen = index.freeze();
    const before = frozen.search(['refund', 'time'], 10);
    index.add('another', ['refund', 'time']);
    index.remove('delivery');
    expect(frozen.search(['refund', 'time'], 10)).toEqual(before);
    expect(frozen.size).toBe(5);
    expect(index.search(['refund', 'time'], 10).map((hit) => hit.key)).toEqual(['another', 'refund', 'longRefund']);
  });

  it('visits the documents holding a term, or none when more than the limit hold it', () => {
    const frozen = indexOf(documents).freeze();
    const visited: string[] = [];
    expect(frozen.forEachDocumentWith('refund', 5, (key) => visited.push(key))).toBe(true);
    expect(visited.sort()).toEqual(['longRefund', 'refund']);
    expect(frozen.forEachDocumentWith('refund', 1, () => visited.push('too many'))).toBe(false);
    expect(frozen.forEachDocumentWith('unknown', 1, () => visited.push('unknown'))).toBe(true);
    expect(visited).toHaveLength(2);
  });

  it('builds at once the same frozen index as adding every document and freezing', () => {
    const random = seededRandom(7);
    const term = () => `t${Math.floor(Math.pow(random(), 2) * 300)}`;
    // repeated tokens within a document, empty documents, and documents of very different lengths
    const docs = Array.from({ length: 2000 }, (_, key) => ({ key, tokens: Array.from({ length: Math.floor(random() * 12) }, term) }));
    const added = new Bm25Index<number>({ k1: 1.5, b: 0.6 });
    for (const { key, tokens } of docs) added.add(key, tokens);
    const [incremental, built] = [added.freeze(), buildFrozenBm25(docs, { k1: 1.5, b: 0.6 })];
    expect(built.size).toBe(incremental.size);
    for (let q = 0; q < 50; q++) {
      const query = Array.from({ length: 1 + Math.floor(random() * 4) }, term);
      expect(built.search(query, 20)).toEqual(incremental.search(query, 20));
      expect(built.maxScore(query)).toBe(incremental.maxScore(query));
      expect(built.idf(query[0])).toBe(incremental.idf(query[0]));
    }
    const visit = (frozen: typeof built) => {
      const keys: number[] = [];
      frozen.forEachDocumentWith('t1', 5000, (key) => keys.push(key));
      return keys;
    };
    expect(visit(built)).toEqual(visit(incremental));
    expect(visit(built).length).toBeGreaterThan(10);
  });
});
