import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { DomainError } from '../common/domain-error';
import { AppConfig, ConfigValidationError, loadConfig } from '../config/app-config';
import { EvalReport, FolderEvaluationService } from '../evaluation/folder-evaluation.service';
import { KnowledgeAdminService } from '../knowledge/knowledge-admin.service';
import { checkKnowledgeFolder } from '../knowledge/knowledge-checker';
import { formatProblems, KnowledgeIndexer } from '../knowledge/knowledge-indexer.service';

const USAGE = `Usage: npm run kb -- <command> [folder]

  check [folder]              validate the knowledge folder (no database); exits 1 on errors
  index [folder]              index the folder now: progress, then added / updated / removed / failed
  search "<text>" [folder]    top hits with scores and sources  [--limit N] [--kind faq|document|announcement]
  eval [folder]               index, then ask every question of the folder's eval.yaml: each failing expectation
                              and what changed since the last run; exits 1 when any expectation fails

The folder defaults to KNOWLEDGE_DIR (./knowledge). Another folder gets an embedded database of its own
(KEFU_DATA_DIR/folders/…), so checking it never replaces the index npm start serves; with DATABASE_URL the
folder is indexed into that database. Other settings come from the environment, as for npm start.`;

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({ args: argv, allowPositionals: true, options: { limit: { type: 'string' }, kind: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  const config = loadConfig();
  config.knowledge.watch = false;
  config.knowledge.indexOnStart = false;
  config.logLevel = 'warn';
  const query = command === 'search' ? rest[0]?.trim() : undefined;
  const folder = command === 'search' ? rest[1] : rest[0];
  if (rest.length > (command === 'search' ? 2 : 1)) {
    console.error(`Too many arguments for ${command}${command === 'search' ? ' (quote the question)' : ''}\n\n${USAGE}`);
    return 2;
  }
  if (folder !== undefined && !useFolder(config, folder)) return 2;

  switch (command) {
    case 'check':
      return check(config.knowledge.dir);
    case 'index':
      return withApp(config, (app) => index(app, config.knowledge.dir));
    case 'eval':
      return withApp(config, (app) => evaluate(app, config.knowledge.dir));
    case 'search': {
      if (!query) {
        console.error('search needs a question, e.g. npm run kb -- search "退货期限"');
        return 2;
      }
      return withApp(config, (app) => search(app, query, Number(values.limit ?? 5), values.kind as 'faq' | undefined));
    }
    default:
      console.error(`Unknown command "${command}"\n\n${USAGE}`);
      return 2;
  }
}

/** Points the config at another folder; its embedded index lives apart from the default folder's. */
function useFolder(config: AppConfig, folder: string): boolean {
  const dir = path.resolve(folder);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`${folder} is not a folder`);
    return false;
  }
  if (dir !== path.resolve(config.knowledge.dir) && !config.database.url && config.database.dataDir !== 'memory://') {
    const id = createHash('sha256').update(dir).digest('hex').slice(0, 12);
    config.database.dataDir = path.join(config.database.dataDir, 'folders', `${path.basename(dir)}-${id}`);
  }
  config.knowledge.dir = dir;
  return true;
}

async function check(root: string): Promise<number> {
  const started = Date.now();
  const report = await checkKnowledgeFolder(root);
  const errors = report.problems.filter((problem) => problem.severity === 'error');
  const warnings = report.problems.filter((problem) => problem.severity === 'warning');
  if (report.problems.length > 0) console.log(formatProblems(report.problems));
  const failedFiles = report.files.filter((file) => !file.ok).length;
  console.log(
    `\n${report.files.length} files: ${report.entries.faq} FAQ entries, ${report.entries.document} document chunks, ${report.entries.announcement} announcements, ${report.phrases} searchable phrases` +
      `\n${errors.length} error(s) in ${failedFiles} file(s), ${warnings.length} warning(s) — ${Date.now() - started} ms`,
  );
  return errors.length > 0 ? 1 : 0;
}

