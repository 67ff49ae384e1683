import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { AnsweringService, DEFAULT_THRESHOLDS } from '../../src/answering/answering.service';
import { ConfidenceService } from '../../src/retrieval/confidence/confidence.service';
import { Bm25Index } from '../../src/retrieval/lexical/bm25';
import { Tokenizer } from '../../src/retrieval/text/tokenizer';
import { KnowledgeRepository } from '../../src/knowledge/knowledge.repository';
import { startKnowledgeContext } from '../support/knowledge-context';
import { SAMPLE_KNOWLEDGE, testConfig, TempKnowledgeFolder } from '../support/test-config';
import { loadClinc150 } from './datasets';
import { modelServerLabel, modelServerSettings } from './model-server';

/**
 * npm run bench:quality — answer quality on the project's evaluation set (test/fixtures/eval) and on CLINC150
 * (one FAQ entry per intent from its training utterances; test utterances as questions; its out-of-scope test set
 * must not be answered): top-1, recall@5, answered-and-wrong, out-of-scope rejection, a confidence reliability
 * table, and a plain BM25 baseline computed in the same run. Offline mode (local embedding, no model).
 *   --only eval|clinc    run one of the two
 *   --model-server URL   the same against an OpenAI-compatible server (see model-server.ts)
 */
interface Question {
  question: string;
  expected: string | null;
}

interface Outcome {
  expected: string | null;
  top: string[];
  outcome: string;
  confidence: number;
}

async function evaluate(label: string, folder: string, questions: Question[], matches: (expected: string, entryId: string, filePath: string) => boolean) {
  const models = modelServerSettings();
  console.log(`${label}: ${modelServerLabel(models)}`);
  const kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder, ...models }));
  try {
    const indexStarted = Date.now();
    const summary = await kb.indexer.index();
    const answering = kb.app.get(AnsweringService);
    const confidence = kb.app.get(ConfidenceService);
    await answering.answer('warm up');
    const indexSeconds = (Date.now() - indexStarted) / 1000;
    const outcomes: Array<Outcome & { correctTop: boolean; inTop5: boolean }> = [];
    const started = Date.now();
    for (const question of questions) {
      const [reply, hits] = await Promise.all([answering.answer(question.question), kb.search.search(question.question, { limit: 5, kinds: ['faq', 'document'] })]);
      const top = hits.map((hit) => hit.entry);
      const correctTop = question.expected !== null && top.length > 0 && matches(question.expected, top[0].id, top[0].filePath);
      const inTop5 = question.expected !== null && top.some((entry) => matches(question.expected!, entry.id, entry.filePath));
      outcomes.push({ expected: question.expected, top: top.map((entry) => entry.id), outcome: reply.outcome, confidence: reply.confidence, correctTop, inTop5 });
    }
    const perQuestionMs = (Date.now() - started) / questions.length;
    const baseline = bm25Baseline(await kb.app.get(KnowledgeRepository).listEntries(), await kb.search.phraseTexts([...(await kb.app.get(KnowledgeRepository).allPhraseIds())]), questions, matches);
    return { label, summary, indexSeconds, outcomes, perQuestionMs, calibration: confidence.report, baseline };
  } finally {
    await kb.close();
  }
}

/**
 * Plain BM25, about what a search engine's stock analyzer gives: jieba words, lower-cased and stemmed English words
 * without stop words; no synonyms, no n-grams, no classifier; best phrase per entry.
 */
function bm25Baseline(entries: Array<{ id: string; filePath: string }>, phrases: Map<number, string> & { entryOf?: Map<number, string> }, questions: Question[], matches: (expected: string, entryId: string, filePath: string) => boolean) {
  const plain = new Tokenizer();
  const words = (text: string) => plain.words(text);
  const index = new Bm25Index<number>();
  for (const [id, text] of phrases) index.add(id, words(text));
  const filePathOf = new Map(entries.map((entry) => [entry.id, entry.filePath]));
  let correct = 0;
  let inScope = 0;
  for (const question of questions) {
    if (question.expected === null) continue;
    inScope++;
    const [best] = index.search(words(question.question), 1);
    const entryId = best ? phrases.entryOf!.get(best.key) : undefined;
    if (entryId && matches(question.expected, entryId, filePathOf.get(entryId) ?? '')) correct++;
  }
  return correct / inScope;
}

