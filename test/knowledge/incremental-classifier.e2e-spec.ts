import { deserialize } from 'node:v8';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { AnsweringService } from '../../src/answering/answering.service';
import { TrainedClassifier } from '../../src/retrieval/classifier/incremental-training';
import { KnowledgeModelRepository } from '../../src/retrieval/models/knowledge-model.repository';
import { ModelStore } from '../../src/retrieval/models/model-store.service';
import { generateKnowledgeFolder } from '../bench/generated-knowledge';
import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { TempKnowledgeFolder, testConfig } from '../support/test-config';

type FaqEntry = { id: string; question: string; similar?: string[]; answer: unknown };

/**
 * An edit of a large folder is served by a classifier warm-started from the previous version's (stored for every
 * instance like any other), which knows the new entry and no longer the removed one.
 */
describe('classifier after an edit of a large folder (embedded PostgreSQL)', () => {
  const folder = new TempKnowledgeFolder();
  let kb: KnowledgeContext;

  beforeAll(async () => {
    generateKnowledgeFolder(folder.dir, 400, 0); // 2,400 classifier examples: past the warm-start threshold
    kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }));
    await kb.indexer.index();
  }, 120_000);

  afterAll(async () => {
    await kb?.close();
    folder.dispose();
  });

  const storedClassifier = async (): Promise<{ indexVersion: number; trained: TrainedClassifier }> => {
    await kb.app.get(ModelStore).whenStored(); // served first, stored for other instances after
    const [row] = await kb.database.prisma.knowledgeModel.findMany({ where: { kind: 'classifier' }, select: { indexVersion: true, fingerprint: true }, orderBy: { indexVersion: 'desc' }, take: 1 });
    const stored = await kb.app.get(KnowledgeModelRepository).find({ kind: 'classifier', indexVersion: row.indexVersion, fingerprint: row.fingerprint });
    return { indexVersion: row.indexVersion, trained: deserialize(stored!.data) as TrainedClassifier };
  };

  it('serves an edited file with a warm-started classifier: the new entry answered, the removed one gone', async () => {
    const first = await storedClassifier();
    expect(first.trained.warmStarts).toBe(0);

    const file = path.join(folder.dir, 'faq/generated-0000.faq.yaml');
    const entries = parse(readFileSync(file, 'utf8')) as FaqEntry[];
    const removed = entries.pop()!;
    entries.push({ id: 'gift-card', question: '可以用礼品卡付款吗？', similar: ['Can I pay with a gift card?', '礼品卡能结账吗'], answer: { zh: '可以，结账时选择礼品卡支付。', en: 'Yes, choose gift card at checkout.' } });
    folder.write('faq/generated-0000.faq.yaml', stringify(entries));
    await kb.indexer.index();

    const second = await storedClassifier();
    expect(second.indexVersion).toBeGreaterThan(first.indexVersion);
    expect(second.trained.warmStarts).toBe(1);
    expect(second.trained.model.labels).toContain('gift-card');
    expect(second.trained.model.labels).not.toContain(removed.id);

    const answering = kb.app.get(AnsweringService);
    const reply = await answering.ask('礼品卡可以付款吗');
    expect(reply.answered).toBe(true);
    expect(reply.sources[0].id).toBe('gift-card');
    expect(await kb.topIds(removed.question, 10)).not.toContain(removed.id);
    expect((await answering.ask(removed.question)).sources.map((source) => source.id)).not.toContain(removed.id);
  }, 120_000);
});
