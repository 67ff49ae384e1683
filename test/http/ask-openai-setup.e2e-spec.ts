import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { z } from 'zod';
import { StructuredChat, StructuredOutputMode } from '../../src/answering/structured-chat';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { HybridSearchService } from '../../src/retrieval/hybrid-search.service';
import { ChatRequest, OpenAiCompatibleServer, OpenAiCompatibleServerOptions, startOpenAiCompatibleServer } from '../support/openai-compatible-server';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

/**
 * How kefu starts against the model servers teams run: chat-only servers, embeddings on another server, model names
 * that local servers alias, large embeddings, a server that is down at start-up, and the ways of asking for JSON.
 */

const FILES = {
  'faq/shop.faq.yaml': '- id: shipping-fee\n  question: How much is shipping?\n  answer: Free over ¥99, else ¥8.\n- id: return-window\n  question: How long do I have to return an item?\n  answer: Seven days after delivery.\n',
  'docs/vacuum.md': '# Robot vacuum R3 guide\n\n## Error codes\n\nError E3 means the main brush is stuck. Remove hair wrapped around the main brush and restart it.\n',
};

const notAnswerable = () => JSON.stringify({ answerable: false, answer: '', citations: [] });
const embeddingCalls = (server: OpenAiCompatibleServer) => server.requests.filter((entry) => entry.path === '/v1/embeddings');

async function boot(env: Record<string, string>): Promise<{ app: INestApplication; folder: TempKnowledgeFolder; ready: () => request.Test }> {
  const folder = new TempKnowledgeFolder(FILES);
  const app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, OPENAI_API_KEY: 'test-key', EMBEDDING_MODEL: 'test-embed', CHAT_MODEL: 'test-chat', ...env }), { logger: false });
  await app.init();
  await app.get(KnowledgeLifecycleService).whenReady();
  return { app, folder, ready: () => request(app.getHttpServer()).get('/health/ready') };
}

async function serve(options: OpenAiCompatibleServerOptions): Promise<OpenAiCompatibleServer> {
  return startOpenAiCompatibleServer({ chat: notAnswerable, ...options });
}

