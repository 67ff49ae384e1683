import { stripPleasantries } from '../../src/answering/small-talk';
import { FUSION_WEIGHTS, fuseScores, FusionWeights } from '../../src/retrieval/hybrid-search.service';
import { startKnowledgeContext } from '../support/knowledge-context';
import { testConfig } from '../support/test-config';
import { loadClinc150 } from './datasets';
import { groupByIntent, intentFolder, readBanking77, seededShuffle } from './quality-protocols';

/**
 * npm run bench:quality -- --fit-fusion: chooses the fusion weights (FUSION_WEIGHTS in
 * src/retrieval/hybrid-search.service.ts) on data the quality table does not report on: CLINC150's validation
 * questions asked of folders built from 1, 5 and all training utterances per intent, and Banking77 training
 * utterances left out of folders built from 1 and 5 of them per intent. Never the test questions of either, never the
 * project's sets. Prints each candidate's top-1 per probe set and the best; the weights are then set by hand.
 */
const PROBES = 600;
const SEED = 13;
/** candidates kept per probe: re-fusing reorders these, and the right entry is nearly always among them */
const CANDIDATES = 30;

interface Probe {
  expected: string;
  candidates: Array<{ id: string; lexical: number; dense: number; classifier: number; coverage: number }>;
}

async function probeFolder(byIntent: Map<string, string[]>, questions: Array<[string, string]>): Promise<Probe[]> {
  const folder = intentFolder(byIntent);
  const kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }));
  try {
    await kb.indexer.index();
    const probes: Probe[] = [];
    for (const [question, expected] of questions) {
      const hits = await kb.search.search(stripPleasantries(question), { limit: CANDIDATES, kinds: ['faq', 'document'] });
      probes.push({ expected, candidates: hits.map((hit) => ({ id: hit.entry.id, lexical: hit.lexical, dense: hit.dense, classifier: hit.classifier, coverage: hit.coverage })) });
    }
    return probes;
  } finally {
    await kb.close();
    folder.dispose();
  }
}

/** Training utterances of each intent that a folder built from `k` of them left out. */
function leftOut(rows: Array<[string, string]>, byIntent: Map<string, string[]>): Array<[string, string]> {
  const used = new Set([...byIntent.values()].flat());
  return rows.filter(([text]) => !used.has(text));
}

function top1(probes: Probe[], weights: FusionWeights): number {
  let right = 0;
  for (const probe of probes) {
    let best: { id: string; score: number } | undefined;
    for (const candidate of probe.candidates) {
      const score = fuseScores(candidate, weights);
      if (!best || score > best.score) best = { id: candidate.id, score };
    }
    if (best?.id === probe.expected) right++;
  }
  return right / Math.max(1, probes.length);
}

export async function fitFusion(): Promise<void> {
  const clinc = loadClinc150();
  const banking = readBanking77('train');
  const validation = seededShuffle(clinc.val, SEED).slice(0, PROBES);
  const sets: Record<string, Probe[]> = {};
  for (const k of [1, 5, undefined]) {
    sets[`CLINC150 val, k=${k ?? 'all'}`] = await probeFolder(groupByIntent(clinc.train, k, SEED), validation);
    console.log(`probed ${Object.keys(sets).at(-1)}`);
  }
  for (const k of [1, 5]) {
    const byIntent = groupByIntent(banking, k, SEED);
    sets[`Banking77 train left out, k=${k}`] = await probeFolder(byIntent, seededShuffle(leftOut(banking, byIntent), SEED).slice(0, PROBES));
    console.log(`probed ${Object.keys(sets).at(-1)}`);
  }
  const grid: FusionWeights[] = [];
  for (const dense of [0, 0.25, 0.5, 0.75, 1])
    for (const classifier of [0.75, 1, 1.5, 2, 2.5, 3, 4])
      for (const coverage of [0, 0.3, 0.6, 0.9, 1.2, 1.6, 2]) grid.push({ lexical: 1, dense, classifier, coverage });
  const scored = grid.map((weights) => {
    const perSet = Object.fromEntries(Object.entries(sets).map(([name, probes]) => [name, top1(probes, weights)]));
    const values = Object.values(perSet);
    return { weights, perSet, mean: values.reduce((sum, value) => sum + value, 0) / values.length };
  });
  scored.sort((a, b) => b.mean - a.mean);
  const current = scored.find((entry) => JSON.stringify(entry.weights) === JSON.stringify(FUSION_WEIGHTS));
  const row = (entry: (typeof scored)[number]) => ({ weights: JSON.stringify(entry.weights), mean: entry.mean.toFixed(3), ...Object.fromEntries(Object.entries(entry.perSet).map(([name, value]) => [name, value.toFixed(3)])) });
  console.log('Top-1 of the re-fused candidates, best ten weightings and the current one (mean over the probe sets):');
  console.table([...scored.slice(0, 10).map(row), ...(current ? [{ ...row(current), weights: `current ${JSON.stringify(current.weights)}` }] : [])]);
}
