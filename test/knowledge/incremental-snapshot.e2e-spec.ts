import { KnowledgeRepository } from '../../src/knowledge/knowledge.repository';
import { LeaseRepository } from '../../src/database/lease.repository';
import { LocalHashEmbedding } from '../../src/retrieval/embedding/local-embedding';
import { KnowledgeSnapshotService, Snapshot } from '../../src/retrieval/knowledge-snapshot.service';
import { ModelStore } from '../../src/retrieval/models/model-store.service';
import { TextAnalysisService } from '../../src/retrieval/text-analysis.service';
import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { testConfig } from '../support/test-config';
import { fixtureFolder, RETURNS_FAQ } from './fixture-folder';

/**
 * After an edit the snapshot re-reads only the changed files' entries and phrases and reuses the rest of the previous
 * one: what it serves must be exactly what a snapshot read from scratch (another instance starting now) serves.
 */
describe('snapshot rebuilt from the changed files only (embedded PostgreSQL)', () => {
  const folder = fixtureFolder();
  let kb: KnowledgeContext;

  beforeAll(async () => {
    kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }));
    await kb.indexer.index();
  }, 120_000);

  afterAll(async () => {
    await kb?.close();
    folder.dispose();
  });

  /** A snapshot service of its own, as on an instance that starts now: it reads the whole index. */
  const readFromScratch = () =>
    new KnowledgeSnapshotService(kb.app.get(KnowledgeRepository), kb.app.get(TextAnalysisService), kb.app.get(LeaseRepository), kb.app.get(ModelStore)).get();

  const QUESTIONS = ['退货期限', 'gift card', '运费', 'brush stuck', '发票', 'Gold members points'];
  const served = (snapshot: Snapshot) => {
    const embedding = snapshot.analysis.embedding as LocalHashEmbedding;
    const tokens = (question: string) => snapshot.analysis.tokenizer.features(question);
    return {
      version: snapshot.version,
      phrases: [...snapshot.phrases],
      entries: [...snapshot.entries.values()],
      announcements: snapshot.announcements,
      examples: snapshot.examples,
      lexical: QUESTIONS.map((question) => snapshot.lexical.search(tokens(question), 10)),
      vectors: QUESTIONS.map((question) => snapshot.vectors!.search(embedding.embedFeatures(tokens(question)), 10)),
    };
  };

  it('serves an edited, a removed and a new file exactly as a full read of the index does', async () => {
    const fullReads = jest.spyOn(kb.repository, 'lexicalPhrases');
    const changedReads = jest.spyOn(kb.repository, 'phrasesOfFiles');
    folder.write('faq/returns.faq.yaml', RETURNS_FAQ.replace('7 天内可申请无理由退货', '15 天内可申请无理由退货').replace('退款什么时候到', '退款什么时候到, 钱什么时候退回来'));
    folder.remove('docs/membership.txt');
    folder.write('faq/gift.faq.yaml', '- id: gift-card\n  question: 可以用礼品卡付款吗？\n  similar: [Can I pay with a gift card?]\n  answer: 可以，结账时选择礼品卡支付。\n');
    const pass = await kb.indexer.index();
    expect(pass).toMatchObject({ added: 1, updated: 1, removed: 1, failed: 0 });

    const incremental = await kb.app.get(KnowledgeSnapshotService).get();
    expect(incremental.version).toBe(pass.version);
    expect(fullReads).not.toHaveBeenCalled(); // the rebuild re-read the three files only
    expect(changedReads).toHaveBeenCalledTimes(1);
    expect(changedReads.mock.calls[0][0].sort()).toEqual(['docs/membership.txt', 'faq/gift.faq.yaml', 'faq/returns.faq.yaml']);

    const scratch = await readFromScratch();
    expect(fullReads).toHaveBeenCalled();
    expect(served(incremental)).toEqual(served(scratch));

    // and what is served is the edit
    expect(JSON.stringify(incremental.entries.get('return-window')?.content)).toContain('15 天内');
    expect(await kb.topIds('钱什么时候退回来', 1)).toEqual(['refund-time']);
    expect(await kb.topIds('Can I pay with a gift card?', 1)).toEqual(['gift-card']);
    expect([...incremental.entries.values()].some((entry) => entry.filePath === 'docs/membership.txt')).toBe(false);
    expect(await kb.topIds('Gold members earn double points', 10)).toEqual(expect.not.arrayContaining([expect.stringContaining('membership')]));
  });
});
