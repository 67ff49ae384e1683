import type { Socket } from 'socket.io-client';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { collect, connect, emitAck, LiveChat, startLiveChat, until, waitFor } from '../support/live-chat';

/** The live-chat half end to end: real Socket.IO clients against the running service on real PGlite. */
describe('live chat over Socket.IO', () => {
  let chat: LiveChat;
  const sockets: Socket[] = [];
  const open = (namespace: '/customer' | '/agent', auth: Record<string, unknown> = {}) => {
    const socket = connect(chat.url, namespace, auth);
    sockets.push(socket);
    return socket;
  };
  const newCustomer = async () => {
    const socket = open('/customer');
    const session = await waitFor<{ conversationId: string; token: string; state: string }>(socket, 'session');
    return { socket, session };
  };

  beforeAll(async () => {
    chat = await startLiveChat();
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await chat?.close();
  });

  it('customer asks, complains, is queued with a summary; an agent takes over, replies, closes; the customer rates', async () => {
    const agent = await chat.createAgent('Li Lei');
    const agentSocket = open('/agent', { token: agent.token });
    await waitFor(agentSocket, 'queue');
    const assigned = waitFor(agentSocket, 'conversation:assigned');

    const { socket: customer, session } = await newCustomer();
    expect(session).toMatchObject({ state: 'bot', conversationId: expect.any(String), token: expect.any(String) });
    const received = collect<{ role: string; text: string; seq: number; sources?: Array<{ id: string }> }>(customer, 'message');

    const firstAck = await emitAck(customer, 'message', { clientMessageId: 'c-1', text: '收到货后多少天内可以退货？' });
    expect(firstAck).toEqual({ id: expect.any(String), seq: 1 });
    const botReply = (await until(async () => received.find((message) => message.role === 'bot'), Boolean))!;
    expect(botReply.sources?.[0].id).toBe('return-window');
    expect(received[0]).toMatchObject({ role: 'customer', seq: 1, text: '收到货后多少天内可以退货？' }); // the customer's own message is echoed

    const statuses = collect<{ state: string; queuePosition?: number }>(customer, 'status');
    await emitAck(customer, 'message', { clientMessageId: 'c-2', text: '我的订单号是LM202611230001，都一个星期了还没发货，你们太垃圾了，我要投诉！！！' });

    const handover = await assigned;
    expect(handover.conversationId).toBe(session.conversationId);
    expect(handover.summary).toMatchObject({ reason: 'complaint', language: 'zh', facts: { orderNumbers: ['LM202611230001'] } });
    expect(handover.summary.text).toContain('LM202611230001');
    expect(handover.transcript.map((message: { role: string }) => message.role)).toEqual(expect.arrayContaining(['customer', 'bot', 'system']));
    await until(async () => statuses.find((status) => status.state === 'assigned'), Boolean);

    const replyAck = await emitAck(agentSocket, 'reply', { conversationId: session.conversationId, clientMessageId: 'a-1', text: '您好，我是李雷，马上为您查询订单。' });
    expect(replyAck).toEqual({ id: expect.any(String), seq: expect.any(Number) });
    const agentMessage = await until(async () => received.find((message) => message.role === 'agent'), Boolean);
    expect(agentMessage).toMatchObject({ text: '您好，我是李雷，马上为您查询订单。', agentName: 'Li Lei' });

    // the agent sees what the customer writes now
    const forwarded = waitFor(agentSocket, 'message', (message: { role: string }) => message.role === 'customer');
    await emitAck(customer, 'message', { clientMessageId: 'c-3', text: '好的，麻烦快一点' });
    expect(await forwarded).toMatchObject({ conversationId: session.conversationId, text: '好的，麻烦快一点' });

    expect(await emitAck(agentSocket, 'note', { conversationId: session.conversationId, text: 'VIP customer, check warehouse' })).toMatchObject({ ok: true });
    expect(await emitAck(agentSocket, 'close', { conversationId: session.conversationId, resolution: 'reshipped' })).toEqual({ ok: true });
    await until(async () => statuses.find((status) => status.state === 'closed'), Boolean);

    expect(await emitAck(customer, 'rate', { score: 5, comment: '很快' })).toEqual({ ok: true });
    const stored = await chat.app.get(ConversationsRepository).find(session.conversationId);
    expect(stored).toMatchObject({ state: 'closed', csatScore: 5, resolution: 'reshipped', escalationReason: 'complaint' });
    expect(received.some((message) => message.text.includes('VIP customer'))).toBe(false); // notes never reach the customer
    const events = await chat.app.get(ConversationsRepository).events(session.conversationId);
    expect(events.map((event) => [event.toState, event.reason])).toEqual([
      ['bot', 'created'],
      ['waiting', 'complaint'],
      ['assigned', 'auto_assigned'],
      ['closed', 'closed_by_agent'],
    ]);
  });

  it('resumes after a reconnect with nothing missing, in order', async () => {
    const { socket, session } = await newCustomer();
    const live = collect<{ role: string }>(socket, 'message');
    await emitAck(socket, 'message', { clientMessageId: 'r-1', text: '运费怎么算' });
    await emitAck(socket, 'message', { clientMessageId: 'r-2', text: '发票怎么开' });
    // the bot answers after the ack: a reply still on its way at the resume would come live, on top of the replay
    await until(async () => live.filter((message) => message.role === 'bot').length, (replies) => replies >= 2);
    socket.disconnect();

    const again = open('/customer', { conversationId: session.conversationId, token: session.token });
    expect(await waitFor(again, 'session')).toMatchObject({ conversationId: session.conversationId, state: 'bot' });
    const replayed = collect<{ seq: number }>(again, 'message');
    const { count } = await emitAck(again, 'resume', { lastSeq: 1 });
    expect(count).toBeGreaterThanOrEqual(3);
    await until(async () => replayed.length, (length) => length === count);
    expect(replayed.map((message) => message.seq)).toEqual(Array.from({ length: count }, (_, index) => index + 2));
  });

  it('stores a repeated clientMessageId once and acks the same id and seq', async () => {
    const { socket, session } = await newCustomer();
    const first = await emitAck(socket, 'message', { clientMessageId: 'dup-1', text: '积分怎么用' });
    const second = await emitAck(socket, 'message', { clientMessageId: 'dup-1', text: '积分怎么用' });
    expect(second).toEqual(first);
    const { body } = await chat.http().get(`/api/v1/conversations/${session.conversationId}/messages`).set('authorization', `Bearer ${session.token}`).expect(200);
    expect(body.messages.filter((message: { role: string }) => message.role === 'customer')).toHaveLength(1);
  });

  it('lets exactly one of two racing claims win', async () => {
    const [first, second] = await Promise.all([chat.createAgent('Racer One'), chat.createAgent('Racer Two')]);
    const sockets = [open('/agent', { token: first.token }), open('/agent', { token: second.token })];
    await Promise.all(sockets.map((socket) => waitFor(socket, 'queue')));
    // away: connected but taking no new chats, so the chat waits in the queue for a claim
    await Promise.all(sockets.map((socket) => emitAck(socket, 'presence', { status: 'away' })));

    const { socket: customer, session } = await newCustomer();
    const queued = waitFor(sockets[0], 'queue', (queue: { items: Array<{ conversationId: string }> }) => queue.items.some((item) => item.conversationId === session.conversationId));
    expect(await emitAck(customer, 'handoff', {})).toMatchObject({ ok: true, status: { state: 'waiting' } });
    await queued;

    const results = await Promise.all(sockets.map((socket) => emitAck(socket, 'claim', { conversationId: session.conversationId })));
    expect(results.filter((result) => result.ok === true)).toHaveLength(1);
    expect(results.filter((result) => result.error?.code === 'CONFLICT')).toHaveLength(1);
  });

  it('puts the chats of an agent who drops off back in the queue after the grace period', async () => {
    const agent = await chat.createAgent('Flaky');
    const agentSocket = open('/agent', { token: agent.token });
    await waitFor(agentSocket, 'queue');
    const { socket: customer, session } = await newCustomer();
    // an earlier test's chat, requeued when its agent's socket closed, may come to this agent first
    const assigned = waitFor(agentSocket, 'conversation:assigned', (event: { conversationId: string }) => event.conversationId === session.conversationId);
    await emitAck(customer, 'message', { clientMessageId: 'h-1', text: '转人工' });
    expect((await assigned).conversationId).toBe(session.conversationId);

    const requeued = waitFor(customer, 'status', (status: { state: string }) => status.state === 'waiting', 10_000);
    agentSocket.disconnect();
    await requeued;
    const events = await chat.app.get(ConversationsRepository).events(session.conversationId);
    expect(events.at(-1)).toMatchObject({ toState: 'waiting', reason: 'agent_disconnected' });
  });

  it('tells waiting customers their place in the queue, and moves them up', async () => {
    const agent = await chat.createAgent('Queue Watcher', { maxChats: 50 });
    const agentSocket = open('/agent', { token: agent.token });
    await waitFor(agentSocket, 'queue');
    await emitAck(agentSocket, 'presence', { status: 'away' });

    const first = await newCustomer();
    const firstQueued = waitFor(first.socket, 'status', (status: { state: string; queuePosition?: number }) => status.state === 'waiting' && status.queuePosition !== undefined);
    await emitAck(first.socket, 'handoff', {});
    const firstPlace = (await firstQueued).queuePosition!;

    const second = await newCustomer();
    const secondQueued = waitFor<{ state: string; queuePosition?: number; etaSeconds?: number }>(second.socket, 'status', (status) => status.state === 'waiting' && status.queuePosition !== undefined);
    await emitAck(second.socket, 'handoff', {});
    const secondStatus = await secondQueued;
    expect(secondStatus.queuePosition).toBe(firstPlace + 1);
    expect(secondStatus.etaSeconds).toBeUndefined(); // nobody online: no estimate, the customer is told we're offline

    const movedUp = waitFor(second.socket, 'status', (status: { queuePosition?: number }) => status.queuePosition === firstPlace);
    expect(await emitAck(agentSocket, 'claim', { conversationId: first.session.conversationId })).toMatchObject({ ok: true });
    await movedUp;
  });

  it('transfers a chat to another agent, and to a skill group', async () => {
    const [skilled, generalist] = await Promise.all([chat.createAgent('After-sales Ann', { skills: ['after-sales'], maxChats: 50 }), chat.createAgent('General Gus', { maxChats: 50 })]);
    const annSocket = open('/agent', { token: skilled.token });
    const gusSocket = open('/agent', { token: generalist.token });
    await Promise.all([waitFor(annSocket, 'queue'), waitFor(gusSocket, 'queue')]);
    await emitAck(annSocket, 'presence', { status: 'away' });

    const { socket: customer, session } = await newCustomer();
    const toGus = waitFor(gusSocket, 'conversation:assigned', (event: { conversationId: string }) => event.conversationId === session.conversationId);
    await emitAck(customer, 'handoff', {});
    await toGus;

    await emitAck(annSocket, 'presence', { status: 'online' });
    const toAnn = waitFor(annSocket, 'conversation:assigned', (event: { conversationId: string }) => event.conversationId === session.conversationId);
    const announced = waitFor(customer, 'status', (status: { state: string; agentName?: string }) => status.state === 'assigned' && status.agentName === 'After-sales Ann');
    expect(await emitAck(gusSocket, 'transfer', { conversationId: session.conversationId, agentId: skilled.id })).toEqual({ ok: true });
    await Promise.all([toAnn, announced]);

    // Ann hands it to the after-sales group: back in the queue, and the group's online agent (Ann) is preferred to Gus
    const backToAnn = waitFor(annSocket, 'conversation:assigned', (event: { conversationId: string }) => event.conversationId === session.conversationId);
    expect(await emitAck(annSocket, 'transfer', { conversationId: session.conversationId, group: 'after-sales' })).toEqual({ ok: true });
    await backToAnn;
    expect(await emitAck(annSocket, 'transfer', { conversationId: session.conversationId, group: 'no-such-group' })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await emitAck(gusSocket, 'reply', { conversationId: session.conversationId, clientMessageId: 'g-1', text: 'not mine' })).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const events = await chat.app.get(ConversationsRepository).events(session.conversationId);
    expect(events.map((event) => event.reason)).toEqual(['created', 'human_requested', 'auto_assigned', 'transfer', 'transferred', 'transfer', 'auto_assigned']);
  });

  it('refuses invalid payloads with an error ack and keeps the socket up', async () => {
    const { socket } = await newCustomer();
    expect(await emitAck(socket, 'message', {})).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await emitAck(socket, 'message', { clientMessageId: 'x', text: 'y'.repeat(2001) })).toMatchObject({ error: { code: 'VALIDATION_FAILED', message: expect.stringContaining('2000') } });
    expect(await emitAck(socket, 'message', 'just a string')).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await emitAck(socket, 'rate', { score: 9 })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(await emitAck(socket, 'feedback', { messageId: 'not-a-uuid', value: 'up' })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
    expect(socket.connected).toBe(true);
    expect(await emitAck(socket, 'message', { clientMessageId: 'ok-1', text: '你好' })).toMatchObject({ seq: 1 });
  });

  it('never lets one customer’s token read another conversation', async () => {
    const a = await newCustomer();
    const b = await newCustomer();
    await chat.http().get(`/api/v1/conversations/${b.session.conversationId}/messages`).set('authorization', `Bearer ${a.session.token}`).expect(401);
    await chat.http().post(`/api/v1/conversations/${b.session.conversationId}/messages`).set('authorization', `Bearer ${a.session.token}`).send({ clientMessageId: 'x', text: 'hi' }).expect(401);
    const intruder = open('/customer', { conversationId: b.session.conversationId, token: a.session.token });
    expect(await waitFor(intruder, 'error')).toMatchObject({ code: 'UNAUTHORIZED' });
    await until(async () => intruder.connected, (isConnected) => !isConnected);
  });

  it('rejects agents without a valid token', async () => {
    await chat.http().get('/api/v1/agent/queue').expect(401);
    await chat.http().get('/api/v1/agent/queue').set('authorization', 'Bearer forged.token.value').expect(401);
    const stranger = open('/agent', { token: 'forged' });
    expect(await waitFor(stranger, 'error')).toMatchObject({ code: 'UNAUTHORIZED' });
    await until(async () => stranger.connected, (isConnected) => !isConnected);
  });
});
