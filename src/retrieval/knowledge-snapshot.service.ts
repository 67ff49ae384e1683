import { Injectable, Logger } from '@nestjs/common';
import { LeaseRepository } from '../database/lease.repository';
import { KnowledgeRepository, StoredEntry, StoredFile } from '../knowledge/knowledge.repository';
import { BotSettings, INDEX_LEASE, PhraseRole } from '../knowledge/knowledge.types';
import { TrainedClassifier, trainIncrementally } from './classifier/incremental-training';
import { IntentClassifier, TrainingExample } from './classifier/intent-classifier';
import { intentFeaturizer } from './classifier/intent-features';
import { LocalHashEmbedding } from './embedding/local-embedding';
import { SparseVectorIndex } from './embedding/sparse-vector-index';
import { passageExamples } from './classifier/passage-examples';
import { buildFrozenBm25, FrozenBm25 } from './lexical/bm25';
import { ModelStore } from './models/model-store.service';
import { Analysis, TextAnalysisService } from './text-analysis.service';

export interface PhraseRef {
  entryId: string;
  role: PhraseRole;
}

export interface Snapshot {
  version: number;
  settings: BotSettings;
  analysis: Analysis;
  space: string | null;
  lexical: FrozenBm25<number>;
  /** with the local embedding, every phrase's vector by phrase id, searched in process instead of through pgvector */
  vectors?: SparseVectorIndex<number>;
  phrases: Map<number, PhraseRef>;
  announcements: StoredEntry[];
  /** every entry by id: search results are resolved here, not with a query per question */
  entries: Map<string, StoredEntry>;
  /**
   * the classifier's training data: FAQ phrasings (question + similar) and answers labelled with their entry, and
   * document passages in short windows labelled with their document (documentLabel; phraseId: the passage's phrase)
   */
  examples: Array<TrainingExample & { phraseId: number }>;
  /** trained on `examples` (QUALITY-IDEAS 1); undefined for a folder without FAQ entries or documents */
  classifier?: IntentClassifier;
  featurize: (text: string) => string[];
  synonyms?: Record<string, string[]>;
  /** what stored models are keyed by besides the version: the text pipeline (synonyms, embedding space, code) */
  fingerprint: string;
}

/** Part of the stored classifier's key: change it whenever training changes what it produces for the same examples. */
const CLASSIFIER_FORMAT = 'intent-classifier-2';

/**
 * What the FAQ classifier learns from: every phrasing of a question, and the answer, which names the facts customers
 * ask about in words the phrasings often lack.
 */
const CLASSIFIER_ROLES: ReadonlySet<PhraseRole> = new Set(['question', 'similar', 'answer']);

/** A phrase as the snapshot is built from it: its stored tokens split once. */
interface ReadPhrase {
  id: number;
  entryId: string;
  role: PhraseRole;
  text: string;
  tokens: string[];
}

/**
 * What the current snapshot was built from, kept so that the next version re-reads only the files that changed:
 * every entry and phrase in the order a full read returns them, and each file's mark (see fileMark).
 */
interface IndexRead {
  version: number;
  fingerprint: string;
  space: string | null;
  settings: string;
  files: Map<string, string>;
  entries: StoredEntry[];
  phrases: ReadPhrase[];
}

/** How often a query checks whether another instance (or the indexer) changed the index. */
const VERSION_CHECK_MS = 1000;
/** How often a snapshot build waiting for an index pass to finish looks again. */
const INDEX_WAIT_POLL_MS = 250;

/**
 * The in-memory side of the index for this process: BM25 over every phrase's tokens and the analysis for the
 * current settings. It is a cache of what PostgreSQL holds, rebuilt when the stored index version moves, so
 * every instance serves the same knowledge.
 */
@Injectable()
export class KnowledgeSnapshotService {
  private readonly logger = new Logger(KnowledgeSnapshotService.name);
  private current?: Snapshot;
  private loading?: Promise<Snapshot>;
  private checkedAt = 0;
  /** the newest classifier this process built or loaded: the next version's warm start, without reading it back */
  private lastClassifier?: { fingerprint: string; trained: TrainedClassifier };
  private lastRead?: IndexRead;

  constructor(
    private readonly repository: KnowledgeRepository,
    private readonly analysis: TextAnalysisService,
    private readonly leases: LeaseRepository,
    private readonly models: ModelStore,
  ) {}

  get loaded(): boolean {
    return this.current !== undefined;
  }

  /**
   * The snapshot to search. Only the very first load is waited for: afterwards a question is answered from the
   * current snapshot while a newer one is checked for (at most once a second) and built in the background, so no
   * customer waits seconds for a large folder to reload after an edit (here or on another instance).
   */
  async get(): Promise<Snapshot> {
    if (!this.current) return this.loading ?? this.reload();
    if (!this.loading && Date.now() - this.checkedAt >= VERSION_CHECK_MS) void this.refreshIfChanged();
    return this.current;
  }

