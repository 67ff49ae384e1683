import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { LeaseRepository } from '../database/lease.repository';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { LocalHashEmbedding } from '../retrieval/embedding/local-embedding';
import { TextAnalysisService } from '../retrieval/text-analysis.service';
import { KnowledgeRepository, StoredFile } from './knowledge.repository';
import { BotSettings, INDEX_LEASE, KnowledgeProblem, ParsedEntry } from './knowledge.types';
import { contentHash, KnowledgeFileRef, parseKnowledgeFile, readKnowledgeFile, scanKnowledgeFolder } from './sources/knowledge-source';

const LEASE_TTL_MS = 30_000;
/** Above this many changed files, the HNSW index is dropped during the load and rebuilt once at the end. */
const BULK_LOAD_FILES = 50;

export interface IndexProgress {
  phase: 'scan' | 'parse' | 'write' | 'vector-index' | 'done';
  done: number;
  total: number;
  path?: string;
}

export interface IndexRunSummary {
  added: number;
  updated: number;
  removed: number;
  failed: number;
  unchanged: number;
  entries: number;
  phrases: number;
  durationMs: number;
  embeddingSpace: string;
  reembedded: boolean;
  version: number;
  finishedAt: string;
  problems: KnowledgeProblem[];
}

export interface IndexOptions {
  onProgress?: (progress: IndexProgress) => void;
  /** how long to wait for another instance's indexing to finish; 0 = fail at once with INDEX_BUSY */
  waitMs?: number;
}

interface ParsedFile {
  ref: KnowledgeFileRef;
  hash: string;
  stored?: StoredFile;
  title?: string;
  entries: ParsedEntry[];
  problems: KnowledgeProblem[];
}

/**
 * Makes the index match the knowledge folder. Idempotent and incremental: a file is re-parsed and re-embedded
 * only when its bytes (or the pipeline that reads them: embedding space, synonyms, code version) changed; a file
 * that fails keeps its last good version in the index; deleted files disappear. One instance at a time (a lease).
 */
