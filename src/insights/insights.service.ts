import { Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { reportRange } from '../analytics/analytics-report';
import { DomainError } from '../common/domain-error';
import { detectHumanRequest } from '../escalation';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeSnapshotService } from '../retrieval/knowledge-snapshot.service';
import { normalizeText } from '../retrieval/text/normalize';
import { BURST_BASELINE_MS, BURST_WINDOW_MS, isBurst } from './bursts';
import { announcementDraft, faqDraftYaml } from './drafts';
import { cosine, groupBySimilarity, QuestionGroup, QuestionPoint } from './grouping';
import { InsightsRepository } from './insights.repository';

/** Mean cosine similarity at or above which two groups of questions merge (over the index's own embedding). */
export const GROUP_SIMILARITY = 0.6;
/** An answer below this confidence counts as a gap although the bot gave it. */
export const LOW_CONFIDENCE = 0.5;
/** Bounds on the work of one request: rows read and distinct texts clustered. */
const MAX_ROWS = 5000;
const MAX_DISTINCT = 400;

export const GROUPING_METHOD = `average-linkage agglomerative clustering of the questions' embeddings (the index's own model), cosine ≥ ${GROUP_SIMILARITY}`;

interface Asked {
  text: string;
  askedAt: Date;
  conversationId: string;
}

/**
 * The gap loop and incident bursts: questions grouped by similarity, with drafts in the knowledge folder's formats
 * (an FAQ entry, an announcement) for content staff to finish and publish.
 */
