import { Injectable, Logger } from '@nestjs/common';
import { KnowledgeRepository, StoredEntry } from '../knowledge/knowledge.repository';
import type { EntryKind, PhraseRole } from '../knowledge/knowledge.types';
import type { ClassPrediction, IntentClassifier } from './classifier/intent-classifier';
import { OutOfScopeSignals, outOfScopeSignals } from './classifier/out-of-scope';
import { LocalHashEmbedding, SparseVector } from './embedding/local-embedding';
import { documentLabel, isDocumentLabel, KnowledgeSnapshotService, Snapshot } from './knowledge-snapshot.service';
import type { Expansion } from './language/query-expansion';
import { countTokens } from './lexical/bm25';
import { FEATURE_PREFIX } from './text/tokenizer';

export interface SearchOptions {
  limit?: number;
  kinds?: EntryKind[];
  /** leave these out, as if they were not indexed (confidence calibration holds phrases and entries out) */
  exclude?: { entryIds?: ReadonlySet<string>; phraseIds?: ReadonlySet<number> };
  /** use this classifier instead of the snapshot's (calibration trains one without its held-out phrasings) */
  classifier?: IntentClassifier;
  /** the query's vector when it is known already (calibration asks stored phrasings, whose vectors are stored) */
  queryVector?: number[];
  /** the index version to search: a question's steps (search, confidence, composing) must all read the same one */
  snapshot?: Snapshot;
}

export interface SearchResult {
  hits: SearchHit[];
  /** how far the question is from everything the FAQ phrasings cover (out-of-scope detection) */
  signals?: OutOfScopeSignals;
  /** the index version these hits come from, for the steps after search */
  snapshot: Snapshot;
}

export interface SearchHit {
  entry: StoredEntry;
  /** the weighted sum of the three scores below (fuseScores) */
  fused: number;
  /** BM25 of the best phrase divided by the query's BM25 against itself: 0..1 */
  lexical: number;
  /** cosine similarity of the best phrase: -1..1 */
  dense: number;
  /** the FAQ classifier's probability for this entry: 0..1 (0 for documents) */
  classifier: number;
  /** how much of the question's words (idf-weighted) the entry holds anywhere: its phrasings and answer, or passage: 0..1 */
  coverage: number;
  matchedRole: PhraseRole;
}

const CANDIDATES = 60;
const CLASSIFIER_CANDIDATES = 10;
/** with fewer labels (FAQ entries and documents) a classifier has nothing to choose between */
const MIN_CLASSIFIER_LABELS = 3;
/**
 * Score fusion weights over lexical (0..1), dense cosine, the classifier's probability (relativeProbability) and the
 * entry's coverage of the question (0..1). The classifier, trained on the folder's own phrasings and passages, carries
 * most; the local hashed embedding adds little beyond BM25 (with OpenAI embeddings dense deserves more). Scores rather
 * than reciprocal ranks, so that an unsure classifier lets a strong word match win. Chosen on validation probes that
 * the quality benchmark does not report on (npm run bench:quality -- --fit-fusion): a plateau, not a sharp optimum.
 */
export const FUSION_WEIGHTS: FusionWeights = { lexical: 1, dense: 0.25, classifier: 2.5, coverage: 1.2 };

export interface FusionWeights {
  lexical: number;
  dense: number;
  classifier: number;
  coverage: number;
}
/**
 * A word held by more of the folder's phrases than this share (and more than COVERAGE_MIN_PHRASES) says little about
 * which entry is meant, and reading its postings would cost more than it tells: coverage counts it as held by every
 * candidate (in a large folder of near-duplicates a question of common words only covers them all alike).
 */
const COVERAGE_MAX_SHARE = 0.02;
const COVERAGE_MIN_PHRASES = 500;
/**
 * How much a passage matching every translation of a fully translated question counts against one matching the
 * question's own words: a translation through a dictionary is less sure than the customer's own word.
 */
const TRANSLATED_QUERY_WEIGHT = 0.8;
/** pgvector's HNSW returns at most hnsw.ef_search (40 by default) rows, so asking for more gains nothing */
const DENSE_CANDIDATES = 40;
/**
 * How long a question waits for the nearest-neighbour query. The embedded database runs one statement at a time, so
 * while it builds the HNSW graph of a large folder (seconds) the query queues behind it; the question is answered
 * from BM25 and the classifier meanwhile.
 */
export const DENSE_WAIT_MS = 1500;

/**
 * Hybrid retrieval: BM25 over the in-memory snapshot and nearest neighbours through pgvector, each grouped per
 * entry by its best phrase (so one FAQ entry's five phrasings do not crowd out the others), plus the FAQ classifier
 * trained on the folder's phrasings, fused by a weighted sum of their scores.
 */