@Injectable()
export class KnowledgeIndexer {
  private readonly logger = new Logger(KnowledgeIndexer.name);
  private readonly listeners = new Set<(version: number) => void | Promise<void>>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: KnowledgeRepository,
    private readonly analysis: TextAnalysisService,
    private readonly leases: LeaseRepository,
  ) {}

  /**
   * Called with the new index version after every pass that changed something; `index()` resolves once the
   * listeners have (the search snapshot is rebuilt by then, so this process reads its own writes).
   */
  onIndexChanged(listener: (version: number) => void | Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async index(options: IndexOptions = {}): Promise<IndexRunSummary> {
    const owner = `${hostname()}:${process.pid}:${randomUUID()}`;
    await this.acquireLease(owner, options.waitMs ?? 10 * 60_000);
    const renew = setInterval(() => void this.leases.tryAcquire(INDEX_LEASE, owner, LEASE_TTL_MS).catch(() => undefined), LEASE_TTL_MS / 3);
    let summary: IndexRunSummary;
    try {
      summary = await this.pass(options.onProgress ?? (() => undefined));
    } finally {
      clearInterval(renew);
      await this.leases.release(INDEX_LEASE, owner).catch(() => undefined);
    }
    if (summary.added + summary.updated + summary.removed > 0 || summary.reembedded) {
      await Promise.all([...this.listeners].map((listener) => listener(summary.version)));
    }
    return summary;
  }

  private async acquireLease(owner: string, waitMs: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    while (!(await this.leases.tryAcquire(INDEX_LEASE, owner, LEASE_TTL_MS))) {
      if (Date.now() >= deadline) {
        const holder = await this.leases.holder(INDEX_LEASE);
        throw new DomainError('INDEX_BUSY', `Another process is indexing the knowledge folder${holder ? ` (${holder})` : ''}; try again when it has finished`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  private async pass(progress: (event: IndexProgress) => void): Promise<IndexRunSummary> {
    const started = Date.now();
    const root = this.config.knowledge.dir;
    assertFolder(root);
    progress({ phase: 'scan', done: 0, total: 0 });
    const [refs, storedFiles, state] = await Promise.all([scanKnowledgeFolder(root), this.repository.listFiles(), this.repository.getState()]);
    const stored = new Map(storedFiles.map((file) => [file.path, file]));
    const summary = { added: 0, updated: 0, removed: 0, failed: 0, unchanged: 0, problems: [] as KnowledgeProblem[] };

    const settings = await this.syncSettings(refs, stored, state.settings, summary);
    const analysis = await this.analysis.forSettings(settings.current);
    const space = analysis.embedding.id;
    const reembedded = state.embeddingSpace !== null && state.embeddingSpace !== space;

    for (const file of storedFiles) {
      if (file.kind !== 'settings' && !refs.some((ref) => ref.path === file.path)) {
        await this.repository.deleteFile(file.path);
        summary.removed++;
      }
    }

    const documents = refs.filter((ref) => ref.kind !== 'settings');
    const changed: ParsedFile[] = [];
    for (const [index, ref] of documents.entries()) {
      const data = await readKnowledgeFile(ref);
      const hash = contentHash(data, analysis.fingerprint);
      const previous = stored.get(ref.path);
      if (previous && (previous.contentHash === hash || previous.failedHash === hash)) {
        summary.unchanged++;
        continue;
      }
      progress({ phase: 'parse', done: index, total: documents.length, path: ref.path });
      const parsed = await parseKnowledgeFile(ref, data).catch((error: Error) => ({
        title: undefined,
        entries: [],
        problems: [{ path: ref.path, message: `cannot read the file: ${error.message}`, severity: 'error' as const }],
      }));
      changed.push({ ref, hash, stored: previous, title: parsed.title, entries: parsed.entries, problems: parsed.problems });
    }
    await this.rejectDuplicateIds(changed);

    // the local embedding's vectors are searched in process (KnowledgeSnapshotService), never through pgvector: an
    // HNSW index of them would only cost its build and every write's insert into it
    const searchedInDatabase = !(analysis.embedding instanceof LocalHashEmbedding);
    const bulk = searchedInDatabase && (changed.length > BULK_LOAD_FILES || reembedded);
    if (bulk) await this.repository.dropVectorIndex(space);
    for (const [index, file] of changed.entries()) {
      progress({ phase: 'write', done: index, total: changed.length, path: file.ref.path });
      summary.problems.push(...file.problems);
      if (file.problems.some((problem) => problem.severity === 'error')) {
        await this.repository.markFailed(file.ref.path, file.ref.kind, file.hash, file.problems);
        summary.failed++;
        const kept = file.stored?.contentHash ? `; serving its last good version (${file.stored.entryCount} entries)` : '';
        this.logger.warn(`${file.ref.path}: not indexed${kept}\n${formatProblems(file.problems)}`);
        continue;
      }
      const texts = file.entries.map((entry) => entry.phrases.map((phrase) => phrase.text));
      const vectors = await analysis.embedding.embedDocuments(texts.flat());
      let cursor = 0;
      await this.repository.replaceFile(
        {
          path: file.ref.path,
          kind: file.ref.kind,
          title: file.title,
          contentHash: file.hash,
          problems: file.problems,
          entries: file.entries,
          phraseTokens: texts.map((phrases) => phrases.map((text) => analysis.tokenizer.features(text).join(' '))),
          phraseVectors: texts.map((phrases) => phrases.map(() => vectors[cursor++])),
        },
        space,
      );
      if (file.stored?.contentHash) summary.updated++;
      else summary.added++;
    }

    const changedAnything = summary.added + summary.updated + summary.removed > 0 || settings.changed || reembedded;
    if (!searchedInDatabase) await this.repository.dropVectorIndexes();
    else if (changedAnything || !(await this.repository.hasVectorIndex(space))) {
      progress({ phase: 'vector-index', done: 0, total: 1 });
      await this.repository.ensureVectorIndex(space, analysis.embedding.dimensions);
    }
    const [counts, phrases] = await Promise.all([this.repository.countEntries(), this.repository.countPhrases()]);
    const finished = {
      ...summary,
      entries: counts.faq + counts.document + counts.announcement,
      phrases,
      durationMs: Date.now() - started,
      embeddingSpace: space,
      reembedded,
      finishedAt: new Date().toISOString(),
    };
    const { problems, ...lastRun } = finished;
    const version = await this.repository.updateState({
      embeddingSpace: space,
      settings: settings.changed ? settings.current : undefined,
      lastRun: { ...lastRun, problemCount: problems.length },
      bumpVersion: changedAnything,
    });
    progress({ phase: 'done', done: changed.length, total: changed.length });
    if (bulk) this.logger.log(`Indexed ${changed.length} files in ${finished.durationMs} ms`);
    return { ...finished, version };
  }

  /** kefu.yaml first: its synonyms decide how every other file is tokenised and embedded. */
  private async syncSettings(refs: KnowledgeFileRef[], stored: Map<string, StoredFile>, current: BotSettings, summary: { added: number; updated: number; removed: number; failed: number; unchanged: number; problems: KnowledgeProblem[] }) {
    const ref = refs.find((file) => file.kind === 'settings');
    const previous = [...stored.values()].find((file) => file.kind === 'settings');
    if (!ref) {
      if (!previous) return { current, changed: false };
      await this.repository.deleteFile(previous.path);
      summary.removed++;
      return { current: {}, changed: true };
    }
    const data = await readKnowledgeFile(ref);
    const hash = contentHash(data, 'settings');
    if (previous && (previous.contentHash === hash || previous.failedHash === hash)) {
      summary.unchanged++;
      return { current, changed: false };
    }
    const parsed = await parseKnowledgeFile(ref, data);
    summary.problems.push(...parsed.problems);
    if (!parsed.settings) {
      await this.repository.markFailed(ref.path, 'settings', hash, parsed.problems);
      summary.failed++;
      this.logger.warn(`${ref.path}: not applied; keeping the previous settings\n${formatProblems(parsed.problems)}`);
      return { current, changed: false };
    }
    await this.repository.recordFile(ref.path, 'settings', hash, parsed.problems);
    if (previous?.contentHash) summary.updated++;
    else summary.added++;
    return { current: parsed.settings, changed: true };
  }

  /**
   * FAQ ids are unique across the folder. Ids held by files that stay as they are win; among changed files,
   * the first by path wins and the later file is reported (and keeps its last good version).
   */
  private async rejectDuplicateIds(changed: ParsedFile[]): Promise<void> {
    const owners = await this.repository.faqIdOwners();
    const replaced = new Set(changed.filter((file) => !file.problems.some((problem) => problem.severity === 'error')).map((file) => file.ref.path));
    for (const [id, path] of owners) if (replaced.has(path)) owners.delete(id);
    for (const file of changed) {
      if (file.problems.some((problem) => problem.severity === 'error')) continue;
      const duplicates = file.entries.filter((entry) => entry.kind === 'faq' && owners.has(entry.id) && owners.get(entry.id) !== file.ref.path);
      for (const entry of duplicates) {
        file.problems.push({ path: file.ref.path, line: entry.meta.line as number | undefined, message: `duplicate id "${entry.id}": already used in ${owners.get(entry.id)}`, severity: 'error' });
      }
      if (duplicates.length === 0) for (const entry of file.entries) if (entry.kind === 'faq') owners.set(entry.id, file.ref.path);
    }
  }
}

export function formatProblems(problems: KnowledgeProblem[]): string {
  return problems.map((problem) => `  ${problem.severity === 'error' ? 'error' : 'warning'} ${problem.path}${problem.line ? `:${problem.line}` : ''}  ${problem.message}`).join('\n');
}

function assertFolder(root: string): void {
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new DomainError('NOT_FOUND', `The knowledge folder ${root} does not exist; set KNOWLEDGE_DIR or create it`);
  }
}
