import { loadConfig } from '../config/app-config';
import type { MailerService, OutgoingMail } from './mailer.service';
import type { TicketRecord, TicketsRepository, TicketStatus } from './tickets.repository';
import { TicketsService } from './tickets.service';

/** The inbox rules with an in-memory repository and a mailer that records what it would send. */
class InMemoryTickets implements Pick<TicketsRepository, 'list' | 'find' | 'claim' | 'finish'> {
  readonly rows = new Map<string, TicketRecord>();

  add(id: string, fields: Partial<TicketRecord>): void {
    this.rows.set(id, { id, conversationId: null, name: null, email: null, phone: null, text: 'help', status: 'open', language: 'zh', createdAt: new Date(), agentId: null, agentName: null, claimedAt: null, answeredAt: null, reply: null, note: null, ...fields });
  }
  async list(statuses: readonly TicketStatus[]) {
    return [...this.rows.values()].filter((row) => statuses.includes(row.status));
  }
  async find(id: string) {
    return this.rows.get(id);
  }
  async claim(id: string, agentId: string, at: Date) {
    const row = this.rows.get(id);
    if (row?.status !== 'open') return false;
    Object.assign(row, { status: 'claimed', agentId, agentName: agentId.toUpperCase(), claimedAt: at });
    return true;
  }
  async finish(id: string, agentId: string, to: 'answered' | 'handled', fields: { reply?: string; note?: string }, at: Date) {
    const row = this.rows.get(id);
    if (!row || !(row.status === 'open' || (row.status === 'claimed' && row.agentId === agentId))) return false;
    Object.assign(row, { status: to, agentId, answeredAt: at, reply: fields.reply ?? null, note: fields.note ?? null });
    return true;
  }
}

describe('TicketsService', () => {
  const sent: OutgoingMail[] = [];
  const mailer = { enabled: true, send: async (mail: OutgoingMail) => (sent.push(mail), { messageId: 'm' }) } as unknown as MailerService;
  let tickets: InMemoryTickets;
  let service: TicketsService;

  beforeEach(() => {
    sent.length = 0;
    tickets = new InMemoryTickets();
    service = new TicketsService(tickets as unknown as TicketsRepository, mailer, loadConfig({ TICKET_ANSWER_HOURS: '2' }));
  });

  it('flags tickets still unanswered after TICKET_ANSWER_HOURS, never answered ones', async () => {
    const now = new Date('2027-01-01T12:00:00Z');
    tickets.add('old', { createdAt: new Date('2027-01-01T09:00:00Z') });
    tickets.add('new', { createdAt: new Date('2027-01-01T11:00:00Z') });
    tickets.add('done', { createdAt: new Date('2027-01-01T01:00:00Z'), status: 'answered' });
    const { items } = await service.list('all', now);
    expect(Object.fromEntries(items.map((item) => [item.id, item.overdue]))).toEqual({ old: true, new: false, done: false });
  });

  it('emails the reply in the customer’s language, quoting the message, and refuses a ticket someone else holds', async () => {
    tickets.add('t', { email: 'mia@example.com', text: '订单什么时候到？', language: 'zh' });
    await service.claim('ann', 't');
    await expect(service.claim('bob', 't')).rejects.toMatchObject({ code: 'CONFLICT', message: 'ANN has already taken this ticket' });
    await expect(service.reply('bob', 't', 'mine')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await service.reply('ann', 't', '明天送达。')).toMatchObject({ status: 'answered', reply: '明天送达。' });
    expect(sent).toEqual([{ to: 'mia@example.com', subject: '回复：您的留言', text: '明天送达。\n\n—— 您的留言 ——\n订单什么时候到？\n' }]);
    await expect(service.markHandled('ann', 't', 'again')).rejects.toMatchObject({ code: 'CONFLICT', message: 'This ticket is already answered' });
  });
});
