import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { ConfidenceService } from '../../src/retrieval/confidence/confidence.service';
import { HybridSearchService } from '../../src/retrieval/hybrid-search.service';
import { ChatRequest, OpenAiCompatibleServer, OpenAiCompatibleServerOptions, startOpenAiCompatibleServer } from '../support/openai-compatible-server';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const GUIDE = `---
title: Robot vacuum R3 guide
lang: en
---
# Robot vacuum R3 guide

## Error codes

Error E3 means the main brush is stuck. Turn the robot over, remove hair wrapped around the main brush and restart it.

## Earbuds battery

| Item | Detail |
|---|---|
| Battery (with case) | 30 hours in total |
| Charging time | 2 hours |
`;

/** Ten FAQ entries with two phrasings each: enough for the confidence calibration to run. */
const TOPICS = ['shipping fee', 'return window', 'invoice request', 'warranty period', 'order cancel', 'address change', 'payment methods', 'gift wrapping', 'store hours', 'password reset'];
const FAQ = TOPICS.map(
  (topic, index) =>
    `- id: faq-${index}\n  question: What is the ${topic} policy?\n  similar:\n    - Tell me about the ${topic}\n    - ${topic} question\n  answer: The ${topic} answer is number ${index}.\n`,
).join('');

/** The passages the model was given, as the prompt fences them. */
function passagesIn(chat: ChatRequest): Array<{ id: string; text: string }> {
  const user = chat.messages.find((message) => message.role === 'user')?.content ?? '';
  return [...user.matchAll(/<passage id="([^"]+)" title="[^"]*">\n([\s\S]*?)\n<\/passage>/g)].map((match) => ({ id: match[1], text: match[2] }));
}

/** A model that answers with the first sentence of the first passage it is given (not for the self-check). */
function firstSentenceModel(chat: ChatRequest): string {
  const [first] = passagesIn(chat);
  if (!first || first.id === 'self-check') return JSON.stringify({ answerable: false, answer: '', citations: [] });
  return JSON.stringify({ answerable: true, answer: first.text.split(/(?<=\.)\s/)[0], citations: [first.id] });
}

const embeddingRequests = (server: OpenAiCompatibleServer) =>
  server.requests.filter((entry) => entry.path === '/v1/embeddings').map((entry) => entry.body as { input: string[]; encoding_format?: string; dimensions?: number });

