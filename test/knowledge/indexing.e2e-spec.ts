import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { DatabaseService } from '../../src/database/database.service';
import { KnowledgeSnapshotService } from '../../src/retrieval/knowledge-snapshot.service';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';
import { FIXTURE_FILE_COUNT, fixtureFolder, RETURNS_FAQ } from './fixture-folder';

/** Indexing the folder into real PGlite + pgvector, in process. */
describe('knowledge indexing (embedded PostgreSQL)', () => {
  let folder: TempKnowledgeFolder;
  let kb: KnowledgeContext;

  beforeAll(async () => {
    folder = fixtureFolder();
    kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }));
  });

  afterAll(async () => {
    await kb?.close();
    folder?.dispose();
  });

  it('indexes every format on the first pass and finds entries by paraphrase', async () => {
    const summary = await kb.indexer.index();
    expect(summary).toMatchObject({ added: FIXTURE_FILE_COUNT, updated: 0, removed: 0, failed: 0, unchanged: 0 });
    const files = await kb.repository.listFiles();
    expect(files.map((file) => file.path).sort()).toEqual(
      ['announcements/delay.md', 'docs/install.docx', 'docs/kettle.html', 'docs/lamp.pdf', 'docs/membership.txt', 'docs/vacuum.md', 'faq/returns.faq.yaml', 'faq/shipping.faq.yml', 'kefu.yaml'].sort(),
    );
    for (const file of files.filter((item) => item.kind !== 'settings')) expect(file.entryCount).toBeGreaterThan(0);

    expect((await kb.topIds('退货期限是几天'))[0]).toBe('return-window');
    expect((await kb.topIds('how long do I have to send something back'))[0]).toBe('return-window');
    // synonyms from kefu.yaml: "money back" is "refund"
    expect((await kb.topIds('when do I get my money back'))[0]).toBe('refund-time');
    expect((await kb.topIds('what does E3 mean on the vacuum'))[0]).toBe('docs/vacuum.md#0');
    expect((await kb.topIds('kettle capacity power'))[0]).toMatch(/^docs\/kettle\.html#/);
    expect((await kb.topIds('lamp'))[0]).toMatch(/^docs\/lamp\.pdf#/);
    expect((await kb.topIds('上门安装怎么预约'))[0]).toMatch(/^docs\/install\.docx#/);
    // the local embedding's vectors are searched in memory: the database keeps them without an HNSW index to maintain
    const indexes = await kb.database.prisma.$queryRaw<Array<{ indexname: string }>>`SELECT indexname FROM pg_indexes WHERE tablename = 'knowledge_phrase'`;
    expect(indexes.map((index) => index.indexname).filter((name) => name.includes('hnsw'))).toEqual([]);
    expect(await kb.database.prisma.knowledgePhrase.count({ where: { space: (await kb.repository.getState()).embeddingSpace! } })).toBeGreaterThan(0);
  });

  it('keeps heading path and position for document chunks', async () => {
    const entries = await kb.repository.listEntries('document');
    const vacuum = entries.filter((entry) => entry.filePath === 'docs/vacuum.md');
    expect(vacuum.map((entry) => [entry.position, entry.headingPath, entry.title])).toEqual([
      [0, ['Error codes'], 'Robot vacuum R3 guide'],
      [1, ['Battery'], 'Robot vacuum R3 guide'],
    ]);
    expect(vacuum[1].content).toEqual({ text: 'The battery lasts 150 minutes on standard suction.' });
  });

  it('re-indexes only the file that changed', async () => {
    const phrasesOf = async (path: string) =>
      (await kb.database.prisma.knowledgePhrase.findMany({ where: { entry: { filePath: path } }, select: { id: true } })).map((row) => row.id).sort();
    const shippingBefore = await phrasesOf('faq/shipping.faq.yml');
    const returnsBefore = await phrasesOf('faq/returns.faq.yaml');

    expect(await kb.indexer.index()).toMatchObject({ added: 0, updated: 0, removed: 0, failed: 0, unchanged: FIXTURE_FILE_COUNT });

    folder.write('faq/returns.faq.yaml', RETURNS_FAQ.replace('7 天内可申请无理由退货', '10 天内可申请无理由退货'));
    const summary = await kb.indexer.index();
    expect(summary).toMatchObject({ added: 0, updated: 1, removed: 0, failed: 0, unchanged: FIXTURE_FILE_COUNT - 1 });
    expect(await phrasesOf('faq/shipping.faq.yml')).toEqual(shippingBefore);
    const returnsAfter = await phrasesOf('faq/returns.faq.yaml');
    expect(returnsAfter).toHaveLength(returnsBefore.length);
    expect(returnsAfter.some((id) => returnsBefore.includes(id))).toBe(false);
    const [entry] = (await kb.search.search('退货期限', { limit: 1 })).map((hit) => hit.entry);
    expect(entry.content).toEqual({ answers: { zh: '自签收之日起 10 天内可申请无理由退货。', en: 'You can return items within 7 days of delivery.' } });
  });

  it('reports a broken file with its line and keeps serving its last good version', async () => {
    folder.write('faq/returns.faq.yaml', RETURNS_FAQ.replace('  question: 退款多久到账？\n', '  questoin: 退款多久到账？\n'));
    const summary = await kb.indexer.index();
    expect(summary).toMatchObject({ updated: 0, failed: 1 });
    const problems = summary.problems.filter((problem) => problem.path === 'faq/returns.faq.yaml');
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', line: 13, message: expect.stringContaining('did you mean "question"') }),
        expect.objectContaining({ severity: 'error', line: 12, message: expect.stringContaining('"question" is missing') }),
      ]),
    );
    expect((await kb.topIds('退款多久到账'))[0]).toBe('refund-time');
    const stored = (await kb.repository.listFiles()).find((file) => file.path === 'faq/returns.faq.yaml');
    expect(stored).toMatchObject({ entryCount: 2 });
    expect(stored?.failedHash).toBeTruthy();

    // the same broken bytes are not re-parsed on every pass
    expect(await kb.indexer.index()).toMatchObject({ failed: 0, unchanged: FIXTURE_FILE_COUNT });

    folder.write('faq/returns.faq.yaml', RETURNS_FAQ);
    expect(await kb.indexer.index()).toMatchObject({ updated: 1, failed: 0 });
    const fixed = (await kb.repository.listFiles()).find((file) => file.path === 'faq/returns.faq.yaml');
    expect(fixed).toMatchObject({ failedHash: null, problems: [] });
  });

  it('rejects an FAQ id already used by another file, and keeps going with the rest', async () => {
    folder.write('faq/copy.faq.yaml', `- id: fresh-entry\n  question: 可以开发票吗\n  answer: 可以。\n- id: return-window\n  question: 退货\n  answer: 重复\n`);
    folder.write('docs/new.md', '# New\n\nNew document text about gift wrapping.\n');
    const summary = await kb.indexer.index();
    expect(summary).toMatchObject({ added: 1, failed: 1 });
    expect(summary.problems).toContainEqual(
      expect.objectContaining({ path: 'faq/copy.faq.yaml', line: 4, severity: 'error', message: 'duplicate id "return-window": already used in faq/returns.faq.yaml' }),
    );
    expect((await kb.repository.getEntries(['fresh-entry'])).size).toBe(0);
    expect((await kb.topIds('gift wrapping'))[0]).toBe('docs/new.md#0');
    folder.remove('faq/copy.faq.yaml');
  });

  it('removes a deleted file from the index and from search', async () => {
    expect((await kb.topIds('运费怎么算'))[0]).toBe('shipping-fee');
    folder.remove('faq/shipping.faq.yml');
    const summary = await kb.indexer.index();
    expect(summary.removed).toBe(2); // shipping.faq.yml and the broken copy.faq.yaml
    expect(await kb.topIds('运费怎么算', 10)).not.toContain('shipping-fee');
    expect((await kb.repository.getEntries(['shipping-fee', 'damaged-parcel'])).size).toBe(0);
  });

  it('keeps the previous settings when kefu.yaml breaks', async () => {
    folder.write('kefu.yaml', 'synonyms: [this is not a mapping\n');
    const summary = await kb.indexer.index();
    expect(summary.failed).toBe(1);
    expect(summary.problems[0]).toMatchObject({ path: 'kefu.yaml', severity: 'error', line: expect.any(Number) });
    expect((await kb.repository.getState()).settings.synonyms).toEqual({ 快递: ['物流', '包裹'], refund: ['money back'] });
    expect((await kb.topIds('when do I get my money back'))[0]).toBe('refund-time');
  });

  it('answers from the current snapshot while a newer one is being built, and index() resolves once it is live', async () => {
    const snapshots = kb.app.get(KnowledgeSnapshotService);
    const before = await snapshots.get();
    const rebuilding = snapshots.reload();
    // not waiting for the rebuild: the same snapshot, at once
    expect(await snapshots.get()).toBe(before);
    const after = await rebuilding;
    expect(after).not.toBe(before);
    expect(await snapshots.get()).toBe(after);

    // a reload asked for while one is running may follow a change that one did not see: it builds again after it
    const [running, queued] = await Promise.all([snapshots.reload(), snapshots.reload()]);
    expect(queued).not.toBe(running);
    expect(await snapshots.get()).toBe(queued);

    folder.write('faq/gift.faq.yaml', '- id: gift-wrap\n  question: 可以礼品包装吗？\n  answer: 可以，下单时勾选礼品包装。\n');
    expect(await kb.indexer.index()).toMatchObject({ added: 1 });
    expect((await kb.topIds('礼品包装'))[0]).toBe('gift-wrap');
  });

  it('answers with every ranker while the database is busy: the local embedding is searched in memory', async () => {
    const database = kb.app.get(DatabaseService);
    let busy = true;
    const blocking = database.query('SELECT pg_sleep(6)').finally(() => (busy = false));
    const hits = await kb.search.search('退货期限是几天', { limit: 3 });
    expect(busy).toBe(true);
    expect(hits[0].entry.id).toBe('return-window');
    expect(hits[0].dense).toBeGreaterThan(0);
    await blocking;
  });
});