  private async refreshIfChanged(): Promise<void> {
    this.checkedAt = Date.now();
    try {
      const version = await this.repository.getVersion();
      if (this.current?.version !== version) await this.reload();
    } catch (error) {
      this.logger.warn(`Checking for a newer index failed: ${(error as Error).message}`);
    }
  }

  /**
   * Rebuild now (after this process indexed). A rebuild already under way may have read the index before the change,
   * so this one starts after it; callers waiting for either get the newest.
   */
  reload(): Promise<Snapshot> {
    const after = this.loading?.catch(() => undefined) ?? Promise.resolve();
    const loading: Promise<Snapshot> = after.then(() => this.build()).finally(() => {
      if (this.loading === loading) this.loading = undefined;
    });
    this.loading = loading;
    return loading;
  }

  /**
   * Reads the index while no pass writes to it, again if a pass started meanwhile: a pass bumps the version only
   * once it has written everything, so a read that overlaps one can be half old, half new under the old version
   * number, and the models built from it are stored under that number for every instance.
   */
  private async build(): Promise<Snapshot> {
    for (;;) {
      while (await this.leases.holder(INDEX_LEASE)) await new Promise((resolve) => setTimeout(resolve, INDEX_WAIT_POLL_MS));
      const read = await this.read();
      if (!(await this.leases.holder(INDEX_LEASE)) && (await this.repository.getVersion()) === read.state.version) return this.complete(read);
    }
  }

  private async read() {
    const started = Date.now();
    const state = await this.repository.getState();
    const analysis = await this.analysis.forSettings(state.settings);
    const files = new Map((await this.repository.listFiles()).map((file) => [file.path, fileMark(file)]));
    const base = this.lastRead;
    const settings = JSON.stringify(state.settings);
    const sameText = base?.fingerprint === analysis.fingerprint && base.space === state.embeddingSpace && base.settings === settings;
    const source = sameText ? await this.readChanged(base, files) : await this.readAll();
    const lexicalDocuments: Array<{ key: number; tokens: string[] }> = [];
    const phrases = new Map<number, PhraseRef>();
    const examples: Snapshot['examples'] = [];
    const entries = new Map(source.entries.map((entry) => [entry.id, entry]));
    for (const phrase of source.phrases) {
      lexicalDocuments.push({ key: phrase.id, tokens: phrase.tokens });
      phrases.set(phrase.id, { entryId: phrase.entryId, role: phrase.role });
      if (CLASSIFIER_ROLES.has(phrase.role)) examples.push({ label: phrase.entryId, text: phrase.text, phraseId: phrase.id });
      else if (phrase.role === 'passage') examples.push(...documentExamples(entries.get(phrase.entryId), phrase.id));
    }
    const vectors = localVectors(analysis, state.embeddingSpace, lexicalDocuments, this.current);
    const read: IndexRead = { version: state.version, fingerprint: analysis.fingerprint, space: state.embeddingSpace, settings, files, ...source };
    return { started, state, analysis, lexical: buildFrozenBm25(lexicalDocuments), vectors, phrases, examples, entries, read };
  }

  private async readAll(): Promise<Pick<IndexRead, 'entries' | 'phrases'>> {
    const entries = await this.repository.listEntries();
    const phrases: ReadPhrase[] = [];
    for await (const page of this.repository.lexicalPhrases()) for (const phrase of page) phrases.push(readPhrase(phrase));
    return { entries, phrases };
  }

  /**
   * The previous read with the entries and phrases of changed, added and removed files replaced by what the database
   * holds for them now, in the order readAll returns them: an edit to one file of a large folder re-reads that file,
   * not the whole index.
   */
  private async readChanged(base: IndexRead, files: Map<string, string>): Promise<Pick<IndexRead, 'entries' | 'phrases'>> {
    const changed = new Set([...base.files.keys()].filter((path) => files.get(path) !== base.files.get(path)));
    for (const [path, mark] of files) if (base.files.get(path) !== mark) changed.add(path);
    if (changed.size === 0) return base;
    const paths = [...changed];
    const [fresh, freshPhrases] = await Promise.all([this.repository.entriesOfFiles(paths), this.repository.phrasesOfFiles(paths)]);
    const byFile = new Map<string, StoredEntry[]>();
    for (const entry of [...base.entries.filter((entry) => !changed.has(entry.filePath)), ...fresh]) {
      const list = byFile.get(entry.filePath) ?? [];
      list.push(entry);
      byFile.set(entry.filePath, list);
    }
    // listFiles and listEntries both order by path in the database's collation
    const entries = [...files.keys()].flatMap((path) => byFile.get(path) ?? []);
    const fileOf = new Map(base.entries.map((entry) => [entry.id, entry.filePath]));
    const phrases = [...base.phrases.filter((phrase) => !changed.has(fileOf.get(phrase.entryId)!)), ...freshPhrases.map(readPhrase)];
    if (phrases.some((phrase, index) => index > 0 && phrase.id < phrases[index - 1].id)) phrases.sort((a, b) => a.id - b.id);
    this.logger.log(`Re-read ${paths.length} changed file(s): ${fresh.length} entries, ${freshPhrases.length} phrases`);
    return { entries, phrases };
  }

