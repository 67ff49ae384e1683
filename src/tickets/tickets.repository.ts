import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';

export const TICKET_STATUSES = ['open', 'claimed', 'answered', 'handled', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** A message a customer left when nobody was on duty, as the inbox sees it. */
export interface TicketRecord {
  id: string;
  conversationId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  status: TicketStatus;
  language: 'zh' | 'en' | null;
  createdAt: Date;
  agentId: string | null;
  agentName: string | null;
  claimedAt: Date | null;
  answeredAt: Date | null;
  reply: string | null;
  note: string | null;
}

interface TicketRow {
  id: string;
  conversationId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  text: string;
  status: string;
  createdAt: Date;
  agentId: string | null;
  claimedAt: Date | null;
  answeredAt: Date | null;
  reply: string | null;
  note: string | null;
  agent: { name: string } | null;
  conversation: { lang: string | null } | null;
}

const WITH_NAMES = { agent: { select: { name: true } }, conversation: { select: { lang: true } } } as const;

/**
 * The tickets inbox. Tickets are created with the left message (ConversationsRepository.createTicket, in the
 * customer's flow); from then on this is the only code that reads or changes them. Every change is a
 * compare-and-set on the status, so two agents cannot both claim or answer one ticket.
 */
@Injectable()
export class TicketsRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  /** Oldest first: the inbox is worked from the top. */
  async list(statuses: readonly TicketStatus[], limit = 200): Promise<TicketRecord[]> {
    const rows = await this.prisma.ticket.findMany({ where: { status: { in: [...statuses] } }, orderBy: { createdAt: 'asc' }, take: limit, include: WITH_NAMES });
    return rows.map(toRecord);
  }

  async find(id: string): Promise<TicketRecord | undefined> {
    if (!UUID.test(id)) return undefined;
    const row = await this.prisma.ticket.findUnique({ where: { id }, include: WITH_NAMES });
    return row ? toRecord(row) : undefined;
  }

  /** Open → claimed by this agent; false when someone else got there first. */
  async claim(id: string, agentId: string, at: Date): Promise<boolean> {
    const { count } = await this.prisma.ticket.updateMany({ where: { id, status: 'open' }, data: { status: 'claimed', agentId, claimedAt: at } });
    return count === 1;
  }

  /** Open, or claimed by this agent → `to`; false when the ticket is not (or no longer) this agent's to finish. */
  async finish(id: string, agentId: string, to: 'answered' | 'handled', fields: { reply?: string; note?: string }, at: Date): Promise<boolean> {
    const { count } = await this.prisma.ticket.updateMany({
      where: { id, OR: [{ status: 'open' }, { status: 'claimed', agentId }] },
      data: { status: to, agentId, answeredAt: at, reply: fields.reply ?? null, note: fields.note ?? null },
    });
    return count === 1;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toRecord(row: TicketRow): TicketRecord {
  const { agent, conversation, status, ...rest } = row;
  return { ...rest, status: status as TicketStatus, agentName: agent?.name ?? null, language: (conversation?.lang as 'zh' | 'en' | null) ?? null };
}
