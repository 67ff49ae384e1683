import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DatabaseService, TRANSACTION_WAIT } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';
import type { BotSettings, EntryContent, EntryKind, KnowledgeFileKind, KnowledgeProblem, Lang, ParsedEntry, PhraseRole } from './knowledge.types';

export interface StoredFile {
  path: string;
  kind: KnowledgeFileKind;
  contentHash: string | null;
  failedHash: string | null;
  problems: KnowledgeProblem[];
  title: string | null;
  entryCount: number;
  indexedAt: Date | null;
  /** when this version of the file (good or broken) was first read */
  checkedAt: Date;
}

export interface IndexState {
  embeddingSpace: string | null;
  version: number;
  settings: BotSettings;
  lastRun: unknown;
  /** the last index pass's failure, on whichever instance ran it; null after a good pass */
  lastError: { message: string; at: Date } | null;
  /** when the index version last moved */
  updatedAt: Date;
}

export interface StoredEntry {
  id: string;
  filePath: string;
  kind: EntryKind;
  title: string;
  headingPath: string[];
  position: number;
  lang: Lang | null;
  content: EntryContent;
  tags: string[];
  handoff: boolean;
  meta: Record<string, unknown>;
}

export interface LexicalPhrase {
  id: number;
  entryId: string;
  role: PhraseRole;
  tokens: string;
  text: string;
}

export interface DenseHit {
  phraseId: number;
  entryId: string;
  role: PhraseRole;
  similarity: number;
}

export interface FileToStore {
  path: string;
  kind: KnowledgeFileKind;
  title?: string;
  contentHash: string;
  problems: KnowledgeProblem[];
  entries: ParsedEntry[];
  /** per entry, per phrase: lexical tokens and vector, in the same order as entry.phrases */
  phraseTokens: string[][];
  phraseVectors: number[][][];
}

const SPACE_PATTERN = /^[A-Za-z0-9:._@/-]{1,200}$/;

/** The knowledge index in PostgreSQL: files, entries, phrases with their pgvector embeddings, and state. */
/** Prisma's default (5 s) is far too short for a file of thousands of phrases… */
const FILE_WRITE_TIMEOUT_MS = 5 * 60_000;
/** …or for building the HNSW graph over a large folder. */
const INDEX_BUILD_TIMEOUT_MS = 60 * 60_000;