  private async complete({ started, state, analysis, lexical, vectors, phrases, examples, entries, read }: Awaited<ReturnType<KnowledgeSnapshotService['read']>>): Promise<Snapshot> {
    const featurize = intentFeaturizer(analysis.tokenizer);
    const classifier = examples.length > 0 ? await this.classifierFor(state.version, analysis.fingerprint, examples, featurize, state.settings.synonyms) : undefined;
    const announcements = [...entries.values()].filter((entry) => entry.kind === 'announcement');
    this.current = {
      version: state.version,
      settings: state.settings,
      analysis,
      space: state.embeddingSpace,
      lexical,
      vectors,
      phrases,
      announcements,
      entries,
      examples,
      classifier,
      featurize,
      synonyms: state.settings.synonyms,
      fingerprint: analysis.fingerprint,
    };
    this.lastRead = read;
    this.checkedAt = Date.now();
    this.logger.log(`Loaded index version ${state.version}: ${phrases.size} phrases in ${Date.now() - started} ms`);
    return this.current;
  }

  /**
   * The version's classifier as stored by whichever instance trained it, trained here if none did yet: warm-started
   * from the previous version's model after a small edit (classifier/incremental-training.ts).
   */
  private async classifierFor(version: number, fingerprint: string, examples: TrainingExample[], featurize: (text: string) => string[], synonyms: Record<string, string[]> | undefined): Promise<IntentClassifier> {
    const key = `${fingerprint}|${CLASSIFIER_FORMAT}`;
    const trained = await this.models.obtain<TrainedClassifier>({
      kind: 'classifier',
      indexVersion: version,
      fingerprint: key,
      build: async (previous) => {
        const last = this.lastClassifier?.fingerprint === key ? this.lastClassifier.trained : await previous();
        return trainIncrementally(last, examples, featurize, synonyms);
      },
    });
    this.lastClassifier = { fingerprint: key, trained };
    return IntentClassifier.fromModel(trained.model, featurize);
  }
}

function readPhrase(phrase: { id: number; entryId: string; role: PhraseRole; text: string; tokens: string }): ReadPhrase {
  return { id: phrase.id, entryId: phrase.entryId, role: phrase.role, text: phrase.text, tokens: phrase.tokens ? phrase.tokens.split(' ') : [] };
}

/**
 * What tells a file's stored entries apart from the ones read before: every write of them (replaceFile) sets a new
 * indexedAt, also when a pipeline change re-indexes an unchanged file; the hash covers two writes in one millisecond.
 */
function fileMark(file: StoredFile): string {
  return `${file.indexedAt?.getTime() ?? ''}|${file.contentHash ?? ''}`;
}

/**
 * The local embedding's vectors of the phrases, made from their stored tokens as indexing made them from the same
 * tokens (LocalHashEmbedding.embedFeatures): the same vectors pgvector holds, without reading them back. A phrase's
 * tokens never change under its id, so the previous snapshot's vectors in the same space are reused.
 */
function localVectors(analysis: Analysis, space: string | null, phrases: Array<{ key: number; tokens: string[] }>, previous: Snapshot | undefined): SparseVectorIndex<number> | undefined {
  const embedding = analysis.embedding;
  if (!(embedding instanceof LocalHashEmbedding) || space !== embedding.id) return undefined;
  const tokens = new Map(phrases.map((phrase) => [phrase.key, phrase.tokens]));
  const reusable = previous?.analysis.embedding.id === embedding.id ? previous.vectors : undefined;
  return SparseVectorIndex.build(
    phrases.map((phrase) => phrase.key),
    embedding.dimensions,
    (key) => embedding.embedFeatures(tokens.get(key)!),
    reusable,
  );
}

/**
 * The classifier's label for a document: one per file, not per chunk, so that a folder of long manuals does not
 * multiply the labels every question is scored against; which chunk of it answers is for the words to decide.
 * FAQ ids cannot contain ":" (faq.parser.ts), so the two never collide.
 */
export function documentLabel(filePath: string): string {
  return DOCUMENT_LABEL_PREFIX + filePath;
}

export function isDocumentLabel(label: string): boolean {
  return label.startsWith(DOCUMENT_LABEL_PREFIX);
}

const DOCUMENT_LABEL_PREFIX = 'document:';

/**
 * A document chunk's passage as examples of its document's label, so that the classifier weighs documents against
 * FAQ entries instead of knowing FAQ entries only (measured with npm run bench:quality: README "Benchmarks").
 */
function documentExamples(entry: StoredEntry | undefined, phraseId: number): Snapshot['examples'] {
  if (entry?.kind !== 'document' || !('text' in entry.content)) return [];
  const label = documentLabel(entry.filePath);
  return passageExamples({ title: entry.title, headingPath: entry.headingPath, text: entry.content.text }).map((text) => ({ label, text, phraseId }));
}