describe('a float-only embedding server (LocalAI, LiteLLM, TEI style) with a chat model and a re-ranker', () => {
  let folder: TempKnowledgeFolder;
  let model: OpenAiCompatibleServer;
  let app: INestApplication;
  let startup: OpenAiCompatibleServer['requests'];
  const defaults: OpenAiCompatibleServerOptions = { embeddingEncoding: 'float', dimensions: 64, chat: firstSentenceModel, rerank: (_query, documents) => documents.map((_, index) => -index) };
  const ask = (question: string) => request(app.getHttpServer()).post('/api/v1/ask').timeout(20_000).send({ question }).expect(200);

  beforeAll(async () => {
    folder = new TempKnowledgeFolder({ 'docs/vacuum.md': GUIDE, 'faq/shop.faq.yaml': FAQ, 'kefu.yaml': 'answering:\n  answer_threshold: 0.2\n  clarify_threshold: 0.1\n' });
    model = await startOpenAiCompatibleServer({ ...defaults });
    app = await createApp(
      testConfig({
        KNOWLEDGE_DIR: folder.dir,
        OPENAI_API_KEY: 'test-key',
        OPENAI_BASE_URL: model.baseUrl,
        EMBEDDING_MODEL: 'test-embed',
        CHAT_MODEL: 'test-chat',
        RERANK_URL: model.baseUrl.replace(/\/v1$/, '/rerank'),
        RERANK_MODEL: 'test-rerank',
      }),
      { logger: false },
    );
    await app.init();
    await app.get(KnowledgeLifecycleService).whenReady();
    startup = [...model.requests];
  });

  afterAll(async () => {
    await app?.close();
    await model?.close();
    folder?.dispose();
  });

  beforeEach(() => {
    for (const key of Object.keys(model.options) as Array<keyof OpenAiCompatibleServerOptions>) delete model.options[key];
    Object.assign(model.options, defaults);
    model.requests.length = 0;
  });

  it('reads float replies although base64 was asked first, and asks for floats from then on', async () => {
    const asked = startup.filter((entry) => entry.path === '/v1/embeddings').map((entry) => (entry.body as { encoding_format: string }).encoding_format);
    expect(asked[0]).toBe('base64');
    expect(asked.slice(1).every((format) => format === 'float')).toBe(true);
    // real vectors, not the zeros a float list misread as base64 gives: the question finds its passage by meaning
    const [hit] = await app.get(HybridSearchService).search('Error E3 means the main brush is stuck', { kinds: ['document'] });
    expect(hit.entry.id).toBe('docs/vacuum.md#0');
    expect(hit.dense).toBeGreaterThan(0.5);
  });

  it('calibrates confidence from the stored vectors, without embedding each probe', async () => {
    expect(app.get(ConfidenceService).report).toMatchObject({ calibrated: true });
    expect(app.get(ConfidenceService).report!.probes).toBeGreaterThan(20);
    // the connection probe is the only single-input request at start-up; the index is embedded in batches
    const singles = startup.filter((entry) => entry.path === '/v1/embeddings' && (entry.body as { input: string[] }).input.length === 1);
    expect(singles.map((entry) => (entry.body as { input: string[] }).input[0])).toEqual(['kefu']);
  });

  it('checked the chat model at start-up and reports every model part as ready', async () => {
    expect(startup.filter((entry) => entry.path === '/v1/chat/completions')).toHaveLength(1);
    const { body } = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(body.checks.models).toMatchObject({ embedding: { status: 'ok' }, chat: { status: 'ok' }, rerank: { status: 'ok' } });
    expect(body.checks.models.embedding.detail).toContain('float encoding');
  });

  it('masks phones and e-mails before the question reaches the embedding server, the re-ranker and the chat model', async () => {
    await ask('My phone is 13812345678 and my email jane.doe@example.com: what does error E3 mean on the robot vacuum?');
    const sent = model.requests.map((entry) => JSON.stringify(entry.body)).join('\n');
    expect(model.requests.map((entry) => entry.path)).toEqual(expect.arrayContaining(['/v1/embeddings', '/rerank', '/v1/chat/completions']));
    expect(sent).not.toContain('13812345678');
    expect(sent).not.toContain('jane.doe@example.com');
    expect(sent).toContain('138****5678');
    expect(sent).toContain('j***@example.com');
  });

  it('answers in the re-ranker’s order, and in the retrieval order when the re-ranker fails', async () => {
    // the re-ranker puts the battery passage first, whatever was asked
    model.options.rerank = (_query, documents) => documents.map((document) => (/Battery/.test(document) ? 1 : 0));
    const reranked = await ask('What does error E3 mean on the robot vacuum?');
    expect(reranked.body.sources[0].id).toBe('docs/vacuum.md#1');
    const rerankRequest = model.requests.find((entry) => entry.path === '/rerank')!.body as { model: string; query: string; documents: string[] };
    expect(rerankRequest).toMatchObject({ model: 'test-rerank', query: 'What does error E3 mean on the robot vacuum?' });

    model.options.rerank = undefined; // the server now answers 404 on /rerank
    const kept = await ask('What does error E3 mean on the robot vacuum?');
    expect(kept.body.sources[0].id).toBe('docs/vacuum.md#0');
    expect(kept.body.answer).toBe('Error E3 means the main brush is stuck.');
  });

  it.each([
    ['in a Markdown code fence', 'fence' as const],
    ['after a <think> block', 'think' as const],
  ])('takes a model reply %s', async (_case, wrapping) => {
    model.options.chatWrapping = wrapping;
    const { body } = await ask('What does error E3 mean on the robot vacuum?');
    expect(body.answer).toBe('Error E3 means the main brush is stuck.'); // the model's, not the quoted passage "(from …)"
    expect(body.sources[0].id).toBe('docs/vacuum.md#0');
  });

  it('quotes a table passage without Markdown pipes when the chat model fails', async () => {
    model.options.chat = () => ({ status: 500, body: { error: { message: 'chat down', type: 'server_error' } } });
    const { body } = await ask('How many hours does the earbuds battery with case last in total?');
    expect(body.answer).toContain('Battery (with case): 30 hours in total.');
    expect(body.answer).not.toContain('|');
    expect(body.answer).toContain('(from "Robot vacuum R3 guide › Earbuds battery")');
  });

  it('stops calling an embedding server that answers 429, for as long as its Retry-After says, then tries again', async () => {
    model.options.embeddingFault = { status: 429, retryAfterSeconds: 1 };
    const first = await ask('What is the shipping fee policy?');
    expect(first.body).toMatchObject({ answered: true, answer: 'The shipping fee answer is number 0.' });
    expect(embeddingRequests(model)).toHaveLength(1);

    const second = await ask('What is the return window policy?');
    expect(second.body.answer).toBe('The return window answer is number 1.');
    expect(embeddingRequests(model)).toHaveLength(1); // the circuit is open: answered from words and the classifier
    const degraded = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(degraded.body.checks.models.embedding).toMatchObject({ status: 'degraded', detail: expect.stringContaining('429') });

    model.options.embeddingFault = undefined;
    await new Promise((resolve) => setTimeout(resolve, 1100)); // Retry-After: 1
    await ask('What is the invoice request policy?');
    expect(embeddingRequests(model)).toHaveLength(2);
    const recovered = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(recovered.body.checks.models.embedding.status).toBe('ok');
  });

  it.each([
    ['slow past the budget', { delayMs: 30_000 }],
    ['answering 500', { status: 500 }],
    ['answering malformed JSON', { malformed: true }],
  ])('answers a question the FAQ holds from words when the embedding server is %s', async (_case, fault) => {
    model.options.embeddingFault = fault;
    const { body } = await ask('What is the warranty period policy?');
    expect(body).toMatchObject({ answered: true, answer: 'The warranty period answer is number 3.' });
  });

  it('replies in a conversation while the embedding server is failing, and stays ready', async () => {
    model.options.embeddingFault = { status: 500 };
    const server = app.getHttpServer();
    const { body: created } = await request(server).post('/api/v1/conversations').send({}).expect(201);
    const { body } = await request(server)
      .post(`/api/v1/conversations/${created.conversationId}/messages`)
      .set('authorization', `Bearer ${created.token}`)
      .timeout(20_000)
      .send({ clientMessageId: 'm1', text: 'What is the order cancel policy?' })
      .expect(200);
    expect(body.replies.map((reply: { role: string; text: string }) => reply.text)).toContain('The order cancel answer is number 4.');
    const ready = await request(server).get('/health/ready').expect(200);
    expect(ready.body.checks.models.embedding.status).toBe('degraded');
  });
});
