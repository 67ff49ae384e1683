import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import type { Prisma } from '../generated/prisma/client';

/** Whose data: one conversation, or every conversation of the shop's identified customer. */
export type CustomerSelector = { conversationId: string } | { customerId: string };

export interface DeletedCounts {
  conversations: number;
  messages: number;
  attachments: number;
  tickets: number;
}

/**
 * Everything kefu holds about a customer, read out or removed, and the retention purge. The one place that knows
 * which tables carry customers' words: messages, summaries, notes, left messages, photos, rating comments.
 */
@Injectable()
export class PrivacyRepository {
  constructor(private readonly database: DatabaseService) {}

  private get prisma() {
    return this.database.prisma;
  }

  async conversationIds(selector: CustomerSelector): Promise<string[]> {
    const where: Prisma.ConversationWhereInput = 'conversationId' in selector ? { id: selector.conversationId } : { customerId: selector.customerId };
    const rows = await this.prisma.conversation.findMany({ where, select: { id: true }, orderBy: { createdAt: 'asc' } });
    return rows.map((row) => row.id);
  }

  async export(ids: string[]) {
    const conversations = await this.prisma.conversation.findMany({
      where: { id: { in: ids } },
      orderBy: { createdAt: 'asc' },
      select: {
        id: true,
        customerId: true,
        state: true,
        lang: true,
        createdAt: true,
        closedAt: true,
        purgedAt: true,
        escalationReason: true,
        summary: true,
        resolution: true,
        csatScore: true,
        csatComment: true,
        messages: { orderBy: { seq: 'asc' }, select: { seq: true, role: true, text: true, createdAt: true, feedback: true, details: true } },
        events: { orderBy: { id: 'asc' }, select: { fromState: true, toState: true, reason: true, createdAt: true } },
        notes: { orderBy: { createdAt: 'asc' }, select: { text: true, createdAt: true } },
        tickets: { orderBy: { createdAt: 'asc' }, select: { name: true, email: true, phone: true, text: true, status: true, reply: true, createdAt: true, answeredAt: true } },
        attachments: { orderBy: { createdAt: 'asc' }, select: { id: true, contentType: true, size: true, width: true, height: true, uploadedBy: true, createdAt: true, data: true } },
      },
    });
    return conversations.map((conversation) => ({
      ...conversation,
      attachments: conversation.attachments.map(({ data, ...meta }) => ({ ...meta, base64: Buffer.from(data).toString('base64') })),
    }));
  }

  /** Removes the conversations with everything hanging off them (messages, events, notes, photos cascade). */
  async delete(ids: string[]): Promise<DeletedCounts> {
    if (ids.length === 0) return { conversations: 0, messages: 0, attachments: 0, tickets: 0 };
    return this.prisma.$transaction(async (tx) => {
      const messages = await tx.message.count({ where: { conversationId: { in: ids } } });
      const attachments = await tx.attachment.count({ where: { conversationId: { in: ids } } });
      const tickets = await tx.ticket.deleteMany({ where: { conversationId: { in: ids } } });
      const conversations = await tx.conversation.deleteMany({ where: { id: { in: ids } } });
      return { conversations: conversations.count, messages, attachments, tickets: tickets.count };
    });
  }

  /**
   * Conversations closed before `closedBefore` lose what the customer and agents wrote, the summary, photos, the
   * shop's customer id and left messages' contact details; states, times, reasons, ratings, the bot's outcomes and
   * the entries it cited stay for analytics. At most `batch` conversations per call, so a first run on a large
   * database does not hold one long transaction.
   */
  async purgeClosedBefore(closedBefore: Date, batch: number): Promise<number> {
    return this.prisma.$transaction(async (tx) => {
      const rows = await tx.conversation.findMany({ where: { purgedAt: null, closedAt: { lt: closedBefore } }, select: { id: true }, orderBy: { closedAt: 'asc' }, take: batch });
      const ids = rows.map((row) => row.id);
      if (ids.length === 0) return 0;
      await tx.$executeRaw`UPDATE message SET text = '', details = details - 'attachments' WHERE conversation_id = ANY(${ids}::uuid[])`;
      await tx.agentNote.updateMany({ where: { conversationId: { in: ids } }, data: { text: '' } });
      await tx.ticket.updateMany({ where: { conversationId: { in: ids } }, data: { name: null, email: null, phone: null, text: '', reply: null, note: null } });
      await tx.attachment.deleteMany({ where: { conversationId: { in: ids } } });
      await tx.conversationEvent.updateMany({ where: { conversationId: { in: ids } }, data: { details: {} } });
      await tx.$executeRaw`UPDATE conversation SET summary = NULL, csat_comment = NULL, customer_id = NULL, purged_at = now() WHERE id = ANY(${ids}::uuid[])`;
      return ids.length;
    });
  }
}
