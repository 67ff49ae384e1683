import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { stripPleasantries } from '../../src/answering/small-talk';
import { candidateFeatures } from '../../src/retrieval/confidence/confidence.service';
import { fitCautiously } from '../../src/retrieval/confidence/cautious-fit';
import { fitLogistic, LogisticModel } from '../../src/retrieval/confidence/logistic-regression';
import { startKnowledgeContext } from '../support/knowledge-context';
import { testConfig } from '../support/test-config';
import { loadClinc150 } from './datasets';
import { intentFolder, groupByIntent, seededShuffle } from './quality-protocols';

/**
 * npm run bench:quality -- --fit-prior: refits the prior confidence model shipped in
 * src/retrieval/confidence/prior-calibration.ts. Folders poor in phrasings (CLINC150 intents built from 1 and from 5
 * seeded training utterances) are asked CLINC150's validation questions (never the test questions the benchmark
 * reports on; Banking77 and the project's sets are never used), and logistic models are fitted on whether the first
 * candidate was right and whether the right one was among the first three. Wrong answers are weighed up until, at the default answer threshold, the fitting questions
 * are answered wrongly at most MAX_WRONG of the time: a folder that cannot check itself must not guess.
 */
const IN_SCOPE = 900;
/** oos_val and oos_train: CLINC150's out-of-scope questions that the benchmark does not report on */
const OUT_OF_SCOPE = 200;
const MAX_WRONG = 0.03;
const ANSWER_THRESHOLD = 0.5;
const SEED = 7;

export async function fitPrior(): Promise<void> {
  const data = loadClinc150();
  const questions = [
    ...seededShuffle(data.val, SEED).slice(0, IN_SCOPE).map(([question, intent]) => ({ question, expected: intent as string | null })),
    ...seededShuffle([...data.oos_val, ...data.oos_train], SEED + 1).slice(0, OUT_OF_SCOPE).map(([question]) => ({ question, expected: null })),
  ];
  const points: Array<{ features: number[]; label: boolean; inTop3: boolean; inScope: boolean }> = [];
  for (const k of [1, 5]) {
    const folder = intentFolder(groupByIntent(data.train, k, SEED + k));
    const kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }));
    try {
      await kb.indexer.index();
      for (const { question, expected } of questions) {
        const result = await kb.search.searchWithSignals(stripPleasantries(question), { limit: 5, kinds: ['faq', 'document'] });
        const rank = expected === null ? -1 : result.hits.findIndex((hit) => hit.entry.id === expected);
        points.push({ features: candidateFeatures(result), label: rank === 0, inTop3: rank >= 0 && rank < 3, inScope: expected !== null });
      }
    } finally {
      await kb.close();
      folder.dispose();
    }
    console.log(`CLINC150 k=${k}: ${questions.length} validation questions probed`);
  }
  const inScope = points.filter((point) => point.inScope).length;
  const { model, wrongWeight, right, wrong } = fitCautiously(
    points.map((point) => ({ ...point, asked: point.inScope })),
    { threshold: ANSWER_THRESHOLD, maxWrong: MAX_WRONG, iterations: 1500 },
  );
  const round = (values: number[]) => values.map((value) => Number(value.toFixed(5)));
  const provenance =
    `fitted on ${points.length} probes: CLINC150 validation questions (${IN_SCOPE} in scope; ${OUT_OF_SCOPE} out of scope from oos_val and oos_train; seeded) asked of folders built from 1 and 5 training utterances per intent; ` +
    `answer: wrong answers weighed ×${wrongWeight}, which answered ${right.toFixed(3)} right and ${wrong.toFixed(3)} wrong of the in-scope probes at confidence ≥ ${ANSWER_THRESHOLD}; ` +
    `suggest: out-of-scope probes weighed as much as in-scope ones`;
  const file = path.resolve(__dirname, '../../src/retrieval/confidence/prior-calibration.ts');
  // how often a folder is asked what it does not hold is unknown: out-of-scope questions count as much as the rest
  const outOfScopeWeight = inScope / Math.max(1, points.length - inScope);
  const suggest = fitLogistic(points.map((point) => ({ features: point.features, label: point.inTop3, weight: point.inScope ? 1 : outOfScopeWeight })), { iterations: 1500 });
  const serialise = (fitted: LogisticModel) => JSON.stringify({ weights: round(fitted.weights), bias: Number(fitted.bias.toFixed(5)), means: round(fitted.means), scales: round(fitted.scales) });
  writeFileSync(
    file,
    `import type { CandidateModels } from './confidence-model';

/**
 * The confidence models a folder starts from before it can calibrate itself (confidence-model.ts). Generated: refit
 * with \`npm run bench:quality -- --fit-prior\`, which writes this file.
 */
export const PRIOR_CALIBRATION: { provenance: string; command: string; points: number; wrongWeight: number; models: CandidateModels } = {
  provenance: ${JSON.stringify(provenance)},
  command: 'npm run bench:quality -- --fit-prior',
  points: ${points.length},
  /** how much more a wrong answer counted than a right one when the prior answer model was fitted */
  wrongWeight: ${wrongWeight},
  models: {
    answer: ${serialise(model)},
    suggest: ${serialise(suggest)},
  },
};
`,
  );
  console.log(`Wrote ${path.relative(process.cwd(), file)}: ${provenance}`);
}
