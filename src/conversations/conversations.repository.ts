import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import { DatabaseService, TRANSACTION_WAIT } from '../database/database.service';
import { sql } from '../database/sql-tag';
import { Prisma } from '../generated/prisma/client';
import type { ConversationRecord, ConversationState, MessageDetails, MessageRecord, MessageRole } from './conversation.types';

export interface NewMessage {
  role: MessageRole;
  text: string;
  clientMessageId?: string;
  agentId?: string;
  details?: MessageDetails;
}

export interface Transition {
  to: ConversationState;
  reason: string;
  actor?: string;
  details?: Record<string, unknown>;
  /** only if the conversation is in one of these states (a compare-and-set: two racing claims, one wins) */
  from?: ConversationState[];
  /** only if this agent still holds the conversation (a requeue must not take a chat already passed on) */
  heldBy?: string;
  set?: Partial<Pick<ConversationRecord, 'agentId' | 'skillGroup' | 'priority' | 'escalationReason' | 'waitingSince' | 'resolution' | 'closedAt'>> & { summary?: unknown };
}

/** Conversations, their messages (numbered per conversation) and every state change. The only file touching those tables. */
@Injectable()
export class ConversationsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  /**
   * Stores a reserved conversation with its "created" event, in one statement; false when its row exists already
   * (two devices started it at once, or it was stored before).
   */
  async createIfAbsent(id: string, tokenHash: string, lang: 'zh' | 'en' | null, customerId: string | null = null): Promise<boolean> {
    if (!isUuid(id)) return false;
    const created = await this.database.rows<Array<{ id: string }>>(sql`
      WITH created AS (
        INSERT INTO conversation (id, token_hash, lang, customer_id) VALUES (${id}::uuid, ${tokenHash}, ${lang}, ${customerId})
        ON CONFLICT (id) DO NOTHING
        RETURNING id
      )
      INSERT INTO conversation_event (conversation_id, to_state, reason) SELECT id, 'bot', 'created' FROM created
      RETURNING conversation_id AS id`);
    return created.length > 0;
  }

  /** Raw SQL, as on every read of the chat path: a model query costs the client several times the CPU of the statement. */
  async find(id: string): Promise<(ConversationRecord & { tokenHash: string }) | undefined> {
    if (!isUuid(id)) return undefined;
    const [row] = await this.database.rows<ConversationRow[]>(sql`SELECT * FROM conversation WHERE id = ${id}::uuid`);
    return row ? { ...fromConversationRow(row), tokenHash: row.token_hash } : undefined;
  }

  /**
   * Stores a message with the next sequence number of its conversation in one statement (so atomically, and one round
   * trip); a repeated clientMessageId returns the message stored the first time instead (`duplicate: true`).
   * `lang` sets the conversation's language in the same statement when it has none yet; the conversation comes back
   * as that statement left it (not for a duplicate, which changed nothing).
   */
  async appendMessage(conversationId: string, message: NewMessage, lang?: 'zh' | 'en'): Promise<{ message: MessageRecord; duplicate: boolean; conversation?: ConversationRecord }> {
    if (!isUuid(conversationId)) throw new DomainError('NOT_FOUND', 'No such conversation');
    const clientMessageId = message.clientMessageId ?? null;
    try {
      // the statement is the function's (migration 0006), whose plan PostgreSQL keeps for the session
      const [row] = await this.database.rows<Array<MessageRow & { duplicate: boolean; conversation: Record<string, unknown> | null }>>(sql`
        SELECT * FROM kefu_append_message(${conversationId}::uuid, ${clientMessageId}::text, ${lang ?? null}::text, ${message.role}::text, ${message.text}::text,
          ${message.agentId ?? null}::uuid, ${JSON.stringify(message.details ?? {})}::jsonb)`);
      if (!row) throw new DomainError('NOT_FOUND', 'No such conversation');
      return { message: fromMessageRow(row), duplicate: row.duplicate, ...(row.conversation ? { conversation: fromConversationJson(row.conversation) } : {}) };
    } catch (error) {
      // two deliveries of the same clientMessageId at once (PostgreSQL server): the other one stored it
      if (clientMessageId && isUniqueViolation(error)) {
        const existing = await this.prisma.message.findUniqueOrThrow({ where: { conversationId_clientMessageId: { conversationId, clientMessageId } } });
        return { message: toMessage(existing), duplicate: true };
      }
      throw error;
    }
  }

  async messagesAfter(conversationId: string, afterSeq: number, limit = 500): Promise<MessageRecord[]> {
    if (!isUuid(conversationId)) return [];
    const rows = await this.database.rows<MessageRow[]>(sql`SELECT * FROM message WHERE conversation_id = ${conversationId}::uuid AND seq > ${afterSeq}::integer ORDER BY seq LIMIT ${limit}::integer`);
    return rows.map(fromMessageRow);
  }

  async recentMessages(conversationId: string, limit: number): Promise<MessageRecord[]> {
    if (!isUuid(conversationId)) return [];
    const rows = await this.database.rows<MessageRow[]>(sql`SELECT * FROM message WHERE conversation_id = ${conversationId}::uuid ORDER BY seq DESC LIMIT ${limit}::integer`);
    return rows.reverse().map(fromMessageRow);
  }

  /**
   * The last `limit` turns, oldest first, as the escalation policy reads them: who spoke, what, and what the bot did
   * (its answer's outcome) — not the sources and suggestions a bot message also carries.
   */
  async recentTurns(conversationId: string, limit: number): Promise<Array<Pick<MessageRecord, 'role' | 'text'> & { outcome?: string }>> {
    if (!isUuid(conversationId)) return [];
    const rows = await this.database.rows<Array<{ role: MessageRole; text: string; outcome: string | null }>>(sql`
      SELECT role, text, details->>'outcome' AS outcome FROM message WHERE conversation_id = ${conversationId}::uuid ORDER BY seq DESC LIMIT ${limit}::integer`);
    return rows.reverse().map((row) => ({ role: row.role, text: row.text, ...(row.outcome ? { outcome: row.outcome } : {}) }));
  }

  /** When the latest system message of this kind was posted in the conversation, if ever. */
  async lastSystemMessageAt(conversationId: string, kind: string): Promise<Date | undefined> {
    if (!isUuid(conversationId)) return undefined;
    const [row] = await this.database.rows<Array<{ created_at: Date }>>(sql`
      SELECT created_at FROM message WHERE conversation_id = ${conversationId}::uuid AND role = 'system' AND details->>'kind' = ${kind} ORDER BY seq DESC LIMIT 1`);
    return row?.created_at;
  }

  async findMessage(conversationId: string, messageId: string): Promise<MessageRecord | undefined> {
    if (!isUuid(messageId) || !isUuid(conversationId)) return undefined;
    const [row] = await this.database.rows<MessageRow[]>(sql`SELECT * FROM message WHERE id = ${messageId}::uuid AND conversation_id = ${conversationId}::uuid`);
    return row ? fromMessageRow(row) : undefined;
  }

  async setFeedback(messageId: string, feedback: 'up' | 'down'): Promise<void> {
    await this.prisma.message.update({ where: { id: messageId }, data: { feedback } });
  }

  /**
   * Changes state and records why, in one statement (so one round trip, and atomic); returns undefined when `from`
   * or `heldBy` did not match (someone else won). The statement is the function kefu_transition (migration 0006); a
   * column in `set` as undefined is left alone, as with Prisma (JSON drops it).
   */
  async transition(conversationId: string, transition: Transition): Promise<ConversationRecord | undefined> {
    if (!isUuid(conversationId)) return undefined;
    const [row] = await this.database.rows<ConversationRow[]>(sql`
      SELECT * FROM kefu_transition(${conversationId}::uuid, ${transition.to}::text, ${transition.reason}::text, ${transition.actor ?? null}::text,
        ${JSON.stringify(transition.details ?? {})}::jsonb, ${transition.from ? JSON.stringify(transition.from) : null}::jsonb, ${transition.heldBy ?? null}::text,
        ${JSON.stringify(transition.set ?? {})}::jsonb)`);
    return row ? fromConversationRow(row) : undefined;
  }

  /**
   * waiting → assigned to this agent, only while the agent (enabled) has fewer open chats than their maximum: the
   * capacity check and the state change are one decision, whichever instance makes it. The agent's row is locked
   * first so that two assignments to one agent queue up; the count is then read by a statement that starts after
   * the lock is held, and so sees the other's committed chat (READ COMMITTED takes a snapshot per statement).
   * This reads the agent's row for its capacity: the one place this repository looks at the `agent` table.
   */
  async assignWithinCapacity(conversationId: string, agentId: string, reason: string): Promise<{ assigned?: ConversationRecord; refused?: 'full' | 'not_waiting' }> {
    if (!isUuid(conversationId) || !isUuid(agentId)) return { refused: 'not_waiting' };
    return this.prisma.$transaction(async (tx) => {
      const [agent] = await tx.$queryRaw<Array<{ max_chats: number }>>`SELECT max_chats FROM agent WHERE id = ${agentId}::uuid AND NOT disabled FOR UPDATE`;
      if (!agent) return { refused: 'full' as const };
      const updated = await tx.$queryRaw<Array<{ id: string }>>`
        UPDATE conversation SET state = 'assigned', agent_id = ${agentId}::uuid, updated_at = now()
        WHERE id = ${conversationId}::uuid AND state = 'waiting'
          AND (SELECT count(*) FROM conversation held WHERE held.agent_id = ${agentId}::uuid AND held.state = 'assigned') < ${agent.max_chats}::integer
        RETURNING id`;
      if (updated.length === 0) {
        const current = await tx.conversation.findUnique({ where: { id: conversationId }, select: { state: true } });
        return { refused: current?.state === 'waiting' ? ('full' as const) : ('not_waiting' as const) };
      }
      await tx.conversationEvent.create({ data: { conversationId, fromState: 'waiting', toState: 'assigned', reason, actor: `agent:${agentId}`, details: {} } });
      return { assigned: toConversation(await tx.conversation.findUniqueOrThrow({ where: { id: conversationId } })) };
    }, TRANSACTION_WAIT);
  }

  async recordEvent(conversationId: string, reason: string, state: ConversationState, actor?: string, details: Record<string, unknown> = {}): Promise<void> {
    await this.prisma.conversationEvent.create({ data: { conversationId, fromState: state, toState: state, reason, actor: actor ?? null, details: details as Prisma.InputJsonValue } });
  }

  async events(conversationId: string) {
    return this.prisma.conversationEvent.findMany({ where: { conversationId }, orderBy: { id: 'asc' } });
  }

  async rate(conversationId: string, score: number, comment: string | null): Promise<void> {
    await this.prisma.conversation.update({ where: { id: conversationId }, data: { csatScore: score, csatComment: comment } });
  }

  async linkCustomer(conversationId: string, customerId: string): Promise<void> {
    await this.prisma.conversation.updateMany({ where: { id: conversationId, customerId: null }, data: { customerId } });
  }

  /** A signed-in customer's other conversations, newest first. */
  async ofCustomer(customerId: string, exceptId: string, limit: number): Promise<ConversationRecord[]> {
    const rows = await this.prisma.conversation.findMany({ where: { customerId, id: { not: exceptId } }, orderBy: { createdAt: 'desc' }, take: limit });
    return rows.map(toConversation);
  }

  async addNote(conversationId: string, agentId: string, text: string) {
    return this.prisma.agentNote.create({ data: { conversationId, agentId, text } });
  }

  async notes(conversationId: string) {
    return this.prisma.agentNote.findMany({ where: { conversationId }, orderBy: { createdAt: 'asc' }, include: { agent: { select: { name: true } } } });
  }

  async createTicket(conversationId: string | null, ticket: { name?: string; email?: string; phone?: string; text: string }) {
    return this.prisma.ticket.create({ data: { conversationId, name: ticket.name ?? null, email: ticket.email ?? null, phone: ticket.phone ?? null, text: ticket.text } });
  }

  async createFaqSuggestion(suggestion: { conversationId: string; agentId: string; question: string; answer: string; tags: string[] }) {
    return this.prisma.faqSuggestion.create({ data: suggestion });
  }

  async faqSuggestions() {
    return this.prisma.faqSuggestion.findMany({ where: { status: 'new' }, orderBy: { createdAt: 'desc' } });
  }

  /** The queue: waiting conversations, complaints first, then by waiting time. */
  async waiting(): Promise<ConversationRecord[]> {
    const rows = await this.database.rows<ConversationRow[]>(sql`SELECT * FROM conversation WHERE state = 'waiting' ORDER BY priority DESC, waiting_since`);
    return rows.map(fromConversationRow);
  }

  async assignedTo(agentId: string): Promise<ConversationRecord[]> {
    const rows = await this.prisma.conversation.findMany({ where: { state: 'assigned', agentId } });
    return rows.map(toConversation);
  }

  /** Chats held by an agent with nothing said or changed since `before`: the idle-close candidates. */
  async idleAssigned(before: Date): Promise<ConversationRecord[]> {
    const rows = await this.prisma.conversation.findMany({ where: { state: 'assigned', updatedAt: { lt: before } }, orderBy: { updatedAt: 'asc' }, take: 100 });
    return rows.map(toConversation);
  }

  async assignedCounts(): Promise<Map<string, number>> {
    const rows = await this.database.rows<Array<{ agent_id: string; count: number }>>(sql`
      SELECT agent_id, count(*)::integer AS count FROM conversation WHERE state = 'assigned' AND agent_id IS NOT NULL GROUP BY agent_id`);
    return new Map(rows.map((row) => [row.agent_id, row.count]));
  }

  /** Seconds from waiting to assigned over recent chats: the basis of the customer's wait estimate. */
  async recentHandlingSeconds(limit = 50): Promise<number | undefined> {
    const rows = await this.database.rows<Array<{ seconds: number | null }>>(sql`
      SELECT avg(extract(epoch FROM (closed_at - waiting_since)))::float8 AS seconds
      FROM (SELECT closed_at, waiting_since FROM conversation WHERE closed_at IS NOT NULL AND waiting_since IS NOT NULL AND agent_id IS NOT NULL ORDER BY closed_at DESC LIMIT ${limit}) recent`);
    return rows[0]?.seconds ?? undefined;
  }
}

