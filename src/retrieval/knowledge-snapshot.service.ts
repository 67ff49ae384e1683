import { Injectable, Logger } from '@nestjs/common';
import { KnowledgeRepository, StoredEntry } from '../knowledge/knowledge.repository';
import type { BotSettings, PhraseRole } from '../knowledge/knowledge.types';
import { trainClassifier } from './classifier/classifier-trainer';
import { IntentClassifier, TrainingExample } from './classifier/intent-classifier';
import { intentFeaturizer } from './classifier/intent-features';
import { Bm25Index } from './lexical/bm25';
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
  lexical: Bm25Index<number>;
  phrases: Map<number, PhraseRef>;
  announcements: StoredEntry[];
  /** every entry by id: search results are resolved here, not with a query per question */
  entries: Map<string, StoredEntry>;
  /** FAQ question phrasings (question + similar), the classifier's training data */
  questions: Array<TrainingExample & { phraseId: number }>;
  /** trained on `questions` (QUALITY-IDEAS 1); undefined for a folder without FAQ entries */
  classifier?: IntentClassifier;
  featurize: (text: string) => string[];
  synonyms?: Record<string, string[]>;
}

/** How often a query checks whether another instance (or the indexer) changed the index. */
const VERSION_CHECK_MS = 1000;

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

  constructor(
    private readonly repository: KnowledgeRepository,
    private readonly analysis: TextAnalysisService,
  ) {}

  get loaded(): boolean {
    return this.current !== undefined;
  }

  async get(): Promise<Snapshot> {
    if (this.loading) return this.loading;
    if (this.current && Date.now() - this.checkedAt < VERSION_CHECK_MS) return this.current;
    this.checkedAt = Date.now();
    const version = await this.repository.getVersion();
    if (this.current?.version === version) return this.current;
    return this.reload();
  }

  /** Rebuild now (after this process indexed); concurrent callers share one rebuild. */
  reload(): Promise<Snapshot> {
    this.loading ??= this.build().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async build(): Promise<Snapshot> {
    const started = Date.now();
    const state = await this.repository.getState();
    const analysis = await this.analysis.forSettings(state.settings);
    const lexical = new Bm25Index<number>();
    const phrases = new Map<number, PhraseRef>();
    const questions: Snapshot['questions'] = [];
    for await (const page of this.repository.lexicalPhrases()) {
      for (const phrase of page) {
        lexical.add(phrase.id, phrase.tokens ? phrase.tokens.split(' ') : []);
        phrases.set(phrase.id, { entryId: phrase.entryId, role: phrase.role });
        if (phrase.role === 'question' || phrase.role === 'similar') questions.push({ label: phrase.entryId, text: phrase.text, phraseId: phrase.id });
      }
    }
    lexical.freeze();
    const featurize = intentFeaturizer(analysis.tokenizer);
    const classifier = questions.length > 0 ? await trainClassifier(questions, featurize, state.settings.synonyms) : undefined;
    const entries = new Map((await this.repository.listEntries()).map((entry) => [entry.id, entry]));
    const announcements = [...entries.values()].filter((entry) => entry.kind === 'announcement');
    this.current = { version: state.version, settings: state.settings, analysis, space: state.embeddingSpace, lexical, phrases, announcements, entries, questions, classifier, featurize, synonyms: state.settings.synonyms };
    this.checkedAt = Date.now();
    this.logger.log(`Loaded index version ${state.version}: ${phrases.size} phrases in ${Date.now() - started} ms`);
    return this.current;
  }
}
