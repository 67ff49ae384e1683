import type { Socket } from 'socket.io-client';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { ReplyBacklog } from '../../src/conversations/reply-backlog';
import { collect, connect, emitAck, LiveChat, startLiveChat, until, waitFor } from '../support/live-chat';

type MessageAck = { id: string; seq: number } | { error: { code: string; message: string } };
type WireMessage = { id: string; seq: number; role: string; text: string };

const QUESTIONS = ['收到货后多少天内可以退货？', '运费谁出？', 'How long do I have to return an item?', '发票怎么开？'];
const CUSTOMERS = 50;

/**
 * The chat path's guarantees with many customers at once, on real Socket.IO clients and real PGlite: a message is
 * acknowledged only once stored, with sequence numbers in the order it was sent, a repeated clientMessageId acks the
 * first message again, and events sent before the session is bound are kept and handled in order.
 */
describe('the chat path under fifty concurrent customers', () => {
  let chat: LiveChat;
  let repository: ConversationsRepository;
  const sockets: Socket[] = [];
  const open = (auth: Record<string, unknown> = {}) => {
    const socket = connect(chat.url, '/customer', auth);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    chat = await startLiveChat();
    repository = chat.app.get(ConversationsRepository);
  });

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });

  afterAll(async () => {
    await chat?.close();
  });

  it('stores before it acks, numbers in sending order, and acks a repeat with the first message', async () => {
    const customers = await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, index) => {
        const socket = open();
        const session = waitFor<{ conversationId: string }>(socket, 'session', () => true, 60_000);
        const received = collect<WireMessage>(socket, 'message');
        // sent at once, before the session arrives: the server must hold them, not refuse them
        const texts = [QUESTIONS[index % QUESTIONS.length], QUESTIONS[(index + 1) % QUESTIONS.length]];
        const storedAtAck: boolean[] = [];
        const acks = await Promise.all(
          texts.map((text, turn) =>
            emitAck<MessageAck>(socket, 'message', { clientMessageId: `c${index}-${turn}`, text }, 60_000).then(async (ack) => {
              if ('id' in ack) storedAtAck.push((await repository.findMessage((await session).conversationId, ack.id)) !== undefined);
              return ack;
            }),
          ),
        );
        const repeat = await emitAck<MessageAck>(socket, 'message', { clientMessageId: `c${index}-0`, text: texts[0] }, 60_000);
        return { socket, session: await session, texts, acks, repeat, received, storedAtAck };
      }),
    );

    for (const customer of customers) {
      expect(customer.acks).toEqual([
        { id: expect.any(String), seq: 1 },
        { id: expect.any(String), seq: expect.any(Number) },
      ]);
      expect(customer.storedAtAck).toEqual([true, true]);
      expect(customer.repeat).toEqual(customer.acks[0]);
    }
    const conversations = new Set(customers.map((customer) => customer.session.conversationId));
    expect(conversations.size).toBe(CUSTOMERS);

    // each conversation holds both messages once, in the order sent, and a bot reply after each
    for (const customer of customers) {
      const stored = await until(
        () => repository.messagesAfter(customer.session.conversationId, 0),
        (messages) => messages.filter((message) => message.role === 'bot').length >= 2,
        60_000,
      );
      const own = stored.filter((message) => message.role === 'customer');
      expect(own.map((message) => message.text)).toEqual(customer.texts);
      expect(own.map((message) => message.id)).toEqual(customer.acks.map((ack) => ('id' in ack ? ack.id : undefined)));
      expect(stored.map((message) => message.seq)).toEqual(stored.map((_, index) => index + 1));
      const firstBot = stored.find((message) => message.role === 'bot')!;
      expect(firstBot.seq).toBeGreaterThan(own[0].seq);
      // every device of the customer sees the conversation in sequence order
      const seen = await until(async () => customer.received.map((message) => message.seq), (seqs) => seqs.length >= stored.length, 30_000);
      expect(seen).toEqual([...seen].sort((a, b) => a - b));
    }
  }, 240_000);

  it('holds the events of a resumed socket until its session is bound, and keeps their order', async () => {
    const first = open();
    const session = await waitFor<{ conversationId: string; token: string }>(first, 'session');
    await emitAck(first, 'message', { clientMessageId: 'r-0', text: QUESTIONS[0] });
    first.disconnect();

    const again = open({ conversationId: session.conversationId, token: session.token });
    const acks = await Promise.all(['r-1', 'r-2', 'r-3'].map((id, turn) => emitAck<MessageAck>(again, 'message', { clientMessageId: id, text: `${QUESTIONS[1]} ${turn}` }, 30_000)));
    const seqs = acks.map((ack) => ('seq' in ack ? ack.seq : -1));
    expect(seqs.every((seq) => seq > 1)).toBe(true);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  }, 60_000);

  it('answers an unknown event and an oversized one with an error, and stays connected', async () => {
    const socket = open();
    const session = await waitFor<{ conversationId: string }>(socket, 'session');
    expect(await emitAck(socket, 'mesage', { clientMessageId: 'x', text: 'typo in the event name' })).toEqual({ error: { code: 'UNKNOWN_EVENT', message: expect.stringContaining('mesage') } });
    const errors = collect<{ code: string }>(socket, 'error');
    socket.emit('no-such-event', {});
    await until(async () => errors.map((error) => error.code), (codes) => codes.includes('UNKNOWN_EVENT'));

    const tooLarge = await emitAck(socket, 'message', { clientMessageId: 'big', text: '退'.repeat(30_000) });
    expect(tooLarge).toEqual({ error: { code: 'PAYLOAD_TOO_LARGE', message: expect.any(String) } });
    expect(await repository.messagesAfter(session.conversationId, 0)).toEqual([]);

    expect(socket.connected).toBe(true);
    expect(await emitAck(socket, 'message', { clientMessageId: 'ok', text: QUESTIONS[0] })).toEqual({ id: expect.any(String), seq: 1 });
  }, 60_000);

  it('tells a new customer that replies are slow while the oldest reply lags, then answers', async () => {
    const backlog = chat.app.get(ReplyBacklog);
    // a reply this instance has been working on for 5 s, past BUSY_NOTICE_AFTER_MS (2 s by default)
    const stuck = backlog.start(Date.now() - 5000);
    try {
      const socket = open();
      await waitFor(socket, 'session');
      const events: Array<{ event: string; role?: string; kind?: string }> = [];
      socket.on('notice', (notice: { kind: string }) => events.push({ event: 'notice', kind: notice.kind }));
      socket.on('message', (message: WireMessage) => events.push({ event: 'message', role: message.role }));
      await emitAck(socket, 'message', { clientMessageId: 'busy-1', text: QUESTIONS[0] });
      await until(async () => events.filter((event) => event.role === 'bot').length, (count) => count === 1);
      expect(events.filter((event) => event.event === 'notice')).toEqual([{ event: 'notice', kind: 'busy' }]);
      expect(events.findIndex((event) => event.event === 'notice')).toBeLessThan(events.findIndex((event) => event.role === 'bot'));
      // once per new customer: a second message of the same chat is not told again
      await emitAck(socket, 'message', { clientMessageId: 'busy-2', text: QUESTIONS[1] });
      await until(async () => events.filter((event) => event.role === 'bot').length, (count) => count === 2);
      expect(events.filter((event) => event.event === 'notice')).toHaveLength(1);
    } finally {
      stuck();
    }

    // replies keep up again: no notice
    const calm = open();
    await waitFor(calm, 'session');
    const notices = collect(calm, 'notice');
    const received = collect<WireMessage>(calm, 'message');
    await emitAck(calm, 'message', { clientMessageId: 'calm-1', text: QUESTIONS[0] });
    await until(async () => received.filter((message) => message.role === 'bot').length, (count) => count === 1);
    expect(notices).toEqual([]);
  }, 60_000);

  it('closes the connection on a frame over the transport limit (the documented exception)', async () => {
    const socket = open();
    await waitFor(socket, 'session');
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    socket.emit('message', { clientMessageId: 'huge', text: 'x'.repeat(2 * 1024 * 1024) });
    expect(await closed).toBe('transport close');
  }, 30_000);
});