export function isUuid(value: string): boolean {
  return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);
}

function toConversation(row: Omit<ConversationRecord, 'state' | 'lang'> & { state: string; lang: string | null }): ConversationRecord {
  return {
    id: row.id,
    state: row.state as ConversationState,
    lang: row.lang as 'zh' | 'en' | null,
    agentId: row.agentId,
    skillGroup: row.skillGroup,
    priority: row.priority,
    escalationReason: row.escalationReason,
    summary: row.summary,
    waitingSince: row.waitingSince,
    resolution: row.resolution,
    csatScore: row.csatScore,
    createdAt: row.createdAt,
    closedAt: row.closedAt,
    customerId: row.customerId,
  };
}

/** A conversation row as raw SQL returns it. */
interface ConversationRow {
  id: string;
  token_hash: string;
  state: string;
  lang: string | null;
  agent_id: string | null;
  skill_group: string | null;
  priority: number;
  escalation_reason: string | null;
  summary: unknown;
  waiting_since: Date | null;
  resolution: string | null;
  csat_score: number | null;
  created_at: Date;
  closed_at: Date | null;
  customer_id: string | null;
}

function fromConversationRow(row: ConversationRow): ConversationRecord {
  return toConversation({
    id: row.id,
    state: row.state,
    lang: row.lang,
    agentId: row.agent_id,
    skillGroup: row.skill_group,
    priority: row.priority,
    escalationReason: row.escalation_reason,
    summary: row.summary,
    waitingSince: row.waiting_since,
    resolution: row.resolution,
    csatScore: row.csat_score,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    customerId: row.customer_id,
  });
}

