import { Injectable } from '@nestjs/common';
import { AnalyticsRepository } from './analytics.repository';

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
}
