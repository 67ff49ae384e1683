import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';

export interface UnansweredQuestion {
  question: string;
  count: number;
  lastAskedAt: string;
  outcome: 'unknown' | 'clarify';
  conversationId: string;
}

/** Read-only figures over conversations, messages and state changes since a date. */
@Injectable()
export class AnalyticsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  /** Conversations in which the customer wrote at least once, and how many of them went to a person. */
  async conversationCounts(since: Date): Promise<{ conversations: number; escalated: number }> {
    const [row] = await this.prisma.$queryRaw<Array<{ conversations: bigint; escalated: bigint }>>`
      SELECT count(*) AS conversations,
             count(*) FILTER (WHERE EXISTS (SELECT 1 FROM conversation_event e WHERE e.conversation_id = c.id AND e.from_state = 'bot' AND e.to_state = 'waiting')) AS escalated
      FROM conversation c
      WHERE c.created_at >= ${since} AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.role = 'customer')`;
    return { conversations: Number(row?.conversations ?? 0), escalated: Number(row?.escalated ?? 0) };
  }

  async escalationsByReason(since: Date): Promise<Array<{ reason: string; count: number }>> {
    const rows = await this.prisma.$queryRaw<Array<{ reason: string; count: bigint }>>`
      SELECT reason, count(*) AS count FROM conversation_event
      WHERE from_state = 'bot' AND to_state = 'waiting' AND created_at >= ${since}
      GROUP BY reason ORDER BY count DESC, reason`;
    return rows.map((row) => ({ reason: row.reason, count: Number(row.count) }));
  }

  async csat(since: Date): Promise<{ responses: number; average: number | null; distribution: Record<string, number> }> {
    const rows = await this.prisma.$queryRaw<Array<{ score: number; count: bigint }>>`
      SELECT csat_score AS score, count(*) AS count FROM conversation
      WHERE csat_score IS NOT NULL AND created_at >= ${since} GROUP BY csat_score`;
    const distribution: Record<string, number> = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
    let responses = 0;
    let total = 0;
    for (const row of rows) {
      distribution[String(row.score)] = Number(row.count);
      responses += Number(row.count);
      total += row.score * Number(row.count);
    }
    return { responses, average: responses ? Math.round((total / responses) * 100) / 100 : null, distribution };
  }

  async answerFeedback(since: Date): Promise<{ up: number; down: number }> {
    const [row] = await this.prisma.$queryRaw<Array<{ up: bigint; down: bigint }>>`
      SELECT count(*) FILTER (WHERE feedback = 'up') AS up, count(*) FILTER (WHERE feedback = 'down') AS down
      FROM message WHERE role = 'bot' AND created_at >= ${since}`;
    return { up: Number(row?.up ?? 0), down: Number(row?.down ?? 0) };
  }

  /** Customer messages the bot could not answer (it said it did not know, or asked back), grouped by their text. */
  async unanswered(since: Date, limit: number): Promise<UnansweredQuestion[]> {
    const rows = await this.prisma.$queryRaw<Array<{ question: string; count: bigint; last_asked: Date; outcome: string; conversation_id: string }>>`
      SELECT min(m.text) AS question, count(*) AS count, max(m.created_at) AS last_asked,
             min(b.details->>'outcome') AS outcome, (array_agg(m.conversation_id ORDER BY m.created_at DESC))[1]::text AS conversation_id
      FROM message m
      JOIN message b ON b.conversation_id = m.conversation_id AND b.seq = m.seq + 1 AND b.role = 'bot'
      WHERE m.role = 'customer' AND m.created_at >= ${since} AND b.details->>'outcome' IN ('unknown', 'clarify')
      GROUP BY lower(regexp_replace(m.text, '[[:space:][:punct:]？！。，]+', '', 'g'))
      ORDER BY count DESC, last_asked DESC
      LIMIT ${limit}`;
    return rows.map((row) => ({ question: row.question, count: Number(row.count), lastAskedAt: row.last_asked.toISOString(), outcome: row.outcome as 'unknown' | 'clarify', conversationId: row.conversation_id }));
  }

  async faqSuggestions(limit: number) {
    return this.prisma.faqSuggestion.findMany({ where: { status: 'new' }, orderBy: { createdAt: 'desc' }, take: limit, select: { id: true, question: true, answer: true, tags: true, conversationId: true, createdAt: true } });
  }
}
