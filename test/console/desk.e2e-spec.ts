import type { Socket } from 'socket.io-client';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { collect, connect, emitAck, LiveChat, startLiveChat, until, waitFor } from '../support/live-chat';
import { startSmtpServer } from '../support/smtp-server';

/** What the console needs from the server, end to end on real PGlite, Socket.IO and a local SMTP server. */
describe('agent desk for the console', () => {
  let chat: LiveChat;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const sockets: Socket[] = [];
  const open = (namespace: '/customer' | '/agent', auth: Record<string, unknown> = {}) => {
    const socket = connect(chat.url, namespace, auth);
    sockets.push(socket);
    return socket;
  };
  const newCustomer = async () => {
    const socket = open('/customer');
    const session = await waitFor<{ conversationId: string; token: string }>(socket, 'session');
    return { socket, session };
  };
  const onlineAgent = async (name: string, options: { maxChats?: number; skills?: string[] } = {}) => {
    const agent = await chat.createAgent(name, { maxChats: 50, ...options });
    const socket = open('/agent', { token: agent.token });
    await waitFor(socket, 'queue');
    return { ...agent, socket };
  };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    smtp = await startSmtpServer();
    chat = await startLiveChat(undefined, { SMTP_URL: smtp.url, SMTP_FROM: 'Shop <service@shop.test>', CHAT_IDLE_MINUTES: '0.05', QUEUE_SLA_SECONDS: '1', TICKET_ANSWER_HOURS: '0.0003' });
    chat.folder.write('replies.yaml', '- id: order-check\n  title: 查订单\n  text: { zh: 我马上为您查询订单，请稍候。, en: Let me check your order. }\n  tags: [orders]\n- id: thanks\n  text: 感谢您的耐心等待！\n');
  }, 180_000);

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await chat?.close();
    await smtp?.close();
  });

  it('answers a left message by email through SMTP; a second agent cannot take it; an old one is flagged', async () => {
    const [ann, bob] = await Promise.all([chat.createAgent('Inbox Ann'), chat.createAgent('Inbox Bob')]);
    const { body: created } = await chat.http().post('/api/v1/conversations').send({ lang: 'en' }).expect(201);
    await chat.http().post(`/api/v1/conversations/${created.conversationId}/leave-message`).set(bearer(created.token)).send({ name: 'Mia', email: 'mia@customer.test', text: 'Where is order LM1001?' }).expect(200);

    const inbox = await until(async () => (await chat.http().get('/api/v1/agent/tickets').set(bearer(ann.token)).expect(200)).body, (body) => body.items.some((item: { conversationId: string; overdue: boolean }) => item.conversationId === created.conversationId && item.overdue));
    const ticket = inbox.items.find((item: { conversationId: string }) => item.conversationId === created.conversationId);
    expect(inbox.emailEnabled).toBe(true);
    expect(ticket).toMatchObject({ status: 'open', contact: { name: 'Mia', email: 'mia@customer.test', phone: null }, text: 'Where is order LM1001?', language: 'en', overdue: true });

    await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/claim`).set(bearer(ann.token)).expect(200);
    const lost = await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/claim`).set(bearer(bob.token)).expect(409);
    expect(lost.body.error.message).toContain('Inbox Ann');
    await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/reply`).set(bearer(bob.token)).send({ text: 'mine now' }).expect(409);
    await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/reply`).set(bearer(ann.token)).send({ text: '' }).expect(400);

    const { body: answered } = await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/reply`).set(bearer(ann.token)).send({ text: 'It ships today, tracking follows by SMS.' }).expect(200);
    expect(answered).toMatchObject({ status: 'answered', agentName: 'Inbox Ann', reply: 'It ships today, tracking follows by SMS.', overdue: false });
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]).toMatchObject({ from: 'service@shop.test', to: ['mia@customer.test'] });
    expect(smtp.received[0].raw).toMatch(/^Subject: Re: your message/m);
    expect(smtp.received[0].raw).toContain('It ships today, tracking follows by SMS.');
    expect(smtp.received[0].raw).toContain('Where is order LM1001?');

    const { body: todo } = await chat.http().get('/api/v1/agent/tickets').set(bearer(ann.token)).expect(200);
    expect(todo.items.map((item: { id: string }) => item.id)).not.toContain(ticket.id);
    const { body: done } = await chat.http().get('/api/v1/agent/tickets?status=done').set(bearer(ann.token)).expect(200);
    expect(done.items.map((item: { id: string }) => item.id)).toContain(ticket.id);
    await chat.http().get('/api/v1/agent/tickets?status=everything').set(bearer(ann.token)).expect(400);
  });

  it('marks a ticket without an email handled with a note', async () => {
    const agent = await chat.createAgent('Phone Pat');
    const { body: created } = await chat.http().post('/api/v1/conversations').send({}).expect(201);
    await chat.http().post(`/api/v1/conversations/${created.conversationId}/leave-message`).set(bearer(created.token)).send({ phone: '13800000000', text: '请回电' }).expect(200);
    const { body } = await chat.http().get('/api/v1/agent/tickets').set(bearer(agent.token)).expect(200);
    const ticket = body.items.find((item: { conversationId: string }) => item.conversationId === created.conversationId);
    const noEmail = await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/reply`).set(bearer(agent.token)).send({ text: 'hi' }).expect(400);
    expect(noEmail.body.error.message).toContain('no email');
    const { body: handled } = await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/handled`).set(bearer(agent.token)).send({ note: '已电话回复' }).expect(200);
    expect(handled).toMatchObject({ status: 'handled', note: '已电话回复', agentName: 'Phone Pat' });
    await chat.http().post(`/api/v1/agent/tickets/${ticket.id}/handled`).set(bearer(agent.token)).send({ note: 'again' }).expect(409);
  });

  it('closes an idle chat with a notice to the customer and frees the agent’s slot', async () => {
    const agent = await onlineAgent('Idle Ida');
    const assigned = waitFor(agent.socket, 'conversation:assigned');
    const { socket: customer, session } = await newCustomer();
    const statuses = collect<{ state: string; reason?: string }>(customer, 'status');
    const messages = collect<{ role: string; text: string }>(customer, 'message');
    await emitAck(customer, 'handoff', {});
    await assigned;
    const updated = waitFor(agent.socket, 'conversation:updated', (event: { conversationId: string; state: string }) => event.conversationId === session.conversationId && event.state === 'closed', 15_000);
    expect(await updated).toMatchObject({ reason: 'idle' });
    await until(async () => statuses.find((status) => status.state === 'closed'), Boolean);
    expect(statuses.find((status) => status.state === 'closed')).toMatchObject({ reason: 'idle' });
    expect(messages.some((message) => message.role === 'system' && message.text.includes('自动结束'))).toBe(true);
    expect((await chat.app.get(ConversationsRepository).assignedCounts()).get(agent.id) ?? 0).toBe(0);
  });

  it('lets the customer leave the queue or end the chat', async () => {
    const watcher = await onlineAgent('Away Al');
    await emitAck(watcher.socket, 'presence', { status: 'away' });
    const { socket: customer, session } = await newCustomer();
    await emitAck(customer, 'handoff', {});
    const gone = waitFor(watcher.socket, 'queue', (queue: { items: Array<{ conversationId: string }> }) => !queue.items.some((item) => item.conversationId === session.conversationId));
    expect(await emitAck(customer, 'end', {})).toEqual({ ok: true, status: { state: 'closed', reason: 'customer_left_queue' } });
    await gone;

    const { body: created } = await chat.http().post('/api/v1/conversations').send({ lang: 'en' }).expect(201);
    const { body } = await chat.http().post(`/api/v1/conversations/${created.conversationId}/end`).set(bearer(created.token)).expect(200);
    expect(body.status).toEqual({ state: 'closed', reason: 'customer_ended' });
    const events = await chat.app.get(ConversationsRepository).events(created.conversationId);
    expect(events.at(-1)).toMatchObject({ toState: 'closed', reason: 'customer_ended', actor: 'customer' });
  });

  it('serves canned replies, suggested answers, colleagues; transfers with a note; flags long waits', async () => {
    const first = await onlineAgent('Note Nina');
    const second = await onlineAgent('Next Ned');
    await emitAck(second.socket, 'presence', { status: 'away' });

    const { body: replies } = await chat.http().get('/api/v1/agent/replies?q=订单').set(bearer(first.token)).expect(200);
    expect(replies.items).toEqual([{ id: 'order-check', title: '查订单', text: '我马上为您查询订单，请稍候。', tags: ['orders'] }]);
    expect((await chat.http().get('/api/v1/agent/replies?lang=en').set(bearer(first.token)).expect(200)).body.items.map((reply: { text: string }) => reply.text)).toEqual(['Let me check your order.', '感谢您的耐心等待！']);
    await chat.http().get('/api/v1/agent/replies?lang=fr').set(bearer(first.token)).expect(400);

    await emitAck(first.socket, 'presence', { status: 'away' });
    const { socket: customer, session } = await newCustomer();
    await emitAck(customer, 'message', { clientMessageId: 'q-1', text: '收到货后多少天内可以退货？' });
    await emitAck(customer, 'handoff', {});
    const overdue = await waitFor<{ items: Array<{ conversationId: string; overSla: boolean }> }>(first.socket, 'queue', (queue) => queue.items.some((item) => item.conversationId === session.conversationId && item.overSla), 10_000).catch(async () => ({ items: (await chat.http().get('/api/v1/agent/queue').set(bearer(first.token))).body.items }));
    expect(overdue.items.find((item: { conversationId: string; overSla: boolean }) => item.conversationId === session.conversationId)?.overSla).toBe(true);
    expect(await emitAck(first.socket, 'claim', { conversationId: session.conversationId })).toMatchObject({ ok: true });

    const { body: suggested } = await chat.http().get(`/api/v1/agent/conversations/${session.conversationId}/suggestions`).set(bearer(first.token)).expect(200);
    expect(suggested.question).toBe('收到货后多少天内可以退货？');
    expect(suggested.items[0]).toMatchObject({ id: 'return-window', kind: 'faq', text: expect.stringContaining('7') });

    const { body: desk } = await chat.http().get('/api/v1/agent/desk').set(bearer(first.token)).expect(200);
    expect(desk).toMatchObject({ queueSlaSeconds: 1, chatIdleMinutes: 0.05 });
    expect(desk.colleagues).toEqual(expect.arrayContaining([expect.objectContaining({ id: second.id, name: 'Next Ned', presence: 'away' })]));
    expect(desk.colleagues.find((colleague: { id: string }) => colleague.id === first.id)).toMatchObject({ chats: 1 });

    await emitAck(second.socket, 'presence', { status: 'online' });
    const toNed = waitFor(second.socket, 'conversation:assigned', (event: { conversationId: string }) => event.conversationId === session.conversationId);
    expect(await emitAck(first.socket, 'transfer', { conversationId: session.conversationId, agentId: second.id, note: 'wants a refund, order LM9' })).toEqual({ ok: true });
    await toNed;
    const { body: detail } = await chat.http().get(`/api/v1/agent/conversations/${session.conversationId}`).set(bearer(second.token)).expect(200);
    expect(detail.notes).toEqual([expect.objectContaining({ text: 'wants a refund, order LM9', agentName: 'Note Nina' })]);
    expect(await emitAck(first.socket, 'transfer', { conversationId: session.conversationId, agentId: second.id, note: 'x'.repeat(2001) })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
  });
});