@Injectable()
export class KnowledgeRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  async getState(): Promise<IndexState> {
    const state = await this.prisma.indexState.findUniqueOrThrow({ where: { id: 1 } });
    return { embeddingSpace: state.embeddingSpace, version: state.version, settings: state.settings as BotSettings, lastRun: state.lastRun, lastError: state.lastError ? { message: state.lastError, at: state.lastErrorAt ?? state.updatedAt } : null, updatedAt: state.updatedAt };
  }

  /** What every instance reports as the index's last error (null: the last pass went well). */
  async recordPassOutcome(error: string | null): Promise<void> {
    await this.prisma.indexState.update({ where: { id: 1 }, data: { lastError: error, lastErrorAt: error ? new Date() : null } });
  }

  async getVersion(): Promise<number> {
    const state = await this.prisma.indexState.findUniqueOrThrow({ where: { id: 1 }, select: { version: true } });
    return state.version;
  }

  async updateState(changes: { embeddingSpace?: string; settings?: BotSettings; lastRun?: unknown; bumpVersion: boolean }): Promise<number> {
    const state = await this.prisma.indexState.update({
      where: { id: 1 },
      data: {
        embeddingSpace: changes.embeddingSpace,
        settings: changes.settings as Prisma.InputJsonValue | undefined,
        lastRun: changes.lastRun as Prisma.InputJsonValue | undefined,
        version: changes.bumpVersion ? { increment: 1 } : undefined,
        updatedAt: new Date(),
      },
    });
    return state.version;
  }

  async listFiles(): Promise<StoredFile[]> {
    const rows = await this.prisma.knowledgeFile.findMany({ orderBy: { path: 'asc' } });
    return rows.map((row) => ({
      path: row.path,
      kind: row.kind as KnowledgeFileKind,
      contentHash: row.contentHash,
      failedHash: row.failedHash,
      problems: row.errors as unknown as KnowledgeProblem[],
      title: row.title,
      entryCount: row.entryCount,
      indexedAt: row.indexedAt,
      checkedAt: row.checkedAt,
    }));
  }

  /** FAQ id → the file that holds it, for duplicate ids across files. */
  async faqIdOwners(): Promise<Map<string, string>> {
    const rows = await this.prisma.knowledgeEntry.findMany({ where: { kind: 'faq' }, select: { id: true, filePath: true } });
    return new Map(rows.map((row) => [row.id, row.filePath]));
  }

  /** Replaces everything a file contributed, atomically: a reader sees the old version or the new one. */
  async replaceFile(file: FileToStore, space: string): Promise<void> {
    assertSpace(space);
    const phraseRows = file.entries.flatMap((entry, entryIndex) =>
      entry.phrases.map((phrase, phraseIndex) => ({
        e: entry.id,
        r: phrase.role,
        t: phrase.text,
        k: file.phraseTokens[entryIndex][phraseIndex],
        v: vectorLiteral(file.phraseVectors[entryIndex][phraseIndex]),
      })),
    );
    const fileData = {
      kind: file.kind,
      contentHash: file.contentHash,
      failedHash: null,
      errors: file.problems as unknown as Prisma.InputJsonValue,
      title: file.title ?? null,
      entryCount: file.entries.length,
      indexedAt: new Date(),
      checkedAt: new Date(),
    };
    await this.prisma.$transaction([
      this.prisma.knowledgeEntry.deleteMany({ where: { filePath: file.path } }),
      this.prisma.knowledgeFile.upsert({ where: { path: file.path }, create: { path: file.path, ...fileData }, update: fileData }),
      this.prisma.knowledgeEntry.createMany({
        data: file.entries.map((entry) => ({
          id: entry.id,
          filePath: file.path,
          kind: entry.kind,
          title: entry.title,
          headingPath: entry.headingPath,
          position: entry.position,
          lang: entry.lang ?? null,
          content: entry.content as unknown as Prisma.InputJsonValue,
          tags: entry.tags,
          handoff: entry.handoff,
          meta: entry.meta as Prisma.InputJsonValue,
        })),
      }),
      ...chunk(phraseRows, 2000).map(
        (rows) => this.prisma.$executeRaw`
          INSERT INTO knowledge_phrase (entry_id, role, text, tokens, space, embedding)
          SELECT e, r, t, k, ${space}, v::vector FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(e text, r text, t text, k text, v text)`,
      ),
    ], { ...TRANSACTION_WAIT, timeout: FILE_WRITE_TIMEOUT_MS });
  }

  /** A file that failed to parse: record why, keep serving what it contributed before. */
  async markFailed(path: string, kind: KnowledgeFileKind, failedHash: string, problems: KnowledgeProblem[]): Promise<void> {
    const errors = problems as unknown as Prisma.InputJsonValue;
    await this.prisma.knowledgeFile.upsert({
      where: { path },
      create: { path, kind, failedHash, errors, checkedAt: new Date() },
      update: { failedHash, errors, checkedAt: new Date() },
    });
  }

  /** Settings (kefu.yaml) have no entries; the file row records the hash and problems like any other file. */
  async recordFile(path: string, kind: KnowledgeFileKind, contentHash: string, problems: KnowledgeProblem[]): Promise<void> {
    const data = { kind, contentHash, failedHash: null, errors: problems as unknown as Prisma.InputJsonValue, indexedAt: new Date(), checkedAt: new Date() };
    await this.prisma.knowledgeFile.upsert({ where: { path }, create: { path, ...data }, update: data });
  }

  async deleteFile(path: string): Promise<void> {
    await this.prisma.knowledgeFile.delete({ where: { path } });
  }

  async countEntries(): Promise<Record<EntryKind, number>> {
    const groups = await this.prisma.knowledgeEntry.groupBy({ by: ['kind'], _count: { _all: true } });
    const counts: Record<EntryKind, number> = { faq: 0, document: 0, announcement: 0 };
    for (const group of groups) counts[group.kind as EntryKind] = group._count._all;
    return counts;
  }

  async countPhrases(space?: string): Promise<number> {
    return this.prisma.knowledgePhrase.count({ where: space ? { space } : undefined });
  }

  async getEntries(ids: string[]): Promise<Map<string, StoredEntry>> {
    if (ids.length === 0) return new Map();
    const rows = await this.prisma.knowledgeEntry.findMany({ where: { id: { in: ids } } });
    return new Map(rows.map((row) => [row.id, toStoredEntry(row)]));
  }

  async listEntries(kind?: EntryKind): Promise<StoredEntry[]> {
    return this.entriesWhere(kind ? { kind } : undefined);
  }

  /** Phrase texts by id, with the entry each belongs to (`entryOf`). */
  async phraseTexts(ids: number[]): Promise<Map<number, string> & { entryOf: Map<number, string> }> {
    const texts = Object.assign(new Map<number, string>(), { entryOf: new Map<number, string>() });
    for (const page of chunk(ids, 5000)) {
      const rows = await this.prisma.knowledgePhrase.findMany({ where: { id: { in: page.map(BigInt) } }, select: { id: true, text: true, entryId: true } });
      for (const row of rows) {
        texts.set(Number(row.id), row.text);
        texts.entryOf.set(Number(row.id), row.entryId);
      }
    }
    return texts;
  }

  /** Stored vectors of phrases in a space (calibration asks stored phrasings and need not embed them again). */
  async phraseVectors(space: string, ids: number[]): Promise<Map<number, number[]>> {
    const vectors = new Map<number, number[]>();
    for (const page of chunk(ids, 2000)) {
      const rows = await this.prisma.$queryRaw<Array<{ id: bigint; v: string }>>`
        SELECT id, embedding::text AS v FROM knowledge_phrase WHERE space = ${space} AND embedding IS NOT NULL AND id = ANY(${`{${page.map(Math.trunc).join(',')}}`}::bigint[])`;
      for (const row of rows) vectors.set(Number(row.id), JSON.parse(row.v) as number[]);
    }
    return vectors;
  }

  async allPhraseIds(): Promise<number[]> {
    const rows = await this.prisma.knowledgePhrase.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    return rows.map((row) => Number(row.id));
  }

  /** Every phrase's lexical tokens, streamed in pages, to build the in-memory BM25 index. */
  async *lexicalPhrases(pageSize = 5000): AsyncGenerator<LexicalPhrase[]> {
    let after = BigInt(0);
    for (;;) {
      const rows = await this.prisma.knowledgePhrase.findMany({
        where: { id: { gt: after } },
        orderBy: { id: 'asc' },
        take: pageSize,
        select: LEXICAL_PHRASE_FIELDS,
      });
      if (rows.length === 0) return;
      after = rows[rows.length - 1].id;
      yield rows.map(toLexicalPhrase);
    }
  }

  /** The entries of these files, in listEntries' order (a snapshot rebuilt after an edit re-reads only those). */
  async entriesOfFiles(paths: string[]): Promise<StoredEntry[]> {
    return paths.length === 0 ? [] : this.entriesWhere({ filePath: { in: paths } });
  }

  private async entriesWhere(where: Prisma.KnowledgeEntryWhereInput | undefined): Promise<StoredEntry[]> {
    const rows = await this.prisma.knowledgeEntry.findMany({ where, orderBy: [{ filePath: 'asc' }, { position: 'asc' }] });
    return rows.map(toStoredEntry);
  }

  /** The phrases of these files' entries, by id, as lexicalPhrases streams them. */
  async phrasesOfFiles(paths: string[]): Promise<LexicalPhrase[]> {
    if (paths.length === 0) return [];
    const rows = await this.prisma.knowledgePhrase.findMany({
      where: { entry: { filePath: { in: paths } } },
      orderBy: { id: 'asc' },
      select: LEXICAL_PHRASE_FIELDS,
    });
    return rows.map(toLexicalPhrase);
  }

  /** Nearest phrases by cosine similarity through the space's HNSW index. */
  async denseSearch(space: string, vector: number[], limit: number): Promise<DenseHit[]> {
    assertSpace(space);
    const dims = vector.length;
    const literal = vectorLiteral(vector);
    // on the driver, not through Prisma: this runs for every question (DatabaseService.query)
    const cast = vectorCast(dims);
    const rows = await this.database.query<{ id: bigint | string; entry_id: string; role: string; distance: number }>(
      `SELECT id, entry_id, role, (embedding::${cast} <=> $1::${cast}) AS distance
       FROM knowledge_phrase
       WHERE space = ${quoteLiteral(space)}
       ORDER BY embedding::${cast} <=> $1::${cast}
       LIMIT ${Math.trunc(limit)}`,
      [literal],
    );
    return rows.map((row) => ({ phraseId: Number(row.id), entryId: row.entry_id, role: row.role as PhraseRole, similarity: 1 - Number(row.distance) }));
  }

  /** One partial HNSW index per embedding space; indexes of other spaces are dropped with their vectors. */
  async ensureVectorIndex(space: string, dims: number): Promise<void> {
    assertSpace(space);
    const name = vectorIndexName(space);
    // building the graph in memory is several times faster than spilling to disk (the default is 64 MB)
    await this.prisma.$transaction([
      this.prisma.$executeRawUnsafe(`SET LOCAL maintenance_work_mem = '1GB'`),
      this.prisma.$executeRawUnsafe(
        `CREATE INDEX IF NOT EXISTS ${name} ON knowledge_phrase USING hnsw ((embedding::${vectorCast(dims)}) ${dims > MAX_VECTOR_HNSW_DIMENSIONS ? 'halfvec' : 'vector'}_cosine_ops) WHERE space = ${quoteLiteral(space)}`,
      ),
    ], { ...TRANSACTION_WAIT, timeout: INDEX_BUILD_TIMEOUT_MS });
    const others = await this.prisma.$queryRaw<Array<{ indexname: string }>>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'knowledge_phrase' AND indexname LIKE 'knowledge_phrase_hnsw_%' AND indexname <> ${name}`;
    for (const other of others) await this.prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS ${other.indexname}`);
  }

  /** Bulk loads are much faster without the HNSW index; the indexer drops it first and rebuilds it at the end. */
  async dropVectorIndex(space: string): Promise<void> {
    assertSpace(space);
    await this.prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS ${vectorIndexName(space)}`);
  }

  /** Drops every space's HNSW index (with an embedding whose vectors are not searched in the database). */
  async dropVectorIndexes(): Promise<void> {
    const indexes = await this.prisma.$queryRaw<Array<{ indexname: string }>>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'knowledge_phrase' AND indexname LIKE 'knowledge_phrase_hnsw_%'`;
    for (const index of indexes) await this.prisma.$executeRawUnsafe(`DROP INDEX IF EXISTS ${index.indexname}`);
  }

  async hasVectorIndex(space: string): Promise<boolean> {
    const rows = await this.prisma.$queryRaw<Array<{ n: bigint }>>`SELECT count(*) AS n FROM pg_indexes WHERE indexname = ${vectorIndexName(space)}`;
    return Number(rows[0]?.n ?? 0) > 0;
  }
}

