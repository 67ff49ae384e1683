import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DatabaseService } from '../../src/database/database.service';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { ConfidenceService } from '../../src/retrieval/confidence/confidence.service';
import { KnowledgeSnapshotService } from '../../src/retrieval/knowledge-snapshot.service';
import { startInstance } from '../support/instances';
import { until } from '../support/live-chat';
import { OpenAiCompatibleServer, startOpenAiCompatibleServer } from '../support/openai-compatible-server';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { TempKnowledgeFolder } from '../support/test-config';

/** Twelve FAQ entries with three phrasings each: enough for the confidence calibration to fit the folder's own model. */
const TOPICS = ['shipping fee', 'return window', 'invoice request', 'warranty period', 'order cancel', 'address change', 'payment methods', 'gift wrapping', 'store hours', 'password reset', 'coupon codes', 'size guide'];
const faqFile = (topics: string[], offset = 0) =>
  topics
    .map(
      (topic, index) =>
        `- id: faq-${index + offset}\n  question: What is the ${topic} policy?\n  similar:\n    - Tell me about the ${topic}\n    - I have a ${topic} question\n  answer: The ${topic} answer is number ${index + offset}.\n`,
    )
    .join('');

/** Twenty questions: phrasings as stored, paraphrases, and questions the folder does not hold. */
const QUESTIONS = [
  'What is the shipping fee policy?',
  'how much is the shipping fee',
  'Tell me about the return window',
  'can I still return it after two weeks',
  'I need an invoice request',
  'warranty period for my blender',
  'please cancel my order',
  'change the delivery address',
  'which payment methods do you take',
  'do you do gift wrapping',
  'when are the store hours',
  'reset my password',
  'coupon codes not working',
  'what size should I pick, size guide',
  'engraving on the lid',
  'Can you engrave my name on the bottle?',
  'what is the weather tomorrow',
  'who won the football match',
  'policy',
  'I want to talk about something else entirely',
];

const EMBEDDING = { EMBEDDING_PROVIDER: 'openai', OPENAI_API_KEY: 'test-key', EMBEDDING_MODEL: 'test-embed' };

/**
 * Several instances on one database (the PostgreSQL wire protocol, as DATABASE_URL deployments use) share the
 * classifier and the confidence calibration of each index version: one instance builds them, every instance loads
 * the stored ones, and a restart with an unchanged index builds nothing.
 */
