import { parentPort } from 'node:worker_threads';
import { Tokenizer } from '../text/tokenizer';
import { IntentClassifier, TrainingExample } from './intent-classifier';
import { intentFeaturizer } from './intent-features';

/** Trains an IntentClassifier off the main thread (see classifier-trainer.ts) and posts back its model. */
parentPort?.on('message', (job: { examples: TrainingExample[]; synonyms?: Record<string, string[]> }) => {
  try {
    const featurize = intentFeaturizer(new Tokenizer({ synonyms: job.synonyms }));
    parentPort!.postMessage({ model: IntentClassifier.train(job.examples, featurize).toModel() });
  } catch (error) {
    parentPort!.postMessage({ error: (error as Error).message });
  }
});
