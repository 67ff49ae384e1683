import { ADMIN, LiveChat, startLiveChat } from '../support/live-chat';
import { OpenApiDocument, responseSchema, schemaMismatches } from '../support/openapi';

/** Routes whose documented answer is not JSON, or that content staff's APIs reshape (analytics, eval runs). */
const WITHOUT_JSON_SCHEMA = new Set(['GET /api/v1/analytics', 'GET /api/v1/knowledge/evaluation', 'POST /api/v1/knowledge/evaluation']);

/** The OpenAPI document at /docs-json describes what the routes really answer, for clients generated from it. */
describe('OpenAPI response schemas', () => {
  jest.setTimeout(120_000);
  let chat: LiveChat;
  let doc: OpenApiDocument;
  let admin: { authorization: string };

  beforeAll(async () => {
    chat = await startLiveChat();
    doc = (await chat.http().get('/docs-json').expect(200)).body;
    admin = { authorization: `Bearer ${(await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token}` };
  });

  afterAll(() => chat?.close());

  /** The response body, checked against the schema its route documents. */
  const documented = (method: string, path: string, body: unknown) => {
    const schema = responseSchema(doc, method, path);
    if (!schema) return [`${method.toUpperCase()} ${path}: no JSON response schema`];
    return schemaMismatches(doc, schema, body);
  };

  it('documents a success response schema for every JSON route', () => {
    const undocumented: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const route = `${method.toUpperCase()} ${path}`;
        const success = Object.entries(operation.responses ?? {}).filter(([code]) => code.startsWith('2'));
        const described = success.some(([, response]) => Object.values(response.content ?? {}).some((content) => content.schema));
        if (!described && !WITHOUT_JSON_SCHEMA.has(route)) undocumented.push(route);
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('answers the customer routes in their documented shapes', async () => {
    const asked = await chat.http().post('/api/v1/ask').send({ question: '收到货后多少天内可以退货？' }).expect(200);
    expect(documented('post', '/api/v1/ask', asked.body)).toEqual([]);
    const unknown = await chat.http().post('/api/v1/ask').send({ question: '今天股市行情如何' }).expect(200);
    expect(documented('post', '/api/v1/ask', unknown.body)).toEqual([]);

    const created = await chat.http().post('/api/v1/conversations').send({}).expect(201);
    expect(documented('post', '/api/v1/conversations', created.body)).toEqual([]);
    const bearer = { authorization: `Bearer ${created.body.token}` };
    const id = created.body.conversationId as string;
    const sent = await chat.http().post(`/api/v1/conversations/${id}/messages`).set(bearer).send({ clientMessageId: 'm1', text: '怎么退货' }).expect(200);
    expect(sent.body.replies.length).toBeGreaterThan(0);
    expect(documented('post', '/api/v1/conversations/{id}/messages', sent.body)).toEqual([]);
    const listed = await chat.http().get(`/api/v1/conversations/${id}/messages`).set(bearer).expect(200);
    expect(documented('get', '/api/v1/conversations/{id}/messages', listed.body)).toEqual([]);
    const handoff = await chat.http().post(`/api/v1/conversations/${id}/handoff`).set(bearer).expect(200);
    expect(documented('post', '/api/v1/conversations/{id}/handoff', handoff.body)).toEqual([]);
    const config = await chat.http().get('/api/v1/widget/config').expect(200);
    expect(documented('get', '/api/v1/widget/config', config.body)).toEqual([]);
  });

  it('answers the agent, admin and health routes in their documented shapes', async () => {
    const created = await chat.http().post('/api/v1/conversations').send({}).expect(201);
    await chat.http().post(`/api/v1/conversations/${created.body.conversationId}/handoff`).set({ authorization: `Bearer ${created.body.token}` }).expect(200);
    const queue = await chat.http().get('/api/v1/agent/queue').set(admin).expect(200);
    expect(queue.body.items.length).toBeGreaterThan(0);
    expect(documented('get', '/api/v1/agent/queue', queue.body)).toEqual([]);
    const detail = await chat.http().get(`/api/v1/agent/conversations/${created.body.conversationId}`).set(admin).expect(200);
    expect(documented('get', '/api/v1/agent/conversations/{id}', detail.body)).toEqual([]);
    const desk = await chat.http().get('/api/v1/agent/desk').set(admin).expect(200);
    expect(documented('get', '/api/v1/agent/desk', desk.body)).toEqual([]);
    const suggestions = await chat.http().get('/api/v1/agent/knowledge/search').set(admin).query({ q: '退货' }).expect(200);
    expect(documented('get', '/api/v1/agent/knowledge/search', suggestions.body)).toEqual([]);
    const tickets = await chat.http().get('/api/v1/agent/tickets').set(admin).expect(200);
    expect(documented('get', '/api/v1/agent/tickets', tickets.body)).toEqual([]);

    const status = await chat.http().get('/api/v1/knowledge/status').set(admin).expect(200);
    expect(documented('get', '/api/v1/knowledge/status', status.body)).toEqual([]);
    const search = await chat.http().get('/api/v1/knowledge/search').set(admin).query({ q: '退货' }).expect(200);
    expect(documented('get', '/api/v1/knowledge/search', search.body)).toEqual([]);
    const reindex = await chat.http().post('/api/v1/knowledge/reindex').set(admin).expect(200);
    expect(documented('post', '/api/v1/knowledge/reindex', reindex.body)).toEqual([]);

    const ready = await chat.http().get('/health/ready').expect(200);
    expect(documented('get', '/health/ready', ready.body)).toEqual([]);
    const live = await chat.http().get('/health/live').expect(200);
    expect(documented('get', '/health/live', live.body)).toEqual([]);
  });

  it('finds a body that departs from its schema', () => {
    // the checker itself: a missing field, an undeclared one and a wrong type are each reported
    const schema = responseSchema(doc, 'post', '/api/v1/ask')!;
    expect(schemaMismatches(doc, schema, { answered: true, answer: 'x', confidence: 1, sources: [], suggestions: [] })).toEqual(['$.escalate: missing']);
    expect(schemaMismatches(doc, schema, { answered: 'yes', answer: 'x', confidence: 1, sources: [], suggestions: [], escalate: null, extra: 1 })).toEqual(['$.extra: not documented', '$.answered: not a boolean']);
  });
});
