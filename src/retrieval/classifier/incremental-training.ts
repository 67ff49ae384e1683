import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { trainClassifier } from './classifier-trainer';
import { IntentClassifierModel, TrainingExample } from './intent-classifier';
import { warmStartClassifier } from './warm-start';

/** What is stored per index version: the model, and what the next version's warm start compares against. */
export interface TrainedClassifier {
  model: IntentClassifierModel;
  /** per label, a digest of its examples' texts: the labels an edit changed are those whose digest moved */
  digests: Map<string, string>;
  /** warm starts since the model was last trained from scratch */
  warmStarts: number;
}

/** Below this many examples training from scratch takes milliseconds, and is exact. */
export const WARM_START_FROM_EXAMPLES = 2000;
/**
 * After this many warm starts in a row the next version is trained from scratch: each warm start drifts a little
 * from the model training from scratch would give, and the drift adds up (classifier.bench.ts --warm-start measures
 * it after one edit and after this many).
 */
const MAX_WARM_STARTS = 5;
/** A change of more than this share of the labels is trained from scratch: it is no longer an edit of a few entries. */
const MAX_CHANGED_SHARE = 0.05;

const logger = new Logger('ClassifierTrainer');

/**
 * The classifier for these examples: warm-started from `previous` (the model of an older index version) when the
 * folder is large and the change small, else trained from scratch.
 */
export async function trainIncrementally(
  previous: TrainedClassifier | undefined,
  examples: TrainingExample[],
  featurize: (text: string) => string[],
  synonyms: Record<string, string[]> | undefined,
): Promise<TrainedClassifier> {
  const digests = labelDigests(examples);
  const changed = previous ? changedLabels(previous.digests, digests) : undefined;
  const warm =
    previous && changed && examples.length >= WARM_START_FROM_EXAMPLES && previous.warmStarts < MAX_WARM_STARTS && changed.size <= MAX_CHANGED_SHARE * digests.size;
  if (!warm) return { model: (await trainClassifier(examples, featurize, synonyms)).toModel(), digests, warmStarts: 0 };
  const started = Date.now();
  const model = warmStartClassifier(previous.model, examples, changed, featurize);
  logger.log(`Warm-started the classifier from the previous version's in ${Date.now() - started} ms: ${changed.size} of ${digests.size} labels changed`);
  return { model, digests, warmStarts: previous.warmStarts + 1 };
}

/** Labels added, removed, or whose examples changed. */
export function changedLabels(before: ReadonlyMap<string, string>, after: ReadonlyMap<string, string>): Set<string> {
  const changed = new Set<string>();
  for (const [label, digest] of after) if (before.get(label) !== digest) changed.add(label);
  for (const label of before.keys()) if (!after.has(label)) changed.add(label);
  return changed;
}

/** A digest per label of its examples' texts, in any order. */
export function labelDigests(examples: TrainingExample[]): Map<string, string> {
  const texts = new Map<string, string[]>();
  for (const { label, text } of examples) {
    const list = texts.get(label);
    if (list) list.push(text);
    else texts.set(label, [text]);
  }
  const digests = new Map<string, string>();
  for (const [label, list] of texts) digests.set(label, createHash('sha1').update(list.sort().join('\u0000')).digest('base64'));
  return digests;
}
