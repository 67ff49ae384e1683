import { Injectable } from '@nestjs/common';
import { rate, reportRange } from './analytics-report';
import { AnalyticsRepository } from './analytics.repository';
import type { AnalyticsReportDto, ConversationSearchResponseDto } from './dto/analytics.dto';

const DAY_MS = 24 * 60 * 60 * 1000;

/** What content staff and team leads look at: how much the bot resolves, why chats go to people, CSAT, gaps. */
@Injectable()
export class AnalyticsService {
  constructor(private readonly repository: AnalyticsRepository) {}

  async overview(days = 30, limit = 50) {
    const since = new Date(Date.now() - days * DAY_MS);
    const [counts, escalations, csat, feedback, unanswered, suggestions] = await Promise.all([
      this.repository.conversationCounts(since),
      this.repository.escalationsByReason(since),
      this.repository.csat(since),
      this.repository.answerFeedback(since),
      this.repository.unanswered(since, limit),
      this.repository.faqSuggestions(limit),
    ]);
    return {
      since: since.toISOString(),
      conversations: counts.conversations,
      escalated: counts.escalated,
      // the share of conversations the bot handled without a person
      deflectionRate: counts.conversations ? Math.round((1 - counts.escalated / counts.conversations) * 1000) / 1000 : null,
      escalationsByReason: escalations,
      csat,
      answerFeedback: feedback,
      unansweredQuestions: unanswered,
      faqSuggestions: suggestions,
    };
  }

  /** Every table behind the supervisors' charts, for whole UTC days. */
  async report(range: { from?: Date; to?: Date }): Promise<AnalyticsReportDto> {
    const { from, to } = reportRange(range.from, range.to);
    const [resolution, perDay, escalations, medians, agents, csat, topFaq] = await Promise.all([
      this.repository.resolution(from, to),
      this.repository.perDay(from, to),
      this.repository.escalationsByReasonBetween(from, to),
      this.repository.medians(from, to),
      this.repository.perAgent(from, to),
      this.repository.csatBetween(from, to),
      this.repository.topFaqEntries(from, to, 10),
    ]);
    const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    for (const row of csat) distribution[String(row.score)] = row.count;
    const responses = csat.reduce((sum, row) => sum + row.count, 0);
    const total = csat.reduce((sum, row) => sum + row.score * row.count, 0);
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      conversations: resolution.conversations,
      escalated: resolution.escalated,
      botResolvedRate: rate(resolution.botResolvedVerified, resolution.conversations),
      notEscalatedRate: rate(resolution.conversations - resolution.escalated, resolution.conversations),
      medianWaitSeconds: medians.waitSeconds,
      medianFirstResponseSeconds: medians.firstResponseSeconds,
      perDay,
      escalationsByReason: escalations,
      agents,
      csat: { responses, average: responses ? Math.round((total / responses) * 100) / 100 : null, distribution },
      topFaqEntries: topFaq,
    };
  }

  async searchConversations(filter: { from?: Date; to?: Date; q?: string; reason?: string; agentId?: string; rating?: number; limit?: number }): Promise<ConversationSearchResponseDto> {
    const { from, to } = reportRange(filter.from, filter.to);
    const hits = await this.repository.searchConversations({ from, to, text: filter.q, reason: filter.reason, agentId: filter.agentId, rating: filter.rating, limit: filter.limit ?? 50 });
    return { items: hits.map((hit) => ({ ...hit, createdAt: hit.createdAt.toISOString() })) };
  }
}
