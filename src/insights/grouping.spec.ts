import { cosine, groupBySimilarity, QuestionPoint } from './grouping';

const point = (text: string, vector: number[], count = 1, lastAskedAt = 0): QuestionPoint<string> => ({ text, vector, count, lastAskedAt, item: text });

describe('groupBySimilarity', () => {
  it('puts near questions together and keeps far ones apart, largest group first', () => {
    const groups = groupBySimilarity(
      [point('where is my parcel', [1, 0.1, 0], 2, 10), point('parcel not arrived', [0.9, 0.2, 0], 3, 20), point('change my password', [0, 0, 1], 1, 30), point('my parcel is late', [1, 0, 0.05], 1, 5)],
      0.8,
    );
    expect(groups.map((group) => group.members.map((member) => member.text))).toEqual([['parcel not arrived', 'where is my parcel', 'my parcel is late'], ['change my password']]);
    expect(groups[0]).toMatchObject({ count: 6, lastAskedAt: 20, representative: { text: 'parcel not arrived' } });
  });

  it('does not chain: average linkage refuses a group whose ends are far apart', () => {
    // a ~ b and b ~ c are each above the threshold, a ~ c is not: single linkage would make one group of three
    const a = [1, 0];
    const b = [Math.cos(Math.PI / 8), Math.sin(Math.PI / 8)];
    const c = [Math.cos(Math.PI / 4), Math.sin(Math.PI / 4)];
    expect(cosine(a, b)).toBeGreaterThan(0.9);
    expect(cosine(a, c)).toBeLessThan(0.9);
    const groups = groupBySimilarity([point('a', a), point('b', b), point('c', c)], 0.9);
    expect(groups).toHaveLength(2);
  });

  it('orders groups of the same size newest first, and handles nothing and zero vectors', () => {
    const groups = groupBySimilarity([point('old', [1, 0], 2, 1), point('new', [0, 1], 2, 9), point('empty', [0, 0], 1, 5)], 0.8);
    expect(groups.map((group) => group.representative.text)).toEqual(['new', 'old', 'empty']);
    expect(groupBySimilarity([], 0.8)).toEqual([]);
  });
});
