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
});