describe('the models of an index version, shared by every instance', () => {
  jest.setTimeout(180_000);
  let database: PgliteServer;
  let model: OpenAiCompatibleServer;
  let folder: TempKnowledgeFolder;
  let first: { app: INestApplication; url: string };
  let second: { app: INestApplication; url: string };
  const start = () => startInstance({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir, OPENAI_BASE_URL: model.baseUrl, ...EMBEDDING });

  const builds = async (url: string) => {
    const text = (await request(url).get('/metrics').expect(200)).text;
    const count = (kind: string) => Number(new RegExp(`^kefu_knowledge_model_builds_total\\{kind="${kind}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
    return { classifier: count('classifier'), confidence: count('confidence') };
  };
  const storedModels = (app: INestApplication) =>
    app.get(DatabaseService).prisma.knowledgeModel.findMany({ select: { indexVersion: true, kind: true, builtBy: true }, orderBy: [{ indexVersion: 'asc' }, { kind: 'asc' }] });
  const ask = async (url: string, question: string) => {
    const { body } = await request(url).post('/api/v1/ask').send({ question }).expect(200);
    return { question, answered: body.answered as boolean, confidence: body.confidence as number, top: body.sources[0]?.id as string | undefined };
  };

  beforeAll(async () => {
    database = await startPgliteServer();
    model = await startOpenAiCompatibleServer({ dimensions: 48 });
    folder = new TempKnowledgeFolder({ 'faq/shop.faq.yaml': faqFile(TOPICS) });
    // both start at once: both run a start-up index pass (one after the other) and want the same version's models
    [first, second] = await Promise.all([start(), start()]);
  });

  afterAll(async () => {
    await first?.app.close().catch(() => undefined);
    await second?.app.close().catch(() => undefined);
    await database?.stop();
    await model?.close();
    folder?.dispose();
  });

  it('builds a new index version’s models once, and both instances give the same confidence for the same questions', async () => {
    const version = (app: INestApplication) => app.get(KnowledgeSnapshotService).get().then((snapshot) => snapshot.version);
    const initial = await version(first.app);
    expect(await version(second.app)).toBe(initial);
    // one classifier and one calibration for the first version, though two instances started on an empty database
    expect(await builds(first.url)).toEqual({ classifier: 1, confidence: 1 });
    expect((await storedModels(first.app)).map(({ indexVersion, kind }) => ({ indexVersion, kind }))).toEqual([
      { indexVersion: initial, kind: 'classifier' },
      { indexVersion: initial, kind: 'confidence' },
    ]);

    folder.write('faq/engraving.faq.yaml', faqFile(['engraving service', 'bottle engraving'], TOPICS.length));
    const pass = await first.app.get(KnowledgeLifecycleService).requestPass('test');
    expect(pass).toMatchObject({ added: 1, failed: 0 });
    const changed = pass!.version;
    expect(changed).toBeGreaterThan(initial);
    // the other instance notices the new version (at most a second later) and loads its stored models
    await until(
      async () => {
        await ask(second.url, QUESTIONS[0]);
        return second.app.get(ConfidenceService).report?.version;
      },
      (reported) => reported === changed,
      30_000,
    );
    expect(await version(second.app)).toBe(changed);

    // the new version's models were built once in all, by one instance, and stored beside the previous version's
    expect(await builds(first.url)).toEqual({ classifier: 2, confidence: 2 });
    const stored = (await storedModels(first.app)).filter((row) => row.indexVersion === changed);
    expect(stored.map((row) => row.kind)).toEqual(['classifier', 'confidence']);
    expect(new Set(stored.map((row) => row.builtBy)).size).toBe(1);
    // the calibration the second instance reports is the stored one, duration included, not one of its own
    expect(second.app.get(ConfidenceService).report).toEqual(first.app.get(ConfidenceService).report);
    expect(first.app.get(ConfidenceService).report).toMatchObject({ version: changed, calibrated: true });

    const onFirst = [];
    const onSecond = [];
    for (const question of QUESTIONS) {
      onFirst.push(await ask(first.url, question));
      onSecond.push(await ask(second.url, question));
    }
    expect(onSecond).toEqual(onFirst);
    // the comparison means something: the questions span confident answers and refusals, and the new entries answer
    const confidences = onFirst.map((reply) => reply.confidence);
    expect(Math.max(...confidences)).toBeGreaterThan(0.5);
    expect(Math.min(...confidences)).toBeLessThan(0.3);
    expect(onFirst.find((reply) => reply.question === 'Can you engrave my name on the bottle?')?.top).toMatch(/^faq-1[23]$/);
  });

  it('restarts with an unchanged index without training, calibrating or embedding anything', async () => {
    const before = await builds(first.url);
    const report = first.app.get(ConfidenceService).report;
    await second.app.close();
    model.requests.length = 0;
    second = await start();

    expect(await builds(first.url)).toEqual(before);
    expect(second.app.get(ConfidenceService).report).toEqual(report);
    // the connection probe is the only embedding request: no phrase was re-embedded, no calibration probe embedded
    const inputs = model.requests.filter((entry) => entry.path === '/v1/embeddings').flatMap((entry) => (entry.body as { input: string[] }).input);
    expect(inputs).toEqual(['kefu']);
    expect(await ask(second.url, 'how much is the shipping fee')).toEqual(await ask(first.url, 'how much is the shipping fee'));
  });
});