function report(result: Awaited<ReturnType<typeof evaluate>>) {
  const { outcomes } = result;
  const inScope = outcomes.filter((outcome) => outcome.expected !== null);
  const outOfScope = outcomes.filter((outcome) => outcome.expected === null);
  const answered = outcomes.filter((outcome) => outcome.outcome === 'answer');
  const answeredWrong = answered.filter((outcome) => !outcome.correctTop);
  const top1 = share(inScope, (outcome) => outcome.correctTop);
  const metrics = {
    questions: outcomes.length,
    'in scope': inScope.length,
    'out of scope': outOfScope.length,
    'top-1 (retrieval)': fmt(top1),
    'recall@5': fmt(share(inScope, (outcome) => outcome.inTop5)),
    'BM25 baseline top-1': fmt(result.baseline),
    'top-1 / BM25': (top1 / result.baseline).toFixed(2) + '×',
    'in-scope answered & right': fmt(share(inScope, (outcome) => outcome.outcome === 'answer' && outcome.correctTop)),
    'in-scope clarified': fmt(share(inScope, (outcome) => outcome.outcome === 'clarify')),
    'answered & wrong (of all)': fmt(answeredWrong.length / outcomes.length),
    'answered & wrong (of answered)': fmt(answeredWrong.length / Math.max(1, answered.length)),
    'out-of-scope rejected': fmt(share(outOfScope, (outcome) => outcome.outcome !== 'answer')),
    // rejected, but with "did you mean" suggestions that cannot be what the customer meant
    'out-of-scope asked back': fmt(share(outOfScope, (outcome) => outcome.outcome === 'clarify')),
    'ms / question': result.perQuestionMs.toFixed(1),
    'index s': result.indexSeconds.toFixed(1),
  };
  console.log(`\n## ${result.label}  (thresholds answer ${DEFAULT_THRESHOLDS.answer}, clarify ${DEFAULT_THRESHOLDS.clarify}; calibration ${JSON.stringify(result.calibration)})`);
  console.table(metrics);
  console.log('confidence reliability (top-1 correct, out-of-scope counts as wrong):');
  const bins = Array.from({ length: 10 }, (_, bin) => ({ bin: `${(bin / 10).toFixed(1)}–${((bin + 1) / 10).toFixed(1)}`, n: 0, correct: 0, meanConfidence: 0 }));
  for (const outcome of outcomes) {
    const bin = bins[Math.min(9, Math.floor(outcome.confidence * 10))];
    bin.n++;
    bin.correct += outcome.correctTop ? 1 : 0;
    bin.meanConfidence += outcome.confidence;
  }
  console.table(bins.filter((bin) => bin.n > 0).map((bin) => ({ confidence: bin.bin, questions: bin.n, 'mean confidence': (bin.meanConfidence / bin.n).toFixed(2), 'actually right': (bin.correct / bin.n).toFixed(2) })));
  // expected calibration error: how far, on average over questions, confidence is from how often it is right
  const calibrationError = bins.reduce((sum, bin) => sum + Math.abs(bin.meanConfidence - bin.correct), 0) / outcomes.length;
  console.log(`expected calibration error (10 bins): ${calibrationError.toFixed(3)}`);
  console.log('threshold sweep (answer when confidence ≥ t):');
  console.table(
    [0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9].map((t) => {
      const answeredAt = outcomes.filter((outcome) => outcome.confidence >= t);
      return {
        t,
        'in-scope answered & right': fmt(share(inScope, (outcome) => outcome.confidence >= t && outcome.correctTop)),
        'answered & wrong (of all)': fmt(answeredAt.filter((outcome) => !outcome.correctTop).length / outcomes.length),
        'out-of-scope rejected': fmt(share(outOfScope, (outcome) => outcome.confidence < t)),
      };
    }),
  );
  return metrics;
}

function share<T>(items: T[], predicate: (item: T) => boolean): number {
  return items.length ? items.filter(predicate).length / items.length : 0;
}

function fmt(value: number): string {
  return value.toFixed(3);
}

async function projectSet() {
  const lines = readFileSync(path.resolve(__dirname, '../fixtures/eval/questions.jsonl'), 'utf8').split('\n').filter((line) => line.trim());
  const questions: Question[] = lines.map((line) => JSON.parse(line));
  const matches = (expected: string, entryId: string, filePath: string) => (expected.startsWith('doc:') ? filePath === expected.slice(4) : entryId === expected);
  return report(await evaluate('project evaluation set (knowledge/ + test/fixtures/eval/questions.jsonl)', SAMPLE_KNOWLEDGE, questions, matches));
}

async function clinc() {
  const data = loadClinc150();
  const byIntent = new Map<string, string[]>();
  for (const [text, intent] of data.train) byIntent.set(intent, [...(byIntent.get(intent) ?? []), text]);
  const folder = new TempKnowledgeFolder();
  // a neutral answer: the intent's name would leak the label into what is indexed and learned
  const yaml = [...byIntent].map(([intent, texts], index) => ({ id: intent, question: texts[0], similar: texts.slice(1), answer: `Answer ${index + 1}.` }));
  folder.write('clinc150.faq.yaml', JSON.stringify(yaml)); // JSON is YAML
  try {
    const questions: Question[] = [...data.test.map(([question, intent]) => ({ question, expected: intent })), ...data.oos_test.map(([question]) => ({ question, expected: null }))];
    return report(await evaluate('CLINC150 (150 intents from train; test + oos_test)', folder.dir, questions, (expected, entryId) => entryId === expected));
  } finally {
    folder.dispose();
  }
}

async function main() {
  const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
  const results: Record<string, unknown> = {};
  if (!only || only === 'eval') results.project = await projectSet();
  if (!only || only === 'clinc') results.clinc150 = await clinc();
  if (process.env.KEFU_BENCH_JSON) writeFileSync(process.env.KEFU_BENCH_JSON, JSON.stringify(results, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