@Injectable()
export class HybridSearchService {
  private readonly logger = new Logger(HybridSearchService.name);
  private lastSlowWarning = 0;
  private lastEmbeddingWarning = 0;

  constructor(
    private readonly snapshots: KnowledgeSnapshotService,
    private readonly repository: KnowledgeRepository,
  ) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    return (await this.searchWithSignals(query, options)).hits;
  }

  async searchWithSignals(query: string, options: SearchOptions = {}): Promise<SearchResult> {
    const limit = options.limit ?? 10;
    const snapshot = options.snapshot ?? (await this.snapshots.get());
    const keep = (entryId: string, phraseId: number) => !options.exclude?.entryIds?.has(entryId) && !options.exclude?.phraseIds?.has(phraseId);
    const { tokenizer, expander } = snapshot.analysis;
    const tokens = tokenizer.features(query);
    const expansion = expander.expand(query, tokenizer, tokens, (term) => snapshot.lexical.has(term));
    const [lexical, dense] = await Promise.all([this.lexical(snapshot, tokens, expansion, keep), this.dense(snapshot, query, tokens, keep, options.queryVector)]);
    const classifier = options.classifier ?? snapshot.classifier;
    const analysis = classifier && this.classify(classifier, query, tokens, expansion);
    const signals = analysis ? outOfScopeSignals(analysis) : undefined;
    // a softmax is sure of something even for a question its examples never touched: weigh it by how much of the
    // question they cover
    const coverage = signals?.coverage ?? 0;
    const predictions = classifier && classifier.labels.length >= MIN_CLASSIFIER_LABELS ? (analysis?.predictions ?? []) : [];
    const predicted = this.classifierRanking(snapshot, predictions, coverage, [lexical, dense], options);

    const fused = new Map<string, { fused: number; lexical: number; dense: number; classifier: number; coverage: number; role: PhraseRole }>();
    const add = (ranking: Array<{ entryId: string; score: number; role: PhraseRole }>, field: 'lexical' | 'dense' | 'classifier') => {
      ranking.forEach((hit) => {
        const item = fused.get(hit.entryId) ?? { fused: 0, lexical: 0, dense: 0, classifier: 0, coverage: 0, role: hit.role };
        item[field] = hit.score;
        if (field === 'lexical' || item.lexical === 0) item.role = hit.role;
        fused.set(hit.entryId, item);
      });
    };
    add(lexical, 'lexical');
    add(dense, 'dense');
    add(predicted, 'classifier');

    const covered = this.entryCoverage(snapshot, tokens, alternativesOf(expansion), keep, fused);
    for (const [entryId, item] of fused) {
      item.coverage = covered.get(entryId) ?? 0;
      item.fused = fuseScores(item);
    }
    const ranked = [...fused.entries()].sort((a, b) => b[1].fused - a[1].fused);
    const hits: SearchHit[] = [];
    for (const [entryId, scores] of ranked) {
      const entry = snapshot.entries.get(entryId);
      if (!entry || (options.kinds && !options.kinds.includes(entry.kind))) continue;
      hits.push({ entry, fused: scores.fused, lexical: scores.lexical, dense: scores.dense, classifier: scores.classifier, coverage: scores.coverage, matchedRole: scores.role });
      if (hits.length >= limit) break;
    }
    return { hits, signals, snapshot };
  }

  /**
   * The classifier's analysis of the question, or of the question with its Chinese translations when those make
   * more of it known to the folder's phrasings: an English question about a Chinese document is then classified
   * as the Chinese it would be asked in, and counts as in scope as far as its translations reach.
   */
  private classify(classifier: IntentClassifier, query: string, tokens: readonly string[], expansion: Expansion) {
    const analysis = classifier.analyze(query, CLASSIFIER_CANDIDATES, tokens);
    if (!expansion.translatedText) return analysis;
    const translated = classifier.analyze(`${query} ${expansion.translatedText}`, CLASSIFIER_CANDIDATES);
    return outOfScopeSignals(translated).coverage > outOfScopeSignals(analysis).coverage ? translated : analysis;
  }

  /**
   * The classifier's predictions as entry scores. An FAQ label is its entry; a document label scores the document's
   * best passage by words (else by meaning), so the classifier says which document and the rankers which passage.
   */
  private classifierRanking(snapshot: Snapshot, predictions: ClassPrediction[], coverage: number, found: Array<Array<{ entryId: string }>>, options: SearchOptions) {
    let bestPassage: Map<string, string> | undefined; // only a question a document is predicted for needs it
    const best = predictions[0]?.probability ?? 0;
    const ranking: Array<{ entryId: string; score: number; role: PhraseRole }> = [];
    for (const prediction of predictions) {
      const score = relativeProbability(prediction.probability, best) * coverage;
      if (isDocumentLabel(prediction.label)) {
        const passage = (bestPassage ??= bestPassageByDocument(snapshot, found)).get(prediction.label);
        if (passage) ranking.push({ entryId: passage, score, role: 'passage' });
      } else if (!options.exclude?.entryIds?.has(prediction.label)) {
        ranking.push({ entryId: prediction.label, score, role: 'question' });
      }
    }
    return ranking;
  }

  /**
   * For each candidate, the share of the question's words (idf-weighted) found in any of its phrases: the best phrase
   * alone (BM25) misses an entry whose question says "warranty" while its answer names the "2 years" asked about, and
   * favours a short phrasing that matches one common word over a passage that holds the rare ones.
   */
  private entryCoverage(
    snapshot: Snapshot,
    tokens: string[],
    alternatives: ReadonlyMap<string, string[]>,
    keep: (entryId: string, phraseId: number) => boolean,
    candidates: ReadonlyMap<string, unknown>,
  ): Map<string, number> {
    const covered = new Map<string, number>();
    const limit = Math.max(COVERAGE_MIN_PHRASES, snapshot.lexical.size * COVERAGE_MAX_SHARE);
    let total = 0;
    let common = 0;
    for (const word of new Set(tokens.filter(isWord))) {
      const weight = snapshot.lexical.idf(word);
      const counted = new Set<string>();
      const visit = (phraseId: number) => {
        const phrase = snapshot.phrases.get(phraseId);
        if (!phrase || counted.has(phrase.entryId) || !candidates.has(phrase.entryId) || !keep(phrase.entryId, phraseId)) return;
        counted.add(phrase.entryId);
        covered.set(phrase.entryId, (covered.get(phrase.entryId) ?? 0) + weight);
      };
      const informative = snapshot.lexical.forEachDocumentWith(word, limit, visit);
      // an entry holding a synonym or translation of the word holds the word
      if (informative) for (const alternative of alternatives.get(word) ?? []) snapshot.lexical.forEachDocumentWith(alternative, limit, visit);
      total += weight;
      if (!informative) common += weight;
    }
    if (total === 0) return covered;
    for (const entryId of candidates.keys()) covered.set(entryId, ((covered.get(entryId) ?? 0) + common) / total);
    return covered;
  }

  /** The texts of phrases (calibration asks held-out phrasings). */
  phraseTexts(ids: number[]) {
    return this.repository.phraseTexts(ids);
  }

  /** Their stored vectors in the snapshot's space (none when the snapshot is of another space). */
  async phraseVectors(ids: number[]): Promise<Map<number, number[]>> {
    const snapshot = await this.snapshots.get();
    const space = snapshot.analysis.embedding.id;
    return snapshot.space === space ? this.repository.phraseVectors(space, ids) : new Map();
  }

  /**
   * BM25 of the question's tokens with its synonyms at a lower weight; and, when its words have translations in
   * the folder, BM25 of those translations as a query of their own, scaled by the share of the question they
   * translate: a Chinese passage then competes on what an English question would say in Chinese.
   */
  private lexical(snapshot: Snapshot, tokens: string[], expansion: Expansion, keep: (entryId: string, phraseId: number) => boolean) {
    if (tokens.length === 0) return [];
    const terms = countTokens(tokens);
    for (const { term, weight } of expansion.synonyms) terms.set(term, weight);
    const scored = new Map<number, number>();
    const score = (query: ReadonlyMap<string, number>, best: number, scale: number) => {
      for (const hit of snapshot.lexical.searchWeighted(query, CANDIDATES * 3)) scored.set(hit.key, Math.max(scored.get(hit.key) ?? 0, Math.min(1, (scale * hit.score) / best)));
    };
    score(terms, snapshot.lexical.maxScore(tokens) || 1, 1);
    if (expansion.translations.length > 0) {
      const translated = new Map(expansion.translations.map(({ term, weight }) => [term, weight]));
      score(translated, snapshot.lexical.maxScoreWeighted(translated) || 1, TRANSLATED_QUERY_WEIGHT * expansion.translatedShare);
    }
    return groupByEntry(
      [...scored].map(([phraseId, value]) => {
        const phrase = snapshot.phrases.get(phraseId);
        return phrase && keep(phrase.entryId, phraseId) ? { entryId: phrase.entryId, role: phrase.role, score: value } : undefined;
      }),
    );
  }

  private async dense(snapshot: Snapshot, query: string, tokens: string[], keep: (entryId: string, phraseId: number) => boolean, known?: number[]) {
    const space = snapshot.analysis.embedding.id;
    if (snapshot.space !== space) return [];
    const embedding = snapshot.analysis.embedding;
    if (snapshot.vectors && embedding instanceof LocalHashEmbedding) {
      const vector = known ? sparseOf(known) : embedding.embedFeatures(tokens);
      return groupByEntry(
        snapshot.vectors.search(vector, DENSE_CANDIDATES).map((hit) => {
          const phrase = snapshot.phrases.get(hit.key);
          return phrase && keep(phrase.entryId, hit.key) ? { entryId: phrase.entryId, role: phrase.role, score: hit.similarity } : undefined;
        }),
      );
    }
    // a failing embedding server (bounded by its own timeout and circuit breaker) leaves the question to words and the classifier
    const vector = known ?? (await snapshot.analysis.embedding.embedQuery(query).catch((error: Error) => this.embeddingFailed(error)));
    if (!vector) return [];
    const hits = await this.withinWait(this.repository.denseSearch(space, vector, DENSE_CANDIDATES));
    return groupByEntry(hits.filter((hit) => keep(hit.entryId, hit.phraseId)).map((hit) => ({ entryId: hit.entryId, role: hit.role, score: hit.similarity })));
  }

  private embeddingFailed(error: Error): undefined {
    if (Date.now() - this.lastEmbeddingWarning > 10_000) {
      this.lastEmbeddingWarning = Date.now();
      this.logger.warn(`Question embedding failed, answering from words and the classifier: ${error.message}`);
    }
    return undefined;
  }

  /** The query's hits, or none when the database does not answer within DENSE_WAIT_MS (it goes on; its result is dropped). */
  private withinWait<T>(query: Promise<T[]>): Promise<T[]> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<T[]>((resolve) => {
      timer = setTimeout(() => {
        if (Date.now() - this.lastSlowWarning > 10_000) {
          this.lastSlowWarning = Date.now();
          this.logger.warn(`Vector search took over ${DENSE_WAIT_MS} ms (the database is busy, e.g. building the index); answering from words and the classifier meanwhile`);
        }
        resolve([]);
      }, DENSE_WAIT_MS);
    });
    query.catch(() => undefined);
    return Promise.race([query, late]).finally(() => clearTimeout(timer));
  }
}

