import { Logger } from '@nestjs/common';
import { startWorker } from '../../common/worker-thread';
import { IntentClassifier, IntentClassifierModel, TrainingExample } from './intent-classifier';

const logger = new Logger('ClassifierTrainer');
/** Below this many examples training takes milliseconds: a worker would cost more than it saves. */
const WORKER_FROM_EXAMPLES = 2000;

/**
 * Trains the FAQ classifier in a worker thread, so that answering goes on while a large folder retrains (several
 * seconds at 10,000 entries). The worker builds the same tokenizer from the same synonyms; if it cannot start,
 * training happens here instead.
 */
export async function trainClassifier(examples: TrainingExample[], featurize: (text: string) => string[], synonyms: Record<string, string[]> | undefined): Promise<IntentClassifier> {
  if (examples.length < WORKER_FROM_EXAMPLES) return IntentClassifier.train(examples, featurize);
  try {
    return IntentClassifier.fromModel(await trainInWorker(examples, synonyms), featurize);
  } catch (error) {
    logger.warn(`Training in a worker failed (${(error as Error).message}); training on the main thread`);
    return IntentClassifier.train(examples, featurize);
  }
}

function trainInWorker(examples: TrainingExample[], synonyms: Record<string, string[]> | undefined): Promise<IntentClassifierModel> {
  const worker = startWorker(__dirname, 'classifier.worker');
  return new Promise<IntentClassifierModel>((resolve, reject) => {
    worker.once('message', (reply: { model?: IntentClassifierModel; error?: string }) => (reply.model ? resolve(reply.model) : reject(new Error(reply.error ?? 'no model'))));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`worker exited with code ${code}`)));
    worker.postMessage({ examples: examples.map(({ label, text }) => ({ label, text })), synonyms });
  }).finally(() => void worker.terminate());
}
