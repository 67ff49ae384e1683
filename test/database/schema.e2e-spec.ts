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
    await prisma.knowledgeModel.create({ data: { indexVersion: 1, kind: 'classifier', fingerprint: 'f', data: Buffer.from([1, 2]), builtBy: 'i', buildMs: 3 } });
    await prisma.indexState.update({ where: { id: 1 }, data: { embeddingSpace: 's', version: { increment: 1 }, settings: { a: 1 }, lastRun: { b: 2 } } });

    const file = await prisma.knowledgeFile.findUniqueOrThrow({ where: { path: 'faq/a.faq.yaml' }, include: { entries: { include: { phrases: true } } } });
    expect(file.entries[0]).toMatchObject({ headingPath: ['h'], handoff: true, meta: { line: 2 }, phrases: [expect.objectContaining({ role: 'question', space: 's' })] });
    expect(await prisma.lease.count()).toBe(1);
    expect(await prisma.knowledgeModel.findFirstOrThrow()).toMatchObject({ indexVersion: 1, kind: 'classifier', fingerprint: 'f', data: new Uint8Array([1, 2]), builtBy: 'i', buildMs: 3, createdAt: expect.any(Date) });
    expect(await prisma.indexState.findUnique({ where: { id: 1 } })).toMatchObject({ version: 1, settings: { a: 1 } });
    const [vector] = await prisma.$queryRaw<Array<{ embedding: string }>>`SELECT embedding::text FROM knowledge_phrase`;
    expect(vector.embedding).toBe('[1,2,3]');

    await prisma.knowledgeFile.delete({ where: { path: 'faq/a.faq.yaml' } });
    expect(await prisma.knowledgePhrase.count()).toBe(0); // cascades through entries to phrases
  });

  it('reads and writes the live-chat models', async () => {
    const prisma = database.prisma;
    const agent = await prisma.agent.create({ data: { email: 'a@b.c', name: 'A', passwordHash: 'x', role: 'admin', skills: ['after-sales'], maxChats: 3, presence: 'online' } });
    const conversation = await prisma.conversation.create({
      data: { tokenHash: 'h', state: 'assigned', lang: 'zh', lastSeq: 1, agentId: agent.id, skillGroup: 'after-sales', priority: 2, escalationReason: 'complaint', summary: { issue: 'x' }, waitingSince: new Date(), resolution: 'done', csatScore: 5, csatComment: 'ok', closedAt: new Date(), customerId: 'shop-user-1' },
    });
    await prisma.attachment.create({ data: { conversationId: conversation.id, contentType: 'image/png', size: 3, width: 1, height: 1, data: Buffer.from([1, 2, 3]), uploadedBy: 'customer' } });
    expect(await prisma.attachment.findFirstOrThrow({ where: { conversationId: conversation.id } })).toMatchObject({ size: 3, data: Uint8Array.from([1, 2, 3]) });
    await prisma.message.create({ data: { conversationId: conversation.id, seq: 1, role: 'agent', text: 'hi', clientMessageId: 'c1', agentId: agent.id, details: { agentName: 'A' }, feedback: 'up' } });
    await prisma.conversationEvent.create({ data: { conversationId: conversation.id, fromState: 'waiting', toState: 'assigned', reason: 'claimed', actor: `agent:${agent.id}`, details: { a: 1 } } });
    await prisma.agentNote.create({ data: { conversationId: conversation.id, agentId: agent.id, text: 'note' } });
    await prisma.ticket.create({ data: { conversationId: conversation.id, name: 'N', email: 'n@e.x', phone: '123456', text: 't', status: 'answered', agentId: agent.id, claimedAt: new Date(), answeredAt: new Date(), reply: 'r', note: 'n' } });
    await prisma.faqSuggestion.create({ data: { conversationId: conversation.id, agentId: agent.id, question: 'q', answer: 'a', tags: ['t'], status: 'new' } });

    const loaded = await prisma.conversation.findUniqueOrThrow({ where: { id: conversation.id }, include: { agent: true, messages: true, events: true, notes: true, tickets: true, faqSuggestions: true } });
    expect(loaded).toMatchObject({ agent: { email: 'a@b.c', skills: ['after-sales'] }, messages: [{ seq: 1, feedback: 'up' }], events: [{ reason: 'claimed' }], notes: [{ text: 'note' }], tickets: [{ phone: '123456', status: 'answered', reply: 'r', note: 'n', agentId: agent.id }], faqSuggestions: [{ tags: ['t'] }] });
    await expect(prisma.message.create({ data: { conversationId: conversation.id, seq: 1, role: 'customer', text: 'dup' } })).rejects.toMatchObject({ code: 'P2002' });
    await prisma.conversation.delete({ where: { id: conversation.id } });
    expect(await prisma.message.count()).toBe(0);
    expect(await prisma.attachment.count()).toBe(0);
    expect(await prisma.ticket.findFirst()).toMatchObject({ conversationId: null }); // tickets outlive the chat
  });

  it('reads and writes folder evaluation runs', async () => {
    const prisma = database.prisma;
    await prisma.folderEvaluationRun.create({ data: { folder: '/srv/knowledge', passed: 1, failed: 0, outcomes: [{ question: 'q', expect: 'none', passed: true }] } });
    const [latest] = await prisma.folderEvaluationRun.findMany({ where: { folder: '/srv/knowledge' }, orderBy: { createdAt: 'desc' }, take: 1 });
    expect(latest).toMatchObject({ passed: 1, failed: 0, outcomes: [{ question: 'q' }] });
  });
});
