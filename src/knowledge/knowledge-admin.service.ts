import { Injectable } from '@nestjs/common';
import { HybridSearchService } from '../retrieval/hybrid-search.service';
import { KnowledgeLifecycleService } from './knowledge-lifecycle.service';
import { KnowledgeRepository } from './knowledge.repository';
import type { EntryContent } from './knowledge.types';

/** What content staff see of the index: status with every problem, a re-index button, search. */
@Injectable()
export class KnowledgeAdminService {
  constructor(
    private readonly repository: KnowledgeRepository,
    private readonly lifecycle: KnowledgeLifecycleService,
    private readonly search: HybridSearchService,
  ) {}

  async status() {
    const [state, files, entries, phrases] = await Promise.all([this.repository.getState(), this.repository.listFiles(), this.repository.countEntries(), this.repository.countPhrases()]);
    return {
      ready: this.lifecycle.ready,
      // a pass running on this instance: phase and files done of total, for the console's progress bar
      indexing: this.lifecycle.progress ?? null,
      // from the database: the pass may have run (and failed) on another instance
      lastError: state.lastError?.message ?? null,
      lastErrorAt: state.lastError?.at ?? null,
      version: state.version,
      embeddingSpace: state.embeddingSpace,
      lastRun: state.lastRun,
      counts: { files: files.length, ...entries, phrases },
      files: files.map((file) => ({
        path: file.path,
        kind: file.kind,
        status: file.failedHash ? (file.contentHash ? 'failed-serving-last-good' : 'failed') : 'ok',
        entries: file.entryCount,
        indexedAt: file.indexedAt,
        // a file is re-read only when its bytes change, so its problems are as old as this version
        problemsSince: file.problems.length ? file.checkedAt : null,
        problems: file.problems,
      })),
      problems: files.flatMap((file) => file.problems),
    };
  }

  async reindex() {
    const summary = await this.lifecycle.requestPass('admin');
    if (!summary) throw new Error(this.lifecycle.lastError ?? 'indexing failed');
    return summary;
  }

  async searchKnowledge(query: string, limit = 10, kind?: 'faq' | 'document' | 'announcement') {
    const hits = await this.search.search(query, { limit, kinds: kind ? [kind] : undefined });
    return {
      hits: hits.map((hit) => ({
        id: hit.entry.id,
        kind: hit.entry.kind,
        title: hit.entry.title,
        path: hit.entry.filePath,
        headingPath: hit.entry.headingPath,
        scores: { fused: round(hit.fused), lexical: round(hit.lexical), dense: round(hit.dense), classifier: round(hit.classifier), coverage: round(hit.coverage) },
        matched: hit.matchedRole,
        preview: previewOf(hit.entry.content),
      })),
    };
  }
}

export function previewOf(content: EntryContent, length = 160): string {
  const text = 'answers' in content ? (content.answers.zh ?? content.answers.en ?? '') : content.text;
  return text.length > length ? `${text.slice(0, length)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
