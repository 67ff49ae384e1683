import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { Prisma } from '../generated/prisma/client';

export interface UnansweredQuestion {
  question: string;
  count: number;
  lastAskedAt: string;
  outcome: 'unknown' | 'clarify';
  conversationId: string;
}

export interface DayCount {
  day: string;
  conversations: number;
  escalated: number;
  botResolved: number;
}

export interface ResolutionCounts {
  conversations: number;
  escalated: number;
  /** no agent involved and the customer's last thumb on a bot answer was up, or the chat was rated 4 or 5 */
  botResolvedVerified: number;
}

export interface AgentFigures {
  agentId: string;
  name: string;
  chats: number;
  medianFirstResponseSeconds: number | null;
  csatAverage: number | null;
  csatResponses: number;
}

export interface ConversationHit {
  conversationId: string;
  createdAt: Date;
  state: string;
  reason: string | null;
  agentName: string | null;
  rating: number | null;
  preview: string;
}

export interface ConversationFilter {
  from: Date;
  to: Date;
  text?: string;
  reason?: string;
  agentId?: string;
  rating?: number;
  limit: number;
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

  /**
   * Conversations (with at least one customer message) created in [from, to) by UTC day: all, escalated, and
   * bot-resolved as `resolution` defines it.
   */
  async perDay(from: Date, to: Date): Promise<DayCount[]> {
    const rows = await this.prisma.$queryRaw<Array<{ day: string; conversations: bigint; escalated: bigint; bot_resolved: bigint }>>`
      WITH c AS (${this.classified(from, to)})
      SELECT to_char(date_trunc('day', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day, count(*) AS conversations,
             count(*) FILTER (WHERE escalated) AS escalated, count(*) FILTER (WHERE bot_resolved) AS bot_resolved
      FROM c GROUP BY 1 ORDER BY 1`;
    return rows.map((row) => ({ day: row.day, conversations: Number(row.conversations), escalated: Number(row.escalated), botResolved: Number(row.bot_resolved) }));
  }

  async resolution(from: Date, to: Date): Promise<ResolutionCounts> {
    const [row] = await this.prisma.$queryRaw<Array<{ conversations: bigint; escalated: bigint; bot_resolved: bigint }>>`
      WITH c AS (${this.classified(from, to)})
      SELECT count(*) AS conversations, count(*) FILTER (WHERE escalated) AS escalated, count(*) FILTER (WHERE bot_resolved) AS bot_resolved FROM c`;
    return { conversations: Number(row?.conversations ?? 0), escalated: Number(row?.escalated ?? 0), botResolvedVerified: Number(row?.bot_resolved ?? 0) };
  }

  /** One row per conversation in range: whether it went to a person, and whether the bot verifiably resolved it. */
  private classified(from: Date, to: Date) {
    return Prisma.sql`
      SELECT c.id, c.created_at,
             EXISTS (SELECT 1 FROM conversation_event e WHERE e.conversation_id = c.id AND e.to_state = 'waiting') AS escalated,
             (NOT EXISTS (SELECT 1 FROM conversation_event e WHERE e.conversation_id = c.id AND e.to_state = 'waiting')
              AND c.agent_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM message a WHERE a.conversation_id = c.id AND a.role = 'agent')
              AND (coalesce(c.csat_score, 0) >= 4
                   OR (SELECT b.feedback FROM message b WHERE b.conversation_id = c.id AND b.role = 'bot' AND b.feedback IS NOT NULL ORDER BY b.seq DESC LIMIT 1) = 'up')) AS bot_resolved
      FROM conversation c
      WHERE c.created_at >= ${from} AND c.created_at < ${to} AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.role = 'customer')`;
  }

  async escalationsByReasonBetween(from: Date, to: Date): Promise<Array<{ reason: string; count: number }>> {
    const rows = await this.prisma.$queryRaw<Array<{ reason: string; count: bigint }>>`
      SELECT reason, count(*) AS count FROM conversation_event
      WHERE from_state = 'bot' AND to_state = 'waiting' AND created_at >= ${from} AND created_at < ${to}
      GROUP BY reason ORDER BY count DESC, reason`;
    return rows.map((row) => ({ reason: row.reason, count: Number(row.count) }));
  }

