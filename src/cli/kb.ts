import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { SingleBar } from 'cli-progress';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { DomainError } from '../common/domain-error';
import { ConfigValidationError, loadConfig } from '../config/app-config';
import { KnowledgeAdminService } from '../knowledge/knowledge-admin.service';
import { checkKnowledgeFolder } from '../knowledge/knowledge-checker';
import { formatProblems, KnowledgeIndexer } from '../knowledge/knowledge-indexer.service';

const USAGE = `Usage: npm run kb -- <command>

  check              validate the knowledge folder (no database); exits 1 on errors
  index              index the folder now: progress, then added / updated / removed / failed
  search "<text>"    top hits with scores and sources  [--limit N] [--kind faq|document|announcement]

Settings come from the environment (KNOWLEDGE_DIR, DATABASE_URL, KEFU_DATA_DIR, EMBEDDING_PROVIDER…), as for npm start.`;

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

  switch (command) {
    case 'check':
      return check(config.knowledge.dir);
    case 'index':
      return withApp(config, index);
    case 'search': {
      const query = rest.join(' ').trim();
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

async function index(app: INestApplicationContext): Promise<number> {
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
    `Indexed ${process.env.KNOWLEDGE_DIR ?? './knowledge'}: ${summary.added} added, ${summary.updated} updated, ${summary.removed} removed, ${summary.failed} failed, ${summary.unchanged} unchanged` +
      `\n${summary.entries} entries, ${summary.phrases} phrases, space ${summary.embeddingSpace}${summary.reembedded ? ' (re-embedded)' : ''} — ${(summary.durationMs / 1000).toFixed(2)} s`,
  );
  return summary.failed > 0 ? 1 : 0;
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
