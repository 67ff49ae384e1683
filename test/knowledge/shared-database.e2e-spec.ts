import { IndexProgress } from '../../src/knowledge/knowledge-indexer.service';
import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { OpenAiCompatibleServer, startOpenAiCompatibleServer } from '../support/openai-compatible-server';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';
import { FIXTURE_FILE_COUNT, fixtureFolder } from './fixture-folder';

/** The DATABASE_URL path (pg driver + @prisma/adapter-pg over the wire), with several instances on one database. */
describe('knowledge indexing on a shared PostgreSQL database', () => {
  let server: PgliteServer;
  let folder: TempKnowledgeFolder;
  let embeddings: OpenAiCompatibleServer;
  const contexts: KnowledgeContext[] = [];
  const start = async (overrides: Record<string, string> = {}) => {
    const context = await startKnowledgeContext(testConfig({ DATABASE_URL: server.url, KNOWLEDGE_DIR: folder.dir, ...overrides }));
    contexts.push(context);
    return context;
  };

  beforeAll(async () => {
    server = await startPgliteServer();
    folder = fixtureFolder();
    embeddings = await startOpenAiCompatibleServer({ dimensions: 48 });
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await server?.stop();
    await embeddings?.close();
    folder?.dispose();
  });

  it('never runs two index passes at the same time', async () => {
    const [first, second] = await Promise.all([start(), start()]);
    const timeline: Array<{ who: string; progress: IndexProgress; at: number }> = [];
    const record = (who: string) => (progress: IndexProgress) => timeline.push({ who, progress, at: performance.now() });
    const [a, b] = await Promise.all([first.indexer.index({ onProgress: record('a') }), second.indexer.index({ onProgress: record('b') })]);

    // one pass did the work, the other waited for its lease and found nothing left to do
    const [worker, waiter] = a.added > 0 ? [a, b] : [b, a];
    expect(worker).toMatchObject({ added: FIXTURE_FILE_COUNT, failed: 0 });
    expect(waiter).toMatchObject({ added: 0, updated: 0, unchanged: FIXTURE_FILE_COUNT });
    const workerName = worker === a ? 'a' : 'b';
    const workerDone = timeline.find((event) => event.who === workerName && event.progress.phase === 'done')!.at;
    const waiterStart = timeline.find((event) => event.who !== workerName && event.progress.phase === 'scan')!.at;
    expect(waiterStart).toBeGreaterThan(workerDone);

    // both instances serve the same index
    expect((await first.topIds('退货期限'))[0]).toBe('return-window');
    expect((await second.topIds('退货期限'))[0]).toBe('return-window');
  });

  it('an instance sees another instance’s re-index without restarting', async () => {
    const [first, second] = contexts;
    folder.write('faq/extra.faq.yaml', '- id: gift-wrap\n  question: 可以礼品包装吗？\n  answer: 可以，下单时勾选礼品包装。\n');
    expect(await first.indexer.index()).toMatchObject({ added: 1 });
    // the other instance checks the index version at most once a second and rebuilds in the background, answering
    // from the snapshot it has meanwhile
    const deadline = Date.now() + 15_000;
    let top: string | undefined;
    while ((top = (await second.topIds('礼品包装'))[0]) !== 'gift-wrap' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(top).toBe('gift-wrap');
  });

  it('re-embeds everything when the embedding provider changes, never mixing vectors', async () => {
    for (const context of contexts.splice(0)) await context.close();
    const before = await startKnowledgeContext(testConfig({ DATABASE_URL: server.url, KNOWLEDGE_DIR: folder.dir }));
    const localSpace = (await before.repository.getState()).embeddingSpace!;
    expect(localSpace).toMatch(/^local:hash-v1:256/);
    await before.close();

    const openai = await start({ EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'test-key', OPENAI_BASE_URL: embeddings.baseUrl, EMBEDDING_MODEL: 'test-embedding' });
    const summary = await openai.indexer.index();
    expect(summary).toMatchObject({ reembedded: true, embeddingSpace: 'openai:test-embedding:48', failed: 0, added: 0, unchanged: 1 });
    expect(summary.updated).toBe(FIXTURE_FILE_COUNT); // every file but kefu.yaml, whose bytes alone decide it
    const spaces = await openai.database.prisma.knowledgePhrase.groupBy({ by: ['space'], _count: { _all: true } });
    expect(spaces).toEqual([{ space: 'openai:test-embedding:48', _count: { _all: await openai.repository.countPhrases() } }]);
    expect(embeddings.requests.filter((request) => request.path === '/v1/embeddings').length).toBeGreaterThan(1);

    const hits = await openai.search.search('退货期限', { limit: 3 });
    expect(hits[0].entry.id).toBe('return-window');
    expect(hits[0].dense).toBeGreaterThan(0.5); // dense retrieval ran in the new space

    // and back: the local space comes back, and no openai vectors remain
    await openai.close();
    contexts.splice(0);
    const local = await start();
    expect(await local.indexer.index()).toMatchObject({ reembedded: true, embeddingSpace: localSpace, updated: FIXTURE_FILE_COUNT });
    expect(await local.repository.countPhrases(localSpace)).toBe(await local.repository.countPhrases());
  });
});