async function index(app: INestApplicationContext, folder: string): Promise<number> {
  const bar = new SingleBar({ format: '{phase} [{bar}] {value}/{total} {path}', hideCursor: true, clearOnComplete: true }, undefined);
  let barPhase = '';
  const summary = await app.get(KnowledgeIndexer).index({
    waitMs: 0,
    onProgress: ({ phase, done, total, path }) => {
      if (!process.stdout.isTTY || total === 0) return;
      if (barPhase !== phase) {
        if (barPhase) bar.stop();
        barPhase = phase;
        bar.start(total, done, { phase: phase.padEnd(6), path: '' });
      }
      bar.update(done, { phase: phase.padEnd(6), path: path ?? '' });
    },
  });
  if (barPhase) bar.stop();
  if (summary.problems.length > 0) console.log(formatProblems(summary.problems));
  console.log(
    `Indexed ${folder}: ${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.failed} failed, ${summary.unchanged} unchanged` +
      `\n${summary.entries} entries, ${summary.phrases} phrases, space ${summary.embeddingSpace}${summary.reembedded ? ' (re-embedded)' : ''} — ${(summary.durationMs / 1000).toFixed(2)} s`,
  );
  return summary.failed > 0 ? 1 : 0;
}

async function evaluate(app: INestApplicationContext, folder: string): Promise<number> {
  const indexed = await index(app, folder);
  if (indexed !== 0) console.log('Some files failed to parse; their last good version (if any) is what the questions meet.');
  const evaluation = app.get(FolderEvaluationService);
  let report: EvalReport | undefined;
  try {
    report = await evaluation.run();
  } catch (error) {
    if (!(error instanceof DomainError) || !Array.isArray(error.details)) throw error;
    console.error(`${error.message}:\n${formatProblems(error.details)}`);
    return 2;
  }
  if (!report) {
    console.error(`${folder} has no eval.yaml: a list of { question, expect } where expect is an FAQ id, a document path or none (README).`);
    return 2;
  }
  console.log(formatEvalReport(report));
  return report.failed > 0 ? 1 : 0;
}

function formatEvalReport(report: EvalReport): string {
  const lines: string[] = [];
  const failing = report.outcomes.filter((outcome) => !outcome.passed);
  if (failing.length > 0) {
    lines.push(`\nFailing (${failing.length}):`);
    for (const outcome of failing) lines.push(`  ✗ "${outcome.question}" — expected ${outcome.expect}, ${outcome.got} (confidence ${outcome.confidence.toFixed(2)})`);
  }
  const { broken, fixed, added } = report.changes;
  if (!report.previousAt) lines.push('\nFirst run for this folder: the next one will say what changed.');
  else if (broken.length + fixed.length === 0) lines.push(`\nNo change since the last run (${report.previousAt.toISOString()}).`);
  else {
    lines.push(`\nSince the last run (${report.previousAt.toISOString()}):`);
    for (const outcome of broken) lines.push(`  − no longer right: "${outcome.question}" (expected ${outcome.expect}, now ${outcome.got})`);
    for (const outcome of fixed) lines.push(`  + now right: "${outcome.question}" (${outcome.expect})`);
  }
  if (report.previousAt && added > 0) lines.push(`  ${added} question(s) new in eval.yaml`);
  lines.push(`\neval.yaml: ${report.passed} of ${report.outcomes.length} passed, ${report.failed} failed`);
  return lines.join('\n');
}

async function search(app: INestApplicationContext, query: string, limit: number, kind?: 'faq' | 'document' | 'announcement'): Promise<number> {
  const { hits } = await app.get(KnowledgeAdminService).searchKnowledge(query, limit, kind);
  if (hits.length === 0) {
    console.log('No hits. Is the folder indexed? (npm run kb -- index)');
    return 1;
  }
  hits.forEach((hit, rank) => {
    console.log(`${rank + 1}. [${hit.kind}] ${hit.id}  score ${hit.scores.fused.toFixed(3)}  lexical ${hit.scores.lexical.toFixed(2)}  dense ${hit.scores.dense.toFixed(2)}  classifier ${hit.scores.classifier.toFixed(2)}  (${hit.matched})`);
    console.log(`   ${hit.title}${hit.headingPath.length ? ` › ${hit.headingPath.join(' › ')}` : ''}  — ${hit.path}`);
    console.log(`   ${hit.preview.replace(/\s+/g, ' ')}`);
  });
  return 0;
}

async function withApp(config: ReturnType<typeof loadConfig>, work: (app: INestApplicationContext) => Promise<number>): Promise<number> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    if (error instanceof ConfigValidationError || error instanceof DomainError) console.error(error.message);
    else console.error(error);
    process.exit(1);
  },
);
