/**
 * Binary logistic regression on a handful of dense features, fitted by batch gradient descent with L2.
 * Hand-written: it is 40 lines, fits a few hundred points in milliseconds, and no well-kept npm package does
 * just this without pulling in a numerical stack.
 */
export interface LogisticModel {
  weights: number[];
  bias: number;
  means: number[];
  scales: number[];
}

/** `weight` (default 1) makes a point count as that many: weighing wrong answers up fits a cautious model. */
export function fitLogistic(points: Array<{ features: number[]; label: boolean; weight?: number }>, options: { iterations?: number; learningRate?: number; l2?: number } = {}): LogisticModel {
  const dims = points[0]?.features.length ?? 0;
  const means = Array.from({ length: dims }, (_, d) => mean(points.map((point) => point.features[d])));
  const scales = Array.from({ length: dims }, (_, d) => Math.sqrt(mean(points.map((point) => (point.features[d] - means[d]) ** 2))) || 1);
  const rows = points.map((point) => ({ x: point.features.map((value, d) => (value - means[d]) / scales[d]), y: point.label ? 1 : 0, weight: point.weight ?? 1 }));
  const totalWeight = rows.reduce((sum, row) => sum + row.weight, 0) || 1;
  const weights = new Array<number>(dims).fill(0);
  let bias = 0;
  const { iterations = 400, learningRate = 0.5, l2 = 0.01 } = options;
  for (let iteration = 0; iteration < iterations; iteration++) {
    const gradient = new Array<number>(dims).fill(0);
    let biasGradient = 0;
    for (const row of rows) {
      const error = (sigmoid(dot(weights, row.x) + bias) - row.y) * row.weight;
      for (let d = 0; d < dims; d++) gradient[d] += error * row.x[d];
      biasGradient += error;
    }
    for (let d = 0; d < dims; d++) weights[d] -= learningRate * (gradient[d] / totalWeight + l2 * weights[d]);
    bias -= (learningRate * biasGradient) / totalWeight;
  }
  return { weights, bias, means, scales };
}

export function predictLogistic(model: LogisticModel, features: number[]): number {
  const z = features.reduce((sum, value, d) => sum + model.weights[d] * ((value - model.means[d]) / model.scales[d]), model.bias);
  return sigmoid(z);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function dot(a: number[], b: number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;
}
