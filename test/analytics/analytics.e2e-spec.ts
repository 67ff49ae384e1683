import { ADMIN, LiveChat, startLiveChat } from '../support/live-chat';

describe('GET /api/v1/analytics', () => {
  let chat: LiveChat;
  let adminToken: string;

  beforeAll(async () => {
    chat = await startLiveChat();
    adminToken = (await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
  });
  afterAll(() => chat?.close());

  async function conversation(...texts: string[]) {
    const { conversationId, token } = (await chat.http().post('/api/v1/conversations').send({}).expect(201)).body;
    for (const [index, text] of texts.entries()) {
      await chat.http().post(`/api/v1/conversations/${conversationId}/messages`).set('authorization', `Bearer ${token}`).send({ clientMessageId: `m-${index}`, text }).expect(200);
    }
    return { conversationId, token };
  }

  it('reports deflection, escalations by reason, CSAT and the questions the bot could not answer', async () => {
    const answered = await conversation('收到货后多少天内可以退货？');
    await chat.http().post(`/api/v1/conversations/${answered.conversationId}/rating`).set('authorization', `Bearer ${answered.token}`).send({ score: 5 }).expect(200);
    await conversation('火星上的天气怎么样', '帮我写一首关于月亮的诗', '今天股市行情如何'); // "I don't know"s in a row: low confidence
    await conversation('转人工');
    await conversation('火星上的天气怎么样？');

    await chat.http().get('/api/v1/analytics').expect(401);
    const { body } = await chat.http().get('/api/v1/analytics').set('authorization', `Bearer ${adminToken}`).expect(200);
    expect(body).toMatchObject({ conversations: 4, escalated: 2, deflectionRate: 0.5, csat: { responses: 1, average: 5, distribution: { '5': 1 } } });
    expect(body.escalationsByReason).toEqual(expect.arrayContaining([{ reason: 'low_confidence', count: 1 }, { reason: 'human_requested', count: 1 }]));
    expect(body.unansweredQuestions[0]).toMatchObject({ count: 2, outcome: expect.stringMatching(/unknown|clarify/) });
    expect(body.unansweredQuestions[0].question).toMatch(/^火星上的天气怎么样/);
    await chat.http().get('/api/v1/analytics').query({ days: 0 }).set('authorization', `Bearer ${adminToken}`).expect(400);
  });

  it('reports verified bot resolution next to not-escalated, medians, per agent figures, top FAQ entries, and finds conversations', async () => {
    // (with the four conversations above: one answered and rated 5, two escalated, one not answered)
    const thumbed = await conversation();
    const sent = await chat.http().post(`/api/v1/conversations/${thumbed.conversationId}/messages`).set('authorization', `Bearer ${thumbed.token}`).send({ clientMessageId: 't-1', text: '收到货后多少天内可以退货？' }).expect(200);
    const botAnswer = sent.body.replies.find((reply: { role: string }) => reply.role === 'bot');
    await chat.http().post(`/api/v1/conversations/${thumbed.conversationId}/feedback`).set('authorization', `Bearer ${thumbed.token}`).send({ messageId: botAnswer.id, value: 'up' }).expect(200);

    const agent = await chat.createAgent('Report Ren');
    const handled = await conversation('转人工，订单LM6660001 一直没到');
    await chat.http().post(`/api/v1/agent/conversations/${handled.conversationId}/claim`).set('authorization', `Bearer ${agent.token}`).expect(200);
    await chat.http().post(`/api/v1/agent/conversations/${handled.conversationId}/reply`).set('authorization', `Bearer ${agent.token}`).send({ clientMessageId: 'r-1', text: '已为您催件，明天送达。' }).expect(200);
    await chat.http().post(`/api/v1/conversations/${handled.conversationId}/rating`).set('authorization', `Bearer ${handled.token}`).send({ score: 4 }).expect(200);

    const get = (route: string) => chat.http().get(route).set('authorization', `Bearer ${adminToken}`);
    const { body } = await get('/api/v1/analytics/report').expect(200);
    expect(body).toMatchObject({ conversations: 6, escalated: 3, botResolvedRate: 0.333, notEscalatedRate: 0.5, csat: { responses: 2, average: 4.5 } });
    expect(body.perDay).toEqual([{ day: new Date().toISOString().slice(0, 10), conversations: 6, escalated: 3, botResolved: 2 }]);
    expect(body.medianWaitSeconds).toBeGreaterThanOrEqual(0);
    expect(body.medianFirstResponseSeconds).toBeGreaterThanOrEqual(0);
    expect(body.agents).toEqual([expect.objectContaining({ name: 'Report Ren', chats: 1, csatAverage: 4, csatResponses: 1 })]);
    expect(body.topFaqEntries[0]).toMatchObject({ id: 'return-window', count: 2 });

    const found = await get(`/api/v1/analytics/conversations?q=${encodeURIComponent('LM6660001')}&rating=4&agentId=${agent.id}&reason=human_requested`).expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ conversationId: handled.conversationId, agentName: 'Report Ren', rating: 4, reason: 'human_requested' })]);
    expect((await get('/api/v1/analytics/conversations?q=100%25_not_there').expect(200)).body.items).toEqual([]);
    await get('/api/v1/analytics/report?from=yesterday').expect(400);
    await get('/api/v1/analytics/conversations?rating=6').expect(400);
  });
});
