/** One distinct question text with its vector, how often it was asked and when last. */
export interface QuestionPoint<T> {
  text: string;
  vector: number[];
  count: number;
  lastAskedAt: number;
  item: T;
}

export interface QuestionGroup<T> {
  /** the most asked text (ties: the newest) */
  representative: QuestionPoint<T>;
  members: Array<QuestionPoint<T>>;
  count: number;
  lastAskedAt: number;
}

/**
 * Average-linkage agglomerative clustering over cosine similarity: the two most similar groups merge while their
 * mean pairwise similarity is at least `threshold`. Average linkage rather than single, so a chain of near
 * neighbours does not pull unrelated questions into one group. O(n³) in distinct texts; callers bound n.
 */
export function groupBySimilarity<T>(points: Array<QuestionPoint<T>>, threshold: number): Array<QuestionGroup<T>> {
  const unit = points.map((point) => normalize(point.vector));
  const clusters: Array<number[] | undefined> = points.map((_, index) => [index]);
  // similarity between clusters i and j (average over pairs), kept up to date with the Lance–Williams update
  const similarity = unit.map((a) => unit.map((b) => dot(a, b)));
  for (;;) {
    let best = -Infinity;
    let bi = -1;
    let bj = -1;
    for (let i = 0; i < clusters.length; i++) {
      if (!clusters[i]) continue;
      for (let j = i + 1; j < clusters.length; j++) {
        if (clusters[j] && similarity[i][j] > best) [best, bi, bj] = [similarity[i][j], i, j];
      }
    }
    if (bi < 0 || best < threshold) break;
    const [a, b] = [clusters[bi]!, clusters[bj]!];
    for (let k = 0; k < clusters.length; k++) {
      if (!clusters[k] || k === bi || k === bj) continue;
      similarity[bi][k] = similarity[k][bi] = (similarity[bi][k] * a.length + similarity[bj][k] * b.length) / (a.length + b.length);
    }
    clusters[bi] = [...a, ...b];
    clusters[bj] = undefined;
  }
  return clusters
    .filter((members): members is number[] => members !== undefined)
    .map((indexes) => {
      const members = indexes.map((index) => points[index]).sort((x, y) => y.count - x.count || y.lastAskedAt - x.lastAskedAt);
      return { representative: members[0], members, count: members.reduce((sum, member) => sum + member.count, 0), lastAskedAt: Math.max(...members.map((member) => member.lastAskedAt)) };
    })
    .sort(largestThenNewest);
}

/** Largest first; of two groups as large, the one asked most recently. */
export function largestThenNewest(a: { count: number; lastAskedAt: number }, b: { count: number; lastAskedAt: number }): number {
  return b.count - a.count || b.lastAskedAt - a.lastAskedAt;
}

export function cosine(a: number[], b: number[]): number {
  return dot(normalize(a), normalize(b));
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function normalize(vector: number[]): number[] {
  const length = Math.sqrt(dot(vector, vector));
  return length > 0 ? vector.map((value) => value / length) : vector;
}
