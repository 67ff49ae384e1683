import { parseFaqFile } from '../../src/knowledge/sources/faq.parser';
import { ADMIN, LiveChat, startLiveChat } from '../support/live-chat';

/** The gap loop's API against the whole service: what counts as a gap, the agent's answer in the draft, suggestions. */
describe('/api/v1/insights', () => {
  let chat: LiveChat;
  let adminToken: string;
  const get = (route: string) => chat.http().get(route).set('authorization', `Bearer ${adminToken}`);
  const post = (route: string) => chat.http().post(route).set('authorization', `Bearer ${adminToken}`);

  beforeAll(async () => {
    chat = await startLiveChat(undefined, { BURST_MIN: '3' });
    adminToken = (await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
  }, 120_000);
  afterAll(() => chat?.close());

  async function conversation(...texts: string[]) {
    const { conversationId, token } = (await chat.http().post('/api/v1/conversations').send({}).expect(201)).body;
    for (const [index, text] of texts.entries()) {
      await chat.http().post(`/api/v1/conversations/${conversationId}/messages`).set('authorization', `Bearer ${token}`).send({ clientMessageId: `m-${index}`, text }).expect(200);
    }
    return { conversationId, token };
  }

  it('groups what the bot could not answer, fills the draft with the agent reply, leaves out requests for a person', async () => {
    const agent = await chat.createAgent('Gap Gao');
    const asked = await conversation('宠物可以带进门店吗？');
    await conversation('请问宠物可以带进门店吗');
    await conversation('门店让带宠物进去吗？');
    await chat.http().post(`/api/v1/conversations/${asked.conversationId}/handoff`).set('authorization', `Bearer ${asked.token}`).send({}).expect(200);
    await chat.http().post(`/api/v1/agent/conversations/${asked.conversationId}/claim`).set('authorization', `Bearer ${agent.token}`).expect(200);
    await chat.http().post(`/api/v1/agent/conversations/${asked.conversationId}/reply`).set('authorization', `Bearer ${agent.token}`).send({ clientMessageId: 'a-1', text: '可以，小型宠物需牵绳或装在宠物包里。' }).expect(200);
    await conversation('转人工');

    const { body } = await get('/api/v1/insights/gaps').expect(200);
    expect(body.method).toMatch(/agglomerative/);
    const pets = body.groups.find((group: { examples: Array<{ text: string }> }) => group.examples.some((example) => example.text.includes('宠物')));
    expect(pets).toMatchObject({ count: 3, conversations: 3, signals: { unanswered: 3 }, agentAnswer: '可以，小型宠物需牵绳或装在宠物包里。' });
    expect(body.groups.some((group: { question: string }) => group.question === '转人工')).toBe(false);
    const parsed = parseFaqFile('faq/pets.faq.yaml', pets.draftYaml);
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries[0].content).toEqual({ answers: { zh: '可以，小型宠物需牵绳或装在宠物包里。' } });
    expect(parsed.entries[0].phrases.map((phrase) => phrase.text)).toEqual(expect.arrayContaining(['宠物可以带进门店吗？', '请问宠物可以带进门店吗', '门店让带宠物进去吗？']));

    await get('/api/v1/insights/gaps?from=not-a-date').expect(400);
    await get('/api/v1/insights/gaps?limit=0').expect(400);
  });

  it('accepts an agent FAQ suggestion as YAML once, dismisses another', async () => {
    const agent = await chat.createAgent('Suggest Su');
    const asked = await conversation('转人工');
    await chat.http().post(`/api/v1/agent/conversations/${asked.conversationId}/claim`).set('authorization', `Bearer ${agent.token}`).expect(200);
    for (const question of ['会员积分会过期吗？', '可以开专票吗？']) {
      await chat.http().post(`/api/v1/agent/conversations/${asked.conversationId}/faq-suggestion`).set('authorization', `Bearer ${agent.token}`).send({ question, answer: `${question}的答案` }).expect(200);
    }
    const { body } = await get('/api/v1/insights/gaps').expect(200);
    const points = body.suggestions.find((suggestion: { question: string }) => suggestion.question === '会员积分会过期吗？');
    const invoice = body.suggestions.find((suggestion: { question: string }) => suggestion.question === '可以开专票吗？');
    const accepted = await post(`/api/v1/insights/suggestions/${points.id}/accept`).expect(200);
    expect(parseFaqFile('faq/points.faq.yaml', accepted.body.draftYaml).entries[0]).toMatchObject({ kind: 'faq', content: { answers: { zh: '会员积分会过期吗？的答案' } } });
    await post(`/api/v1/insights/suggestions/${points.id}/accept`).expect(404);
    await post(`/api/v1/insights/suggestions/${invoice.id}/dismiss`).expect(200);
    expect((await get('/api/v1/insights/gaps').expect(200)).body.suggestions).toEqual([]);
    await post('/api/v1/insights/suggestions/not-a-uuid/dismiss').expect(400);
    await chat.http().post(`/api/v1/insights/suggestions/${invoice.id}/dismiss`).set('authorization', `Bearer ${agent.token}`).expect(403);
  });

  it('flags a burst of customers asking the same new thing, with an announcement draft', async () => {
    for (let i = 0; i < 3; i++) await conversation(i % 2 ? 'APP 登录一直转圈进不去' : 'app 登录一直转圈，进不去');
    const { body } = await get('/api/v1/insights/bursts').expect(200);
    expect(body).toMatchObject({ burstMin: 3, windowMinutes: 10 });
    const burst = body.bursts.find((candidate: { question: string }) => /登录/.test(candidate.question));
    expect(burst).toMatchObject({ customers: 3, questions: 3, previous24h: 0 });
    expect(burst.announcement.path).toMatch(/^announcements\/\d{4}-\d{2}-\d{2}-/);
    expect(burst.announcement.text).toMatch(/keywords:\n( {2}- .+\n)+/);
  });
});