  /** Median seconds from entering the queue to being assigned, and from escalation to the first agent message. */
  async medians(from: Date, to: Date): Promise<{ waitSeconds: number | null; firstResponseSeconds: number | null }> {
    const [wait] = await this.prisma.$queryRaw<Array<{ median: number | null }>>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM n.created_at - e.created_at)) AS median
      FROM conversation_event e
      JOIN LATERAL (SELECT n.created_at, n.from_state, n.to_state FROM conversation_event n WHERE n.conversation_id = e.conversation_id AND n.id > e.id ORDER BY n.id LIMIT 1) n ON true
      WHERE e.to_state = 'waiting' AND n.from_state = 'waiting' AND n.to_state = 'assigned' AND e.created_at >= ${from} AND e.created_at < ${to}`;
    const [first] = await this.prisma.$queryRaw<Array<{ median: number | null }>>`
      SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.created_at - e.created_at)) AS median
      FROM conversation_event e
      JOIN LATERAL (SELECT a.created_at FROM message a WHERE a.conversation_id = e.conversation_id AND a.role = 'agent' AND a.created_at >= e.created_at ORDER BY a.seq LIMIT 1) f ON true
      WHERE e.from_state = 'bot' AND e.to_state = 'waiting' AND e.created_at >= ${from} AND e.created_at < ${to}`;
    return { waitSeconds: roundOrNull(wait?.median), firstResponseSeconds: roundOrNull(first?.median) };
  }

  /** Per agent: chats they wrote in, their median first response after an escalation, and the CSAT of those chats. */
  async perAgent(from: Date, to: Date): Promise<AgentFigures[]> {
    const rows = await this.prisma.$queryRaw<Array<{ agent_id: string; name: string; chats: bigint; first_response: number | null; csat: number | null; csat_responses: bigint }>>`
      WITH chats AS (
        SELECT DISTINCT m.agent_id, m.conversation_id FROM message m
        WHERE m.role = 'agent' AND m.agent_id IS NOT NULL AND m.created_at >= ${from} AND m.created_at < ${to}),
      firsts AS (
        SELECT f.agent_id, extract(epoch FROM f.created_at - e.created_at) AS seconds
        FROM conversation_event e
        JOIN LATERAL (SELECT a.agent_id, a.created_at FROM message a WHERE a.conversation_id = e.conversation_id AND a.role = 'agent' AND a.created_at >= e.created_at ORDER BY a.seq LIMIT 1) f ON true
        WHERE e.from_state = 'bot' AND e.to_state = 'waiting' AND e.created_at >= ${from} AND e.created_at < ${to})
      SELECT a.id::text AS agent_id, a.name, count(DISTINCT ch.conversation_id) AS chats,
             (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY seconds) FROM firsts WHERE firsts.agent_id = a.id) AS first_response,
             avg(c.csat_score)::float8 AS csat, count(c.csat_score) AS csat_responses
      FROM agent a JOIN chats ch ON ch.agent_id = a.id JOIN conversation c ON c.id = ch.conversation_id
      GROUP BY a.id, a.name ORDER BY chats DESC, a.name`;
    return rows.map((row) => ({ agentId: row.agent_id, name: row.name, chats: Number(row.chats), medianFirstResponseSeconds: roundOrNull(row.first_response), csatAverage: row.csat === null ? null : Math.round(row.csat * 100) / 100, csatResponses: Number(row.csat_responses) }));
  }

  async csatBetween(from: Date, to: Date): Promise<Array<{ score: number; count: number }>> {
    const rows = await this.prisma.$queryRaw<Array<{ score: number; count: bigint }>>`
      SELECT csat_score AS score, count(*) AS count FROM conversation
      WHERE csat_score IS NOT NULL AND created_at >= ${from} AND created_at < ${to} GROUP BY csat_score`;
    return rows.map((row) => ({ score: row.score, count: Number(row.count) }));
  }

  /** FAQ entries the bot answered from most often (its first source). */
  async topFaqEntries(from: Date, to: Date, limit: number): Promise<Array<{ id: string; title: string; count: number }>> {
    const rows = await this.prisma.$queryRaw<Array<{ id: string; title: string; count: bigint }>>`
      SELECT s->>'id' AS id, min(s->>'title') AS title, count(*) AS count
      FROM message b CROSS JOIN LATERAL (SELECT b.details->'sources'->0 AS s) first
      WHERE b.role = 'bot' AND b.created_at >= ${from} AND b.created_at < ${to} AND b.details->>'outcome' = 'answer' AND s->>'kind' = 'faq'
      GROUP BY s->>'id' ORDER BY count DESC, id LIMIT ${limit}`;
    return rows.map((row) => ({ id: row.id, title: row.title, count: Number(row.count) }));
  }

  /** Conversations matching every given filter, newest first; the text is searched in customer and agent messages. */
  async searchConversations(filter: ConversationFilter): Promise<ConversationHit[]> {
    const pattern = filter.text ? `%${filter.text.replace(/[\\%_]/g, (character) => `\\${character}`)}%` : null;
    const rows = await this.prisma.$queryRaw<Array<{ id: string; created_at: Date; state: string; reason: string | null; agent_name: string | null; rating: number | null; preview: string | null }>>`
      SELECT c.id::text AS id, c.created_at, c.state, c.escalation_reason AS reason, a.name AS agent_name, c.csat_score AS rating,
             (SELECT m.text FROM message m WHERE m.conversation_id = c.id AND m.role = 'customer' AND m.text <> '' ORDER BY m.seq LIMIT 1) AS preview
      FROM conversation c LEFT JOIN agent a ON a.id = c.agent_id
      WHERE c.created_at >= ${filter.from} AND c.created_at < ${filter.to}
        AND (${pattern}::text IS NULL OR EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.role IN ('customer', 'agent', 'bot') AND m.text ILIKE ${pattern}))
        AND (${filter.reason ?? null}::text IS NULL OR c.escalation_reason = ${filter.reason ?? null})
        AND (${filter.agentId ?? null}::uuid IS NULL OR c.agent_id = ${filter.agentId ?? null}::uuid
             OR EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.agent_id = ${filter.agentId ?? null}::uuid))
        AND (${filter.rating ?? null}::int IS NULL OR c.csat_score = ${filter.rating ?? null})
        AND EXISTS (SELECT 1 FROM message m WHERE m.conversation_id = c.id AND m.role = 'customer')
      ORDER BY c.created_at DESC
      LIMIT ${filter.limit}`;
    return rows.map((row) => ({ conversationId: row.id, createdAt: row.created_at, state: row.state, reason: row.reason, agentName: row.agent_name, rating: row.rating, preview: (row.preview ?? '').slice(0, 160) }));
  }
}

function roundOrNull(value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(Number(value) * 10) / 10;
}
