import { Inject, Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailerService } from './mailer.service';
import { TicketRecord, TicketsRepository, TicketStatus } from './tickets.repository';

/** Which tickets a view of the inbox shows. */
export type TicketFilter = 'todo' | 'done' | 'all';
const STATUSES_BY_FILTER: Record<TicketFilter, readonly TicketStatus[]> = {
  todo: ['open', 'claimed'],
  done: ['answered', 'handled', 'closed'],
  all: ['open', 'claimed', 'answered', 'handled', 'closed'],
};

export interface TicketView {
  id: string;
  conversationId: string | null;
  contact: { name: string | null; email: string | null; phone: string | null };
  text: string;
  status: TicketStatus;
  language: 'zh' | 'en' | null;
  createdAt: string;
  agentId: string | null;
  agentName: string | null;
  claimedAt: string | null;
  answeredAt: string | null;
  reply: string | null;
  note: string | null;
  /** still not answered past TICKET_ANSWER_HOURS */
  overdue: boolean;
}

/** The inbox of left messages: claim one, answer it by email, or mark it handled with a note. */
@Injectable()
export class TicketsService {
  constructor(
    private readonly tickets: TicketsRepository,
    private readonly mailer: MailerService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async list(filter: TicketFilter = 'todo', now = new Date()): Promise<{ items: TicketView[]; emailEnabled: boolean; answerWithinHours: number }> {
    const items = (await this.tickets.list(STATUSES_BY_FILTER[filter])).map((ticket) => this.view(ticket, now));
    return { items, emailEnabled: this.mailer.enabled, answerWithinHours: this.config.ticketAnswerMs / 3_600_000 };
  }

  async claim(agentId: string, ticketId: string): Promise<TicketView> {
    await this.require(ticketId);
    if (!(await this.tickets.claim(ticketId, agentId, new Date()))) {
      const current = await this.require(ticketId);
      if (current.agentId !== agentId || current.status !== 'claimed') throw new DomainError('CONFLICT', current.agentName ? `${current.agentName} has already taken this ticket` : 'This ticket is no longer open');
    }
    return this.view(await this.require(ticketId));
  }

  /** Sends the reply to the customer's email address first; the ticket is marked answered only once the SMTP server took it. */
  async reply(agentId: string, ticketId: string, text: string): Promise<TicketView> {
    const ticket = await this.requireFinishable(agentId, ticketId);
    if (!ticket.email) throw new DomainError('VALIDATION_FAILED', 'This customer left no email address; call them and mark the ticket handled', { fields: ['the ticket has no email'] });
    const zh = ticket.language !== 'en';
    await this.mailer.send({
      to: ticket.email,
      subject: zh ? '回复：您的留言' : 'Re: your message',
      text: `${text}\n\n${zh ? '—— 您的留言 ——' : '--- Your message ---'}\n${ticket.text}\n`,
    });
    if (!(await this.tickets.finish(ticketId, agentId, 'answered', { reply: text }, new Date()))) throw new DomainError('CONFLICT', 'The email was sent, but another agent finished this ticket meanwhile');
    return this.view(await this.require(ticketId));
  }

  async markHandled(agentId: string, ticketId: string, note: string): Promise<TicketView> {
    await this.requireFinishable(agentId, ticketId);
    if (!(await this.tickets.finish(ticketId, agentId, 'handled', { note }, new Date()))) throw new DomainError('CONFLICT', 'Another agent finished this ticket meanwhile');
    return this.view(await this.require(ticketId));
  }

  private async requireFinishable(agentId: string, ticketId: string): Promise<TicketRecord> {
    const ticket = await this.require(ticketId);
    if (ticket.status === 'claimed' && ticket.agentId !== agentId) throw new DomainError('CONFLICT', `${ticket.agentName ?? 'Another agent'} has taken this ticket`);
    if (ticket.status !== 'open' && ticket.status !== 'claimed') throw new DomainError('CONFLICT', `This ticket is already ${ticket.status}`);
    return ticket;
  }

  private async require(ticketId: string): Promise<TicketRecord> {
    const ticket = await this.tickets.find(ticketId);
    if (!ticket) throw new DomainError('NOT_FOUND', 'No such ticket');
    return ticket;
  }

  private view(ticket: TicketRecord, now = new Date()): TicketView {
    const unanswered = ticket.status === 'open' || ticket.status === 'claimed';
    return {
      id: ticket.id,
      conversationId: ticket.conversationId,
      contact: { name: ticket.name, email: ticket.email, phone: ticket.phone },
      text: ticket.text,
      status: ticket.status,
      language: ticket.language,
      createdAt: ticket.createdAt.toISOString(),
      agentId: ticket.agentId,
      agentName: ticket.agentName,
      claimedAt: ticket.claimedAt?.toISOString() ?? null,
      answeredAt: ticket.answeredAt?.toISOString() ?? null,
      reply: ticket.reply,
      note: ticket.note,
      overdue: unanswered && now.getTime() - ticket.createdAt.getTime() > this.config.ticketAnswerMs,
    };
  }
}