describe('model servers at start-up', () => {
  const cleanup: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  });
  async function start(env: Record<string, string>) {
    const booted = await boot(env);
    cleanup.push(() => booted.folder.dispose(), () => booted.app.close());
    return booted;
  }
  async function server(options: OpenAiCompatibleServerOptions) {
    const started = await serve(options);
    cleanup.push(() => started.close());
    return started;
  }

  it('takes embeddings from EMBEDDING_BASE_URL and chat from a chat-only server, with a model name local servers alias (gpt-4)', async () => {
    const chatOnly = await server({ chatOnly: true, chatModels: ['gpt-4'] });
    const embedder = await server({});
    const { app, ready } = await start({ OPENAI_BASE_URL: chatOnly.baseUrl, CHAT_MODEL: 'gpt-4', EMBEDDING_BASE_URL: embedder.baseUrl, EMBEDDING_API_KEY: 'embed-key' });
    const { body } = await ready().expect(200);
    expect(body.checks.models.embedding).toMatchObject({ status: 'ok', detail: expect.stringContaining(embedder.baseUrl) });
    expect(body.checks.models.chat).toMatchObject({ status: 'ok', detail: expect.stringContaining('"gpt-4"') });

    await request(app.getHttpServer()).post('/api/v1/ask').send({ question: 'What does error E3 mean on the robot vacuum?' }).expect(200);
    expect(embeddingCalls(embedder).length).toBeGreaterThan(0);
    expect(embeddingCalls(chatOnly)).toHaveLength(0);
    expect(chatOnly.requests.filter((entry) => entry.path === '/v1/chat/completions').length).toBeGreaterThanOrEqual(2); // self-check + the answer
    expect(embedder.requests.filter((entry) => entry.path === '/v1/chat/completions')).toHaveLength(0);
  });

  it('uses the offline embedding when the chat server has none and no embedding server was asked for, and says why; an unknown chat model shows at start-up', async () => {
    const chatOnly = await server({ chatOnly: true, chatModels: ['llama-3.1-8b-instruct'] });
    const { app, ready } = await start({ OPENAI_BASE_URL: chatOnly.baseUrl, CHAT_MODEL: 'gpt-3.5-turbo' });
    const { body } = await ready().expect(200);
    expect(body.checks.models.embedding).toMatchObject({ status: 'off', detail: expect.stringContaining('Using the offline embedding') });
    expect(body.checks.models.chat).toMatchObject({ status: 'degraded', detail: expect.stringContaining('Check CHAT_MODEL') });
    const answer = await request(app.getHttpServer()).post('/api/v1/ask').send({ question: 'How much is shipping?' }).expect(200);
    expect(answer.body.answer).toBe('Free over ¥99, else ¥8.');
  });

  it('is not ready, with a message saying what to set, when EMBEDDING_PROVIDER=openai points at a chat-only server', async () => {
    const chatOnly = await server({ chatOnly: true });
    const { ready } = await start({ OPENAI_BASE_URL: chatOnly.baseUrl, EMBEDDING_PROVIDER: 'openai' });
    const { body } = await ready().expect(503);
    expect(body.error.message).toContain('does not support the Embeddings API');
    expect(body.error.message).toContain('EMBEDDING_BASE_URL');
  });

  it('indexes 3,072-dimensional embeddings (halfvec HNSW) and searches them', async () => {
    const large = await server({ dimensions: 3072 });
    const { app, ready } = await start({ OPENAI_BASE_URL: large.baseUrl });
    const { body } = await ready().expect(200);
    expect(body.checks.models.embedding.detail).toContain('3072 dimensions');
    const [hit] = await app.get(HybridSearchService).search('Error E3 means the main brush is stuck', { kinds: ['document'] });
    expect(hit.dense).toBeGreaterThan(0.5);
  });

  it('refuses more than 4,000 dimensions with a clear message, instead of a vector-less index reported ready', async () => {
    const huge = await server({ dimensions: 4096 });
    const { ready } = await start({ OPENAI_BASE_URL: huge.baseUrl });
    const { body } = await ready().expect(503);
    expect(body.error.message).toMatch(/4096 dimensions.*at most 4000.*EMBEDDING_DIMENSIONS/);
  });

  it('sends EMBEDDING_DIMENSIONS as dimensions, for models that shorten their vectors', async () => {
    const shortening = await server({ dimensions: 4096, honourDimensions: true });
    const { ready } = await start({ OPENAI_BASE_URL: shortening.baseUrl, EMBEDDING_DIMENSIONS: '1024' });
    const { body } = await ready().expect(200);
    expect(body.checks.models.embedding.detail).toContain('1024 dimensions');
    expect(embeddingCalls(shortening).every((entry) => (entry.body as { dimensions?: number }).dimensions === 1024)).toBe(true);
  });

  it('becomes ready by itself once an embedding server that was down at start-up is back, without a question', async () => {
    const flaky = await server({ embeddingFault: { status: 503 } });
    const { ready } = await start({ OPENAI_BASE_URL: flaky.baseUrl });
    const down = await ready().expect(503);
    expect(down.body.error.message).toContain('did not embed');
    flaky.options.embeddingFault = undefined;
    let status = 503;
    for (let attempt = 0; attempt < 60 && status !== 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      status = (await ready()).status;
    }
    expect(status).toBe(200);
  });
});

describe('CHAT_STRUCTURED_OUTPUT against a server without strict JSON schema support', () => {
  let server: OpenAiCompatibleServer;
  const Reply = z.object({ answer: z.string(), sure: z.boolean() });
  const chat = (mode: StructuredOutputMode) => new StructuredChat({ apiKey: 'test-key', baseUrl: server.baseUrl, model: 'test-chat', timeoutMs: 3000, structuredOutput: mode });
  const ask = (mode: StructuredOutputMode) => chat(mode).complete([{ role: 'system', content: 'You answer.' }, { role: 'user', content: 'Hi' }], Reply, { name: 'reply' });
  const lastChat = () => server.requests.filter((entry) => entry.path === '/v1/chat/completions').at(-1)!.body as ChatRequest & { response_format?: { type: string }; tools?: unknown[] };

  beforeAll(async () => {
    server = await startOpenAiCompatibleServer({ rejectJsonSchema: true, chat: () => JSON.stringify({ answer: 'hello', sure: true }) });
  });
  afterAll(() => server.close());

  it('fails with json_schema, which this server rejects', async () => {
    await expect(ask('json_schema')).rejects.toThrow(/json_schema is not supported/);
  });

  it.each(['json_object', 'tools', 'prompt'] as const)('gets the object with %s', async (mode) => {
    await expect(ask(mode)).resolves.toEqual({ answer: 'hello', sure: true });
    const sent = lastChat();
    if (mode === 'json_object') expect(sent.response_format).toEqual({ type: 'json_object' });
    if (mode === 'tools') expect(sent.tools).toHaveLength(1);
    if (mode === 'prompt') expect(sent.response_format).toBeUndefined();
    if (mode !== 'tools') expect(sent.messages[0].content).toContain('Reply with one JSON object only');
  });
});