/** A conversation row read as JSON (to_jsonb), whose timestamps are strings. */
function fromConversationJson(json: Record<string, unknown>): ConversationRecord {
  const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);
  return fromConversationRow({ ...(json as unknown as ConversationRow), waiting_since: date(json.waiting_since), created_at: date(json.created_at)!, closed_at: date(json.closed_at) });
}

/** A message row as raw SQL returns it. */
interface MessageRow {
  id: string;
  conversation_id: string;
  seq: number;
  role: string;
  text: string;
  client_message_id: string | null;
  agent_id: string | null;
  details: unknown;
  feedback: string | null;
  created_at: Date;
}

function fromMessageRow(row: MessageRow): MessageRecord {
  return toMessage({ id: row.id, conversationId: row.conversation_id, seq: row.seq, role: row.role, text: row.text, clientMessageId: row.client_message_id, agentId: row.agent_id, details: row.details, feedback: row.feedback, createdAt: row.created_at });
}

function toMessage(row: { id: string; conversationId: string; seq: number; role: string; text: string; clientMessageId: string | null; agentId: string | null; details: unknown; feedback: string | null; createdAt: Date }): MessageRecord {
  return { ...row, role: row.role as MessageRole, details: (row.details ?? {}) as MessageDetails, feedback: row.feedback as 'up' | 'down' | null };
}

/** A unique-key violation, as Prisma reports it (P2002, or the PostgreSQL code in its meta) or the driver does (the PostgreSQL code). */
function isUniqueViolation(error: unknown): boolean {
  const { code, meta } = (error ?? {}) as { code?: string; meta?: { code?: string; driverAdapterError?: { cause?: { kind?: string } } } };
  return code === 'P2002' || code === '23505' || meta?.code === '23505' || meta?.driverAdapterError?.cause?.kind === 'UniqueConstraintViolation';
}
