import { Injectable } from '@nestjs/common';
import { KnowledgeRepository, StoredEntry } from '../knowledge/knowledge.repository';
import type { EntryKind, PhraseRole } from '../knowledge/knowledge.types';
import { KnowledgeSnapshotService, Snapshot } from './knowledge-snapshot.service';

export interface SearchOptions {
  limit?: number;
  kinds?: EntryKind[];
  /** leave these out, as if they were not indexed (confidence calibration holds phrases and entries out) */
  exclude?: { entryIds?: ReadonlySet<string>; phraseIds?: ReadonlySet<number> };
}

export interface SearchHit {
  entry: StoredEntry;
  /** reciprocal-rank fusion of the lexical and dense rankings */
  fused: number;
  /** BM25 of the best phrase divided by the query's BM25 against itself: 0..1 */
  lexical: number;
  /** cosine similarity of the best phrase: -1..1 */
  dense: number;
  matchedRole: PhraseRole;
}

const CANDIDATES = 60;
/** pgvector's HNSW returns at most hnsw.ef_search (40 by default) rows, so asking for more gains nothing */
const DENSE_CANDIDATES = 40;
const RRF_K = 60;

/**
 * Hybrid retrieval: BM25 over the in-memory snapshot and nearest neighbours through pgvector, each grouped per
 * entry by its best phrase (so one FAQ entry's five phrasings do not crowd out the others), fused by reciprocal rank.
 */
@Injectable()
export class HybridSearchService {
  constructor(
    private readonly snapshots: KnowledgeSnapshotService,
    private readonly repository: KnowledgeRepository,
  ) {}

  async search(query: string, options: SearchOptions = {}): Promise<SearchHit[]> {
    const limit = options.limit ?? 10;
    const snapshot = await this.snapshots.get();
    const keep = (entryId: string, phraseId: number) => !options.exclude?.entryIds?.has(entryId) && !options.exclude?.phraseIds?.has(phraseId);
    const [lexical, dense] = await Promise.all([this.lexical(snapshot, query, keep), this.dense(snapshot, query, keep)]);

    const fused = new Map<string, { fused: number; lexical: number; dense: number; role: PhraseRole }>();
    const add = (ranking: Array<{ entryId: string; score: number; role: PhraseRole }>, field: 'lexical' | 'dense') => {
      ranking.forEach((hit, rank) => {
        const item = fused.get(hit.entryId) ?? { fused: 0, lexical: 0, dense: 0, role: hit.role };
        item.fused += 1 / (RRF_K + rank + 1);
        item[field] = hit.score;
        if (field === 'lexical' || item.lexical === 0) item.role = hit.role;
        fused.set(hit.entryId, item);
      });
    };
    add(lexical, 'lexical');
    add(dense, 'dense');

    const ranked = [...fused.entries()].sort((a, b) => b[1].fused - a[1].fused);
    const hits: SearchHit[] = [];
    for (const [entryId, scores] of ranked) {
      const entry = snapshot.entries.get(entryId);
      if (!entry || (options.kinds && !options.kinds.includes(entry.kind))) continue;
      hits.push({ entry, fused: scores.fused, lexical: scores.lexical, dense: scores.dense, matchedRole: scores.role });
      if (hits.length >= limit) break;
    }
    return hits;
  }

  /** The texts of phrases (calibration asks held-out phrasings). */
  phraseTexts(ids: number[]) {
    return this.repository.phraseTexts(ids);
  }

  private lexical(snapshot: Snapshot, query: string, keep: (entryId: string, phraseId: number) => boolean) {
    const tokens = snapshot.analysis.tokenizer.features(query);
    if (tokens.length === 0) return [];
    const best = snapshot.lexical.maxScore(tokens) || 1;
    return groupByEntry(
      snapshot.lexical.search(tokens, CANDIDATES * 3).map((hit) => {
        const phrase = snapshot.phrases.get(hit.key);
        return phrase && keep(phrase.entryId, hit.key) ? { entryId: phrase.entryId, role: phrase.role, score: Math.min(1, hit.score / best) } : undefined;
      }),
    );
  }

  private async dense(snapshot: Snapshot, query: string, keep: (entryId: string, phraseId: number) => boolean) {
    const space = snapshot.analysis.embedding.id;
    if (snapshot.space !== space) return [];
    const vector = await snapshot.analysis.embedding.embedQuery(query);
    const hits = await this.repository.denseSearch(space, vector, DENSE_CANDIDATES);
    return groupByEntry(hits.filter((hit) => keep(hit.entryId, hit.phraseId)).map((hit) => ({ entryId: hit.entryId, role: hit.role, score: hit.similarity })));
  }
}

/** Keeps each entry's best phrase, in score order. */
function groupByEntry(hits: Array<{ entryId: string; role: PhraseRole; score: number } | undefined>) {
  const best = new Map<string, { entryId: string; role: PhraseRole; score: number }>();
  for (const hit of hits) {
    if (hit && (!best.has(hit.entryId) || best.get(hit.entryId)!.score < hit.score)) best.set(hit.entryId, hit);
  }
  return [...best.values()].sort((a, b) => b.score - a.score).slice(0, CANDIDATES);
}