/** What a snapshot reads of each phrase (lexicalPhrases, phrasesOfFiles). */
const LEXICAL_PHRASE_FIELDS = { id: true, entryId: true, role: true, tokens: true, text: true } as const;

function toLexicalPhrase(row: { id: bigint; entryId: string; role: string; tokens: string; text: string }): LexicalPhrase {
  return { id: Number(row.id), entryId: row.entryId, role: row.role as PhraseRole, tokens: row.tokens, text: row.text };
}

function toStoredEntry(row: {
  id: string;
  filePath: string;
  kind: string;
  title: string;
  headingPath: string[];
  position: number;
  lang: string | null;
  content: unknown;
  tags: string[];
  handoff: boolean;
  meta: unknown;
}): StoredEntry {
  return { ...row, kind: row.kind as EntryKind, lang: row.lang as Lang | null, content: row.content as EntryContent, meta: (row.meta ?? {}) as Record<string, unknown> };
}

/** pgvector's text format; six decimals keep float32 precision that matters for cosine, and zeros stay short. */
function vectorLiteral(vector: number[]): string {
  let literal = '[';
  for (let i = 0; i < vector.length; i++) {
    const value = vector[i];
    literal += (i ? ',' : '') + (value === 0 || !Number.isFinite(value) ? '0' : value.toFixed(6));
  }
  return `${literal}]`;
}

/** HNSW indexes `vector` up to 2,000 dimensions and `halfvec` (16-bit floats) up to 4,000. */
const MAX_VECTOR_HNSW_DIMENSIONS = 2000;

function vectorCast(dims: number): string {
  return `${dims > MAX_VECTOR_HNSW_DIMENSIONS ? 'halfvec' : 'vector'}(${Math.trunc(dims)})`;
}

function vectorIndexName(space: string): string {
  return `knowledge_phrase_hnsw_${createHash('sha1').update(space).digest('hex').slice(0, 12)}`;
}

/** Space ids go into SQL as literals (a partial index only matches a literal predicate); they are checked first. */
function assertSpace(space: string): void {
  if (!SPACE_PATTERN.test(space)) throw new Error(`invalid embedding space id "${space}"`);
}

function quoteLiteral(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function chunk<T>(items: T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let i = 0; i < items.length; i += size) pages.push(items.slice(i, i + size));
  return pages;
}
