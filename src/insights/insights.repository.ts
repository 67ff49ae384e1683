import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';

export type GapSignal = 'unanswered' | 'low_confidence' | 'thumbs_down' | 'escalated';

/** A customer question the bot did not serve well, with the first agent reply that followed it, if any. */
export interface GapQuestion {
  text: string;
  askedAt: Date;
  conversationId: string;
  signal: GapSignal;
  agentAnswer: string | null;
}

export interface AskedQuestion {
  text: string;
  askedAt: Date;
  conversationId: string;
}

export interface FaqSuggestionRecord {
  id: string;
  question: string;
  answer: string;
  tags: string[];
  conversationId: string | null;
  createdAt: Date;
}

/** Read-only questions for the gap loop and bursts, and the status of agents' FAQ suggestions. */
@Injectable()
export class InsightsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  /**
   * Customer questions whose bot reply said it did not know (or asked back), answered below `lowConfidence`,
   * got a thumbs-down, or was an answer after which the chat still went to a person (no other answer between).
   */
  async gapQuestions(since: Date, until: Date, lowConfidence: number, limit: number): Promise<GapQuestion[]> {
    const rows = await this.prisma.$queryRaw<Array<{ text: string; asked_at: Date; conversation_id: string; signal: GapSignal; agent_answer: string | null }>>`
      SELECT m.text, m.created_at AS asked_at, m.conversation_id::text AS conversation_id,
             CASE WHEN b.details->>'outcome' IN ('unknown', 'clarify') THEN 'unanswered'
                  WHEN b.feedback = 'down' THEN 'thumbs_down'
                  WHEN (b.details->>'confidence')::float8 < ${lowConfidence} THEN 'low_confidence'
                  ELSE 'escalated' END AS signal,
             (SELECT a.text FROM message a WHERE a.conversation_id = m.conversation_id AND a.role = 'agent' AND a.seq > m.seq AND a.text <> '' ORDER BY a.seq LIMIT 1) AS agent_answer
      FROM message m
      JOIN message b ON b.conversation_id = m.conversation_id AND b.seq = m.seq + 1 AND b.role = 'bot'
      WHERE m.role = 'customer' AND m.text <> '' AND m.created_at >= ${since} AND m.created_at < ${until}
        AND (b.details->>'outcome' IN ('unknown', 'clarify')
             OR b.feedback = 'down'
             OR (b.details->>'outcome' = 'answer' AND (b.details->>'confidence')::float8 < ${lowConfidence})
             OR (b.details->>'outcome' = 'answer' AND EXISTS (
                   SELECT 1 FROM conversation_event e
                   WHERE e.conversation_id = m.conversation_id AND e.from_state = 'bot' AND e.to_state = 'waiting' AND e.created_at >= b.created_at
                     AND NOT EXISTS (SELECT 1 FROM message b2 WHERE b2.conversation_id = m.conversation_id AND b2.role = 'bot' AND b2.seq > b.seq
                                     AND b2.created_at <= e.created_at AND b2.details->>'outcome' = 'answer'))))
      ORDER BY m.created_at DESC
      LIMIT ${limit}`;
    return rows.map((row) => ({ text: row.text, askedAt: row.asked_at, conversationId: row.conversation_id, signal: row.signal, agentAnswer: row.agent_answer }));
  }

  /** Every customer question the bot replied to since `since`, newest first (bursts look at all of them). */
  async askedSince(since: Date, limit: number): Promise<AskedQuestion[]> {
    const rows = await this.prisma.$queryRaw<Array<{ text: string; asked_at: Date; conversation_id: string }>>`
      SELECT m.text, m.created_at AS asked_at, m.conversation_id::text AS conversation_id
      FROM message m
      JOIN message b ON b.conversation_id = m.conversation_id AND b.seq = m.seq + 1 AND b.role = 'bot'
      WHERE m.role = 'customer' AND m.text <> '' AND m.created_at >= ${since} AND coalesce(b.details->>'outcome', '') <> 'smalltalk'
      ORDER BY m.created_at DESC
      LIMIT ${limit}`;
    return rows.map((row) => ({ text: row.text, askedAt: row.asked_at, conversationId: row.conversation_id }));
  }

  async openFaqSuggestions(limit: number): Promise<FaqSuggestionRecord[]> {
    return this.prisma.faqSuggestion.findMany({ where: { status: 'new' }, orderBy: { createdAt: 'desc' }, take: limit, select: { id: true, question: true, answer: true, tags: true, conversationId: true, createdAt: true } });
  }

  /** Moves a new suggestion to `status`; undefined when there is no such suggestion still open. */
  async settleFaqSuggestion(id: string, status: 'accepted' | 'rejected'): Promise<FaqSuggestionRecord | undefined> {
    const { count } = await this.prisma.faqSuggestion.updateMany({ where: { id, status: 'new' }, data: { status } });
    if (count === 0) return undefined;
    return (await this.prisma.faqSuggestion.findUnique({ where: { id }, select: { id: true, question: true, answer: true, tags: true, conversationId: true, createdAt: true } })) ?? undefined;
  }
}
