import { Inject, Injectable, Logger } from '@nestjs/common';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { KnowledgeProblem, Lang } from '../knowledge/knowledge.types';
import { CannedReply, parseRepliesFile } from '../knowledge/sources/replies.parser';

export const REPLIES_FILE = 'replies.yaml';

export interface CannedReplyView {
  id: string;
  title: string;
  text: string;
  tags: string[];
}

/**
 * Canned replies from `replies.yaml` at the knowledge folder's root: admins keep them with the rest of the
 * content (same review, same history), and the file is read again whenever it changes on disk.
 */
@Injectable()
export class CannedRepliesService {
  private readonly logger = new Logger(CannedRepliesService.name);
  private cache?: { mtimeMs: number; size: number; replies: CannedReply[]; problems: KnowledgeProblem[] };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Replies whose id, title, text or tags contain every word of `query` (all of them for an empty query). */
  async search(query = '', lang: Lang = 'zh', limit = 20): Promise<{ items: CannedReplyView[]; problems: KnowledgeProblem[] }> {
    const { replies, problems } = await this.load();
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    const items = replies
      .map((reply) => ({ id: reply.id, title: reply.title, text: reply.text[lang] ?? reply.text.zh ?? reply.text.en ?? '', tags: reply.tags }))
      .filter((reply) => {
        const haystack = [reply.id, reply.title, reply.text, ...reply.tags].join('\n').toLowerCase();
        return words.every((word) => haystack.includes(word));
      })
      .slice(0, limit);
    return { items, problems };
  }

  private async load(): Promise<{ replies: CannedReply[]; problems: KnowledgeProblem[] }> {
    const file = path.join(this.config.knowledge.dir, REPLIES_FILE);
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) return { replies: [], problems: [] };
    if (this.cache && this.cache.mtimeMs === info.mtimeMs && this.cache.size === info.size) return this.cache;
    const parsed = parseRepliesFile(REPLIES_FILE, (await readFile(file, 'utf8')).replace(/^\uFEFF/, ''));
    for (const problem of parsed.problems) this.logger.warn(`${problem.path}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`);
    this.cache = { mtimeMs: info.mtimeMs, size: info.size, ...parsed };
    return this.cache;
  }
}