/** One entry's evidence from the three rankers and its coverage of the question as a single score. */
export function fuseScores(scores: { lexical: number; dense: number; classifier: number; coverage: number }, weights: FusionWeights = FUSION_WEIGHTS): number {
  return weights.lexical * scores.lexical + weights.dense * Math.max(0, scores.dense) + weights.classifier * scores.classifier + weights.coverage * scores.coverage;
}

/** Each document's first passage in the rankings (each in score order, words before meaning), by its classifier label. */
function bestPassageByDocument(snapshot: Snapshot, rankings: Array<Array<{ entryId: string }>>): Map<string, string> {
  const best = new Map<string, string>();
  for (const ranking of rankings) {
    for (const { entryId } of ranking) {
      const entry = snapshot.entries.get(entryId);
      if (entry?.kind !== 'document') continue;
      const label = documentLabel(entry.filePath);
      if (!best.has(label)) best.set(label, entryId);
    }
  }
  return best;
}

/**
 * A softmax over hundreds of labels spreads its mass thin: a sure first choice may hold 0.05 of it, which would weigh
 * nothing next to word scores in 0..1. Scaled by the square root of the best probability, the first choice scores
 * √p (0.05 → 0.22) and the others keep their ratio to it, so the classifier's ranking counts whether it is sure or not,
 * and still counts less when it is unsure.
 */
