import type { Socket } from 'socket.io-client';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { collect, connect, emitAck, LiveChat, NEVER_OPEN, startLiveChat, until, waitFor } from '../support/live-chat';

describe('outside business hours', () => {
  let chat: LiveChat;
  const sockets: Socket[] = [];

  beforeAll(async () => (chat = await startLiveChat(NEVER_OPEN)));
  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await chat?.close();
  });

  it('offers to leave a message, which agents see as a ticket', async () => {
    const agent = await chat.createAgent('Night Owl');
    const agentSocket = connect(chat.url, '/agent', { token: agent.token });
    sockets.push(agentSocket);
    await waitFor(agentSocket, 'queue');

    const customer = connect(chat.url, '/customer');
    sockets.push(customer);
    const session = await waitFor(customer, 'session');
    const messages = collect<{ role: string; text: string }>(customer, 'message');
    const offline = waitFor(customer, 'status', (status: { state: string; reason?: string }) => status.state === 'waiting' && status.reason === 'offline');
    await emitAck(customer, 'message', { clientMessageId: 'o-1', text: '我要找人工客服' });
    await offline;
    const notice = (await until(async () => messages.find((message) => message.role === 'system'), Boolean))!;
    expect(notice.text).toMatch(/留下|留言/);

    expect(await emitAck(customer, 'leave_message', { text: '请明天联系我' })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    const left = await emitAck(customer, 'leave_message', { name: '王女士', phone: '13812345678', email: 'wang@example.com', text: '请明天上午联系我，订单LM202611230009' });
    expect(left).toEqual({ ok: true, ticketId: expect.any(String) });

    const { body } = await chat.http().get('/api/v1/agent/tickets').set('authorization', `Bearer ${agent.token}`).expect(200);
    expect(body.items).toContainEqual(expect.objectContaining({ id: left.ticketId, conversationId: session.conversationId, contact: expect.objectContaining({ phone: '13812345678' }), text: '请明天上午联系我，订单LM202611230009' }));
    const events = await chat.app.get(ConversationsRepository).events(session.conversationId);
    expect(events.at(-1)).toMatchObject({ toState: 'closed', reason: 'left_message' });
  });
});

describe('the REST mirror for channels without sockets', () => {
  let chat: LiveChat;
  beforeAll(async () => (chat = await startLiveChat()));
  afterAll(() => chat?.close());

  it('creates, sends, lists, rates a bot answer, asks for a person, and an agent answers over REST', async () => {
    const created = await chat.http().post('/api/v1/conversations').send({}).expect(201);
    const { conversationId, token } = created.body;
    const auth = { authorization: `Bearer ${token}` };

    const sent = await chat.http().post(`/api/v1/conversations/${conversationId}/messages`).set(auth).send({ clientMessageId: 'm-1', text: 'How long is the warranty?' }).expect(200);
    expect(sent.body.message).toMatchObject({ role: 'customer', seq: 1 });
    expect(sent.body.replies[0]).toMatchObject({ role: 'bot', seq: 2 });
    expect(sent.body.status).toEqual({ state: 'bot' });

    const again = await chat.http().post(`/api/v1/conversations/${conversationId}/messages`).set(auth).send({ clientMessageId: 'm-1', text: 'How long is the warranty?' }).expect(200);
    expect(again.body.message).toEqual(sent.body.message);
    expect(again.body.replies).toEqual(sent.body.replies);

    const list = await chat.http().get(`/api/v1/conversations/${conversationId}/messages`).query({ after: 1 }).set(auth).expect(200);
    expect(list.body.messages.map((message: { seq: number }) => message.seq)).toEqual([2]);

    await chat.http().post(`/api/v1/conversations/${conversationId}/feedback`).set(auth).send({ messageId: sent.body.replies[0].id, value: 'up' }).expect(200);
    await chat.http().post(`/api/v1/conversations/${conversationId}/feedback`).set(auth).send({ messageId: sent.body.message.id, value: 'up' }).expect(404);

    const agent = await chat.createAgent('Rest Agent');
    const agentAuth = { authorization: `Bearer ${agent.token}` };
    await chat.http().put('/api/v1/agent/presence').set(agentAuth).send({ status: 'away' }).expect(200);
    const handoff = await chat.http().post(`/api/v1/conversations/${conversationId}/handoff`).set(auth).expect(200);
    expect(handoff.body.status).toMatchObject({ state: 'waiting', reason: 'human_requested' });

    const queue = await chat.http().get('/api/v1/agent/queue').set(agentAuth).expect(200);
    expect(queue.body.items).toContainEqual(expect.objectContaining({ conversationId, reason: 'human_requested' }));
    await chat.http().post(`/api/v1/agent/conversations/${conversationId}/claim`).set(agentAuth).expect(200);
    await chat.http().post(`/api/v1/agent/conversations/${conversationId}/claim`).set(agentAuth).expect(409);
    const reply = await chat.http().post(`/api/v1/agent/conversations/${conversationId}/reply`).set(agentAuth).send({ clientMessageId: 'r-1', text: 'It is one year.' }).expect(200);
    await chat.http().post(`/api/v1/agent/conversations/${conversationId}/notes`).set(agentAuth).send({ text: 'asked twice' }).expect(200);
    await chat.http().post(`/api/v1/agent/conversations/${conversationId}/faq-suggestion`).set(agentAuth).send({ question: 'Is the warranty one year?', answer: 'Yes, one year.' }).expect(200);

    const detail = await chat.http().get(`/api/v1/agent/conversations/${conversationId}`).set(agentAuth).expect(200);
    expect(detail.body).toMatchObject({ state: 'assigned', notes: [expect.objectContaining({ text: 'asked twice', agentName: 'Rest Agent' })], summary: { reason: 'human_requested' } });

    const after = await chat.http().get(`/api/v1/conversations/${conversationId}/messages`).query({ after: 2 }).set(auth).expect(200);
    expect(after.body.messages).toContainEqual(expect.objectContaining({ id: reply.body.id, role: 'agent', text: 'It is one year.', agentName: 'Rest Agent' }));
    expect(JSON.stringify(after.body)).not.toContain('asked twice');

    await chat.http().post(`/api/v1/agent/conversations/${conversationId}/close`).set(agentAuth).send({ resolution: 'answered' }).expect(200);
    await chat.http().post(`/api/v1/conversations/${conversationId}/rating`).set(auth).send({ score: 4, comment: 'ok' }).expect(200);
    await chat.http().post(`/api/v1/conversations/${conversationId}/rating`).set(auth).send({ score: 0 }).expect(400);
  });

  it('validates ids and bodies', async () => {
    await chat.http().get('/api/v1/conversations/not-a-uuid/messages').set('authorization', 'Bearer x').expect(401);
    await chat.http().post('/api/v1/conversations').send({ lang: 'zh', extra: 1 }).expect(400);
    await chat.http().get('/api/v1/conversations/00000000-0000-4000-8000-000000000000/messages').expect(401);
    const created = await chat.http().post('/api/v1/conversations').send({ lang: 'fr' }).expect(400);
    expect(created.body.error.code).toBe('VALIDATION_FAILED');
  });
});
