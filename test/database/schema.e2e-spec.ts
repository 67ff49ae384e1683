import { loadConfig } from '../../src/config/app-config';
import { DatabaseService } from '../../src/database/database.service';

/** Uses every Prisma model against the migrated database: schema.prisma and the SQL migrations must agree. */
describe('schema.prisma matches the SQL migrations', () => {
  const database = new DatabaseService(loadConfig({ KEFU_DATA_DIR: 'memory://' }));
  beforeAll(() => database.onModuleInit());
  afterAll(() => database.onModuleDestroy());

  it('reads and writes every model and column', async () => {
    const prisma = database.prisma;
    await prisma.knowledgeFile.create({
      data: { path: 'faq/a.faq.yaml', kind: 'faq', contentHash: 'h', failedHash: 'f', errors: [{ message: 'x' }], title: 'A', entryCount: 1, indexedAt: new Date() },
    });
    await prisma.knowledgeEntry.create({
      data: { id: 'a', filePath: 'faq/a.faq.yaml', kind: 'faq', title: 'A', headingPath: ['h'], position: 0, lang: 'zh', content: { answers: { zh: '好' } }, tags: ['t'], handoff: true, meta: { line: 2 } },
    });
    await prisma.knowledgePhrase.create({ data: { entryId: 'a', role: 'question', text: 'q', tokens: 'q', space: 's' } });
    await prisma.$executeRaw`UPDATE knowledge_phrase SET embedding = '[1,2,3]'::vector`;
    await prisma.lease.create({ data: { name: 'n', owner: 'o', expiresAt: new Date() } });
    await prisma.indexState.update({ where: { id: 1 }, data: { embeddingSpace: 's', version: { increment: 1 }, settings: { a: 1 }, lastRun: { b: 2 } } });

    const file = await prisma.knowledgeFile.findUniqueOrThrow({ where: { path: 'faq/a.faq.yaml' }, include: { entries: { include: { phrases: true } } } });
    expect(file.entries[0]).toMatchObject({ headingPath: ['h'], handoff: true, meta: { line: 2 }, phrases: [expect.objectContaining({ role: 'question', space: 's' })] });
    expect(await prisma.lease.count()).toBe(1);
    expect(await prisma.indexState.findUnique({ where: { id: 1 } })).toMatchObject({ version: 1, settings: { a: 1 } });
    const [vector] = await prisma.$queryRaw<Array<{ embedding: string }>>`SELECT embedding::text FROM knowledge_phrase`;
    expect(vector.embedding).toBe('[1,2,3]');

    await prisma.knowledgeFile.delete({ where: { path: 'faq/a.faq.yaml' } });
    expect(await prisma.knowledgePhrase.count()).toBe(0); // cascades through entries to phrases
  });
});
