import 'reflect-metadata';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { Session } from 'node:inspector/promises';
import { KnowledgeIndexer } from '../../src/knowledge/knowledge-indexer.service';
import { ModelStore } from '../../src/retrieval/models/model-store.service';
import { startKnowledgeContext } from '../support/knowledge-context';
import { testConfig } from '../support/test-config';
import { withBenchFolders } from './generated-knowledge';
import { numericOption } from './options';

/**
 * npm run bench:index — full index time, chunks/s, incremental re-index after one FAQ file is edited (a phrasing
 * added to one entry, one entry removed, one added) until the edit is served, and peak RSS,
 * for the sample folder and a generated one (10,000 FAQ entries + 1,000 documents), embedded database on disk,
 * local embedding. Options: --faq N --docs N (generated folder size); --cpu-prof writes a CPU profile of the one-file
 * change (index pass until served) of each folder to the working directory.
 */
async function benchFolder(label: string, folder: string, changeFile: string) {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-db-'));
  const kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder, KEFU_DATA_DIR: dataDir }));
  const indexer = kb.app.get(KnowledgeIndexer);
  // after a pass that changed something, index() also rebuilds this process's in-memory snapshot (BM25, classifier
  // training, confidence calibration) before it resolves: timed apart from the pass itself
  // CPU time of the whole process (every thread: the embedded database's, the classifier's worker), which a loaded
  // machine stretches far less than wall-clock time
  const timedIndex = async () => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const summary = await indexer.index();
    const used = process.cpuUsage(cpu);
    return { summary, rebuildMs: Math.round(performance.now() - started - summary.durationMs), cpuMs: Math.round((used.user + used.system) / 1000) };
  };
  try {
    const { summary: full, rebuildMs, cpuMs: fullCpuMs } = await timedIndex();
    const noop = await indexer.index();
    editFaqFile(path.join(folder, changeFile));
    const profile = process.argv.includes('--cpu-prof') ? await startProfile() : undefined;
    const { summary: incremental, rebuildMs: incrementalRebuildMs, cpuMs: incrementalCpuMs } = await timedIndex();
    await profile?.stop(`index-edit-${label.replace(/\W+/g, '-')}.cpuprofile`);
    // served already; the models built for the new version are still being stored for other instances
    const storingStarted = performance.now();
    await kb.app.get(ModelStore).whenStored();
    const storedAfterServedMs = Math.round(performance.now() - storingStarted);
    const searchStarted = performance.now();
    await kb.search.search('退货期限是多久');
    const firstSearchMs = performance.now() - searchStarted;
    return {
      folder: label,
      files: full.added,
      entries: full.entries,
      phrases: full.phrases,
      fullIndexS: round(full.durationMs / 1000),
      chunksPerS: Math.round(full.entries / (full.durationMs / 1000)),
      phrasesPerS: Math.round(full.phrases / (full.durationMs / 1000)),
      unchangedPassMs: noop.durationMs,
      oneFileChangedMs: incremental.durationMs,
      snapshotRebuildMs: rebuildMs,
      fullCpuMs,
      rebuildAfterOneFileMs: incrementalRebuildMs,
      oneFileServedMs: incremental.durationMs + incrementalRebuildMs,
      oneFileCpuMs: incrementalCpuMs,
      storedAfterServedMs,
      searchMs: Math.round(firstSearchMs),
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
      failed: full.failed,
    };
  } finally {
    await kb.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** What content staff do to a file: a new phrasing for its first entry, its last entry removed, a new entry added. */
function editFaqFile(file: string): void {
  const entries = parse(readFileSync(file, 'utf8')) as Array<{ id: string; question: string; similar?: string[]; answer: unknown }>;
  entries[0].similar = [...(entries[0].similar ?? []), 'Can I still send it back after two weeks?'];
  entries.pop();
  entries.push({ id: 'bench-gift-card', question: '可以用礼品卡付款吗？', similar: ['Can I pay with a gift card?'], answer: '可以，结账时选择礼品卡支付。' });
  writeFileSync(file, stringify(entries));
}

async function startProfile() {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return {
    stop: async (file: string) => {
      const { profile } = await session.post('Profiler.stop');
      writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
      console.log(`CPU profile of the one-file change: ${file}`);
    },
  };
}

function round(value: number) {
  return Math.round(value * 100) / 100;
}


async function main() {
  const faq = numericOption('faq', 10_000);
  const docs = numericOption('docs', 1_000);
  await withBenchFolders(faq, docs, async ({ sample, generated, generatedInMs }) => {
    console.log(`generated ${faq} FAQ entries + ${docs} documents in ${generatedInMs} ms`);
    const rows = [await benchFolder('sample (knowledge/)', sample, 'faq/returns-refunds.faq.yaml'), await benchFolder(`generated ${faq / 1000}k FAQ + ${docs} docs`, generated, 'faq/generated-0000.faq.yaml')];
    console.table(rows);
    console.log(`node ${process.version}, ${process.platform}/${process.arch}; peak RSS is the process maximum so far (the second row includes the first)`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
