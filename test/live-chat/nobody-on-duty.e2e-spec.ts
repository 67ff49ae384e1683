import type { Socket } from 'socket.io-client';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { EscalationService, KEPT_NOTE_EVERY_MS } from '../../src/escalation/escalation.service';
import { collect, connect, emitAck, LiveChat, NEVER_OPEN, startLiveChat, until, waitFor } from '../support/live-chat';

type Message = { role: string; text: string; seq: number; details?: unknown };

/** After an escalation with nobody on duty the customer is not left talking to nobody. */
describe('messages while nobody is on duty', () => {
  describe('after business hours', () => {
    let chat: LiveChat;
    const sockets: Socket[] = [];
    beforeAll(async () => (chat = await startLiveChat(NEVER_OPEN)));
    afterAll(async () => {
      for (const socket of sockets) socket.disconnect();
      await chat?.close();
    });

    it('tells the customer once per few minutes that their messages are kept and when the team is back, and still answers FAQ questions', async () => {
      const customer = connect(chat.url, '/customer');
      sockets.push(customer);
      const session = await waitFor(customer, 'session');
      const messages = collect<Message>(customer, 'message');
      const offline = waitFor(customer, 'status', (status: { state: string; reason?: string }) => status.state === 'waiting' && status.reason === 'offline');
      await emitAck(customer, 'message', { clientMessageId: 'n-1', text: '转人工' });
      await offline;

      const first = await emitAck<{ seq: number }>(customer, 'message', { clientMessageId: 'n-2', text: '在吗？我的订单LM202612010001到底什么时候发？' });
      const note = (await until(async () => messages.find((message) => message.seq > first.seq && message.role === 'system'), Boolean))!;
      // NEVER_OPEN opens on Mondays at 00:00 UTC
      expect(note.text).toMatch(/^您的消息已为客服同事保留，(?:今天|明天|\d+月\d+日) 00:00 上班后会第一时间回复您。/);

      // a second message in the same few minutes gets no second note; an FAQ question is still answered
      await emitAck(customer, 'message', { clientMessageId: 'n-3', text: '还有，我想顺便问问' });
      const faq = await emitAck<{ seq: number }>(customer, 'message', { clientMessageId: 'n-4', text: '收到货后多少天内可以退货？' });
      const answer = (await until(async () => messages.find((message) => message.seq > faq.seq && message.role === 'bot'), Boolean))!;
      expect(answer.text).toMatch(/^自签收之日起 7 天内/);

      const stored = await chat.app.get(ConversationsRepository).messagesAfter(session.conversationId, 0);
      expect(stored.filter((message) => message.details.kind === 'kept')).toHaveLength(1);
      expect((await chat.app.get(ConversationsRepository).find(session.conversationId))?.state).toBe('waiting');

      // past the interval the next message is noted again
      const conversation = (await chat.app.get(ConversationsRepository).find(session.conversationId))!;
      const escalation = chat.app.get(EscalationService);
      expect(await escalation.noteKeptForTeam(conversation, new Date(Date.now() + 60_000))).toBeUndefined();
      expect(await escalation.noteKeptForTeam(conversation, new Date(Date.now() + KEPT_NOTE_EVERY_MS + 60_000))).toMatchObject({ role: 'system', details: { kind: 'kept' } });
    });
  });

  describe('within business hours with no agent online', () => {
    let chat: LiveChat;
    beforeAll(async () => (chat = await startLiveChat()));
    afterAll(() => chat?.close());

    it('does not lead with the service hours, and says the team will reply once someone is online (REST mirror)', async () => {
      const created = await chat.http().post('/api/v1/conversations').send({}).expect(201);
      const auth = { authorization: `Bearer ${created.body.token}` };
      const post = (clientMessageId: string, text: string) => chat.http().post(`/api/v1/conversations/${created.body.conversationId}/messages`).set(auth).send({ clientMessageId, text }).expect(200);

      const escalated = await post('u-1', '我要找人工客服');
      expect(escalated.body.status).toMatchObject({ state: 'waiting' });
      const handoff = escalated.body.replies.find((message: Message) => message.role === 'system');
      expect(handoff.text).toMatch(/没有客服同事在线/);
      expect(handoff.text).not.toMatch(/服务时间/);

      const next = await post('u-2', '好的，那我等着');
      expect(next.body.replies).toEqual([expect.objectContaining({ role: 'system', text: expect.stringMatching(/^您的消息已为客服同事保留，同事上线后会第一时间回复您。/) })]);
      expect((await post('u-3', '麻烦快一点')).body.replies).toEqual([]);
    });
  });
});