@Injectable()
export class InsightsService {
  constructor(
    private readonly repository: InsightsRepository,
    private readonly snapshots: KnowledgeSnapshotService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async gaps(range: { from?: Date; to?: Date }, limit = 50) {
    const { from, to } = reportRange(range.from, range.to);
    const [rows, suggestions] = await Promise.all([this.repository.gapQuestions(from, to, LOW_CONFIDENCE, MAX_ROWS), this.repository.openFaqSuggestions(limit)]);
    // "转人工" is a wish, not a question the knowledge could answer
    const questions = rows.filter((row) => !detectHumanRequest(row.text).requested);
    const groups = await this.group(questions);
    return {
      method: GROUPING_METHOD,
      from: from.toISOString(),
      to: to.toISOString(),
      questions: questions.length,
      groups: groups.slice(0, limit).map((group) => {
        const rows = group.members.flatMap((member) => member.item);
        const signals = countBy(rows.map((row) => row.signal));
        const answered = rows.find((row) => row.agentAnswer);
        return {
          id: groupId(group.representative.text),
          question: group.representative.text,
          count: group.count,
          conversations: new Set(rows.map((row) => row.conversationId)).size,
          lastAskedAt: new Date(group.lastAskedAt).toISOString(),
          signals,
          examples: group.members.slice(0, 10).map((member) => ({ text: member.text, count: member.count })),
          agentAnswer: answered?.agentAnswer ?? null,
          draftYaml: faqDraftYaml({ question: group.representative.text, similar: group.members.slice(1, 20).map((member) => member.text), answer: answered?.agentAnswer }),
        };
      }),
      suggestions: suggestions.map((suggestion) => ({ id: suggestion.id, question: suggestion.question, answer: suggestion.answer, tags: suggestion.tags, conversationId: suggestion.conversationId, createdAt: suggestion.createdAt.toISOString() })),
    };
  }

  /** Accepting an agent's suggestion gives its FAQ draft; the suggestion leaves the list. */
  async acceptSuggestion(id: string) {
    const suggestion = await this.repository.settleFaqSuggestion(id, 'accepted');
    if (!suggestion) throw new DomainError('NOT_FOUND', 'No open FAQ suggestion with this id');
    return { id, status: 'accepted' as const, draftYaml: faqDraftYaml({ question: suggestion.question, similar: [], answer: suggestion.answer, tags: suggestion.tags }) };
  }

  async dismissSuggestion(id: string) {
    if (!(await this.repository.settleFaqSuggestion(id, 'rejected'))) throw new DomainError('NOT_FOUND', 'No open FAQ suggestion with this id');
    return { id, status: 'dismissed' as const };
  }

  /**
   * Groups asked by many customers in the last ten minutes, compared with the same group's previous 24 hours. The
   * recent questions are clustered; each earlier question counts for the group whose questions it is most like.
   */
  async bursts(now = new Date()) {
    const windowStart = new Date(now.getTime() - BURST_WINDOW_MS);
    const asked = await this.repository.askedSince(new Date(windowStart.getTime() - BURST_BASELINE_MS), MAX_ROWS);
    const recent = asked.filter((question) => question.askedAt >= windowStart);
    const earlier = asked.filter((question) => question.askedAt < windowStart);
    const groups = (await this.group(recent)).filter((group) => customers(group) >= this.config.burstMin);
    if (groups.length === 0) return { burstMin: this.config.burstMin, windowMinutes: BURST_WINDOW_MS / 60_000, bursts: [] };
    const earlierPoints = await this.points(earlier);
    const baseline = groups.map(() => new Set<string>());
    for (const point of earlierPoints) {
      let best = -1;
      let bestSimilarity = GROUP_SIMILARITY;
      groups.forEach((group, index) => {
        const similarity = Math.max(...group.members.map((member) => cosine(member.vector, point.vector)));
        if (similarity >= bestSimilarity) [best, bestSimilarity] = [index, similarity];
      });
      if (best >= 0) for (const row of point.item) baseline[best].add(row.conversationId);
    }
    const { tokenizer } = (await this.snapshots.get()).analysis;
    const bursts = groups
      .map((group, index) => ({ group, recent: customers(group), baseline: baseline[index].size }))
      .filter((candidate) => isBurst(candidate, this.config.burstMin))
      .map(({ group, recent, baseline: before }) => {
        const questions = group.members.map((member) => member.text);
        const keywords = topWords(questions.flatMap((question) => [...new Set(tokenizer.words(question))]), 5);
        return {
          id: groupId(group.representative.text),
          question: group.representative.text,
          customers: recent,
          questions: group.count,
          previous24h: before,
          firstAskedAt: new Date(Math.min(...group.members.flatMap((member) => member.item.map((row) => row.askedAt.getTime())))).toISOString(),
          examples: questions.slice(0, 10),
          announcement: announcementDraft({ questions, keywords, now }),
        };
      });
    return { burstMin: this.config.burstMin, windowMinutes: BURST_WINDOW_MS / 60_000, bursts };
  }

  private async group<T extends Asked>(rows: T[]): Promise<Array<QuestionGroup<T[]>>> {
    return groupBySimilarity(await this.points(rows), GROUP_SIMILARITY);
  }

  /** One point per distinct normalised text (the newest MAX_DISTINCT), embedded with the index's model. */
  private async points<T extends Asked>(rows: T[]): Promise<Array<QuestionPoint<T[]>>> {
    const byText = new Map<string, T[]>();
    for (const row of rows) {
      const key = normalizeText(row.text).replace(/[\s\p{P}]+/gu, '');
      if (!key) continue;
      const same = byText.get(key);
      if (same) same.push(row);
      else if (byText.size < MAX_DISTINCT) byText.set(key, [row]);
    }
    const distinct = [...byText.values()];
    if (distinct.length === 0) return [];
    const { embedding } = (await this.snapshots.get()).analysis;
    const vectors = await embedding.embedDocuments(distinct.map((same) => same[0].text));
    return distinct.map((same, index) => ({ text: same[0].text, vector: vectors[index], count: same.length, lastAskedAt: Math.max(...same.map((row) => row.askedAt.getTime())), item: same }));
  }
}

function customers(group: QuestionGroup<Asked[]>): number {
  return new Set(group.members.flatMap((member) => member.item.map((row) => row.conversationId))).size;
}

function groupId(text: string): string {
  return createHash('sha1').update(normalizeText(text)).digest('hex').slice(0, 12);
}

function countBy<K extends string>(values: K[]): Partial<Record<K, number>> {
  const counts: Partial<Record<K, number>> = {};
  for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
  return counts;
}

function topWords(words: string[], limit: number): string[] {
  const counts = countBy(words.filter((word) => word.length > 1 || /\p{Script=Han}/u.test(word)));
  return Object.entries(counts)
    .sort((a, b) => (b[1] as number) - (a[1] as number))
    .slice(0, limit)
    .map(([word]) => word);
}
