/**
 * A logistic regression over hashed features of a message (character n-grams, words, negated words and the cue rules
 * that fired: complaint-features.ts) that reads it as a complaint or not. It catches dissatisfaction the cue tables
 * have no pattern for ("一个月了钱还没退回来，当我们好欺负", "发霉的橙子也好意思卖") because it learns from whole
 * labelled messages rather than from chosen phrases.
 *
 * Hashing keeps the model a flat array with no vocabulary to store; features are presence (0/1) scaled by
 * 1/√count so long messages do not score higher for being long. Training is plain stochastic gradient descent with
 * AdaGrad steps, L2 regularisation and the two classes weighted equally, over a seeded shuffle: the same examples
 * give the same model.
 */
import { seededRandom } from '../../retrieval/classifier/seeded-random';
import { complaintFeatures } from './complaint-features';

export interface ComplaintExample {
  text: string;
  complaint: boolean;
}

export interface ComplaintModelOptions {
  /** number of hash buckets (a power of two) */
  buckets?: number;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

const DEFAULTS: Required<ComplaintModelOptions> = { buckets: 1 << 18, epochs: 12, learningRate: 0.3, l2: 1e-5, seed: 1 };

interface FeatureVector {
  index: Int32Array;
  value: number;
}

export class ComplaintModel {
  private constructor(
    private readonly weights: Float64Array,
    private readonly bias: number,
  ) {}

  static train(examples: readonly ComplaintExample[], options: ComplaintModelOptions = {}): ComplaintModel {
    const settings = { ...DEFAULTS, ...options };
    const vectors = examples.map((example) => featurize(example.text, settings.buckets));
    const labels = examples.map((example) => (example.complaint ? 1 : 0));
    const positives = labels.reduce<number>((sum, label) => sum + label, 0);
    const negatives = labels.length - positives;
    if (positives === 0 || negatives === 0) throw new Error('A complaint model needs examples of both classes');
    const classWeight = [labels.length / (2 * negatives), labels.length / (2 * positives)];

    const weights = new Float64Array(settings.buckets);
    const squaredGradients = new Float64Array(settings.buckets);
    let bias = 0;
    let biasSquared = 0;
    const order = Array.from(examples, (_, i) => i);
    const random = seededRandom(settings.seed);
    for (let epoch = 0; epoch < settings.epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j], order[i]];
      }
      for (const n of order) {
        const vector = vectors[n];
        const error = (sigmoid(dot(weights, vector) + bias) - labels[n]) * classWeight[labels[n]];
        for (const k of vector.index) {
          const gradient = error * vector.value + settings.l2 * weights[k];
          squaredGradients[k] += gradient * gradient;
          weights[k] -= (settings.learningRate * gradient) / Math.sqrt(squaredGradients[k] + 1e-8);
        }
        biasSquared += error * error;
        bias -= (settings.learningRate * error) / Math.sqrt(biasSquared + 1e-8);
      }
    }
    return new ComplaintModel(weights, bias);
  }

  /** Probability (0..1) that the message is a complaint. */
  probability(text: string): number {
    const vector = featurize(text, this.weights.length);
    return vector.index.length === 0 ? 0 : sigmoid(dot(this.weights, vector) + this.bias);
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function dot(weights: Float64Array, vector: FeatureVector): number {
  let sum = 0;
  for (const k of vector.index) sum += weights[k];
  return sum * vector.value;
}

function featurize(text: string, buckets: number): FeatureVector {
  const unique = new Set(complaintFeatures(text).map((feature) => hash(feature) & (buckets - 1)));
  const index = Int32Array.from(unique);
  return { index, value: index.length ? 1 / Math.sqrt(index.length) : 0 };
}

/** FNV-1a, 32 bits. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}