export function relativeProbability(probability: number, best: number): number {
  return best > 0 ? probability / Math.sqrt(best) : 0;
}

const NGRAM_PREFIXES = new Set<string>(Object.values(FEATURE_PREFIX));

/** Each question word's synonyms and translations that are words (not n-grams), for coverage. */
function alternativesOf(expansion: Expansion): Map<string, string[]> {
  const alternatives = new Map<string, string[]>();
  for (const { term, sources } of [...expansion.synonyms, ...expansion.translations]) {
    if (!isWord(term)) continue;
    for (const source of sources) alternatives.set(source, [...(alternatives.get(source) ?? []), term]);
  }
  return alternatives;
}

/** A tokenizer feature that is a word, not one of the n-grams backing words up. */
function isWord(feature: string): boolean {
  return !NGRAM_PREFIXES.has(feature[0]);
}

/** A vector as its non-zero components. */
function sparseOf(vector: number[]): SparseVector {
  const index: number[] = [];
  vector.forEach((value, dimension) => value !== 0 && index.push(dimension));
  return { index: Int32Array.from(index), value: Float64Array.from(index, (dimension) => vector[dimension]) };
}

/** Keeps each entry's best phrase, in score order. */
function groupByEntry(hits: Array<{ entryId: string; role: PhraseRole; score: number } | undefined>) {
  const best = new Map<string, { entryId: string; role: PhraseRole; score: number }>();
  for (const hit of hits) {
    if (hit && (!best.has(hit.entryId) || best.get(hit.entryId)!.score < hit.score)) best.set(hit.entryId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, CANDIDATES);
}
