import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { HybridSearchService } from '../../src/retrieval/hybrid-search.service';
import { SAMPLE_KNOWLEDGE, testConfig } from '../support/test-config';

/** POST /api/v1/ask over HTTP on the sample knowledge, embedded PostgreSQL, offline mode. */
describe('POST /api/v1/ask (offline)', () => {
  let app: INestApplication;
  const ask = (body: unknown) => request(app.getHttpServer()).post('/api/v1/ask').send(body as object);

  beforeAll(async () => {
    app = await createApp(testConfig({ KNOWLEDGE_DIR: SAMPLE_KNOWLEDGE }), { logger: false });
    await app.init();
    await app.get(KnowledgeLifecycleService).whenReady();
  });

  afterAll(() => app?.close());

  it('answers an FAQ question with the answer as written, in the customer’s language, citing the entry', async () => {
    const zh = await ask({ question: '收到货后多少天内可以退货？' }).expect(200);
    expect(zh.body).toMatchObject({ answered: true, escalate: null, suggestions: [] });
    expect(zh.body.answer).toMatch(/^自签收之日起 7 天内/);
    expect(zh.body.sources[0]).toMatchObject({ id: 'return-window', kind: 'faq', path: 'faq/returns-refunds.faq.yaml' });
    expect(zh.body.confidence).toBeGreaterThanOrEqual(0.5);
    expect(zh.body.sources[0].score).toBe(zh.body.confidence);

    const en = await ask({ question: 'How long do I have to return an item?' }).expect(200);
    expect(en.body.sources[0].id).toBe('return-window');
    expect(en.body.answer).toMatch(/within 7 days/i);

    const forced = await ask({ question: '收到货后多少天内可以退货？', lang: 'en' }).expect(200);
    expect(forced.body.answer).toMatch(/within 7 days/i);
  });

  it('says plainly when it does not know, and offers a person', async () => {
    const { body } = await ask({ question: '今天股市行情如何' }).expect(200);
    expect(body).toMatchObject({ answered: false, sources: [], escalate: { reason: 'low_confidence' } });
    expect(body.answer).toMatch(/转人工|人工/);
    expect(body.confidence).toBeLessThan(0.5);

    // the shipping policy names a warehouse in Shanghai and weather delays: at most a clarifying question, never an answer
    const weather = await ask({ question: '明天上海的天气怎么样？' }).expect(200);
    expect(weather.body).toMatchObject({ answered: false, sources: [] });
  });

  it('answers from a document passage, which the classifier has learnt along with the FAQ', async () => {
    const question = 'when do I need a new filter for the P2 purifier';
    const { body } = await ask({ question }).expect(200);
    expect(body).toMatchObject({ answered: true, escalate: null });
    expect(body.sources[0]).toMatchObject({ kind: 'document', path: 'docs/air-purifier-p2-guide.md' });
    expect(body.sources[0].title).toMatch(/When to replace it$/);
    expect(body.answer).toMatch(/filter life/);
    expect(body.answer).toMatch(/\(from "Lumo Air Purifier P2/);
    const [top] = await app.get(HybridSearchService).search(question, { limit: 1 });
    expect(top.entry.filePath).toBe('docs/air-purifier-p2-guide.md');
    expect(top.classifier).toBeGreaterThan(0.5);
  });

  it('asks back with suggestions when the question is vague', async () => {
    const { body } = await ask({ question: 'warranty?' }).expect(200);
    expect(body.answered).toBe(false);
    expect(body.suggestions.length).toBeGreaterThanOrEqual(1);
    expect(body.suggestions.length).toBeLessThanOrEqual(3);
    expect(body.answer.split('\n')[0]).toBe('Did you mean:');
    expect(body.suggestions.map((suggestion: { id: string }) => suggestion.id)).toContain('warranty-period');
  });

  it.each([
    ['full-width characters', 'ＨＯＷ ＬＯＮＧ ＩＳ ＴＨＥ ＷＡＲＲＡＮＴＹ？', 'warranty-period'],
    ['emoji', '收到货后多少天内可以退货😊😊', 'return-window'],
    ['traditional characters', '收到貨後多少天內可以退貨？', 'return-window'],
    ['a typo', 'how long is the waranty', 'warranty-period'],
  ])('copes with %s', async (_case, question, id) => {
    const { body } = await ask({ question }).expect(200);
    const ids = [...body.sources, ...body.suggestions].map((item: { id: string }) => item.id);
    expect(ids).toContain(id);
  });

  it('asks back on a one-word question with close rivals', async () => {
    const { body } = await ask({ question: '退货?' }).expect(200);
    expect(body.answered).toBe(false);
    expect(body.answer.startsWith('您是想问')).toBe(true);
    expect(body.suggestions.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps small talk short, without retrieval', async () => {
    const hello = await ask({ question: '你好' }).expect(200);
    expect(hello.body).toMatchObject({ answered: true, sources: [], suggestions: [], escalate: null, confidence: 1 });
    const thanks = await ask({ question: 'thanks!' }).expect(200);
    expect(thanks.body.answer).toMatch(/welcome/i);
  });

  it('puts an active announcement that matches first, led by its title and first sentence in the customer’s language', async () => {
    const { body } = await ask({ question: '最近快递会延迟吗' }).expect(200);
    expect(body.answer).toMatch(/^📢 2026 冬季至 2027 年上半年发货与配送安排\n受“双 12”大促、冬季天气和春节假期影响，以下时段的发货和配送可能延迟/);
    expect(body.sources[0]).toMatchObject({ kind: 'announcement', path: 'announcements/2026-winter-shipping-arrangements.md' });

    const en = await ask({ question: 'Is my delivery going to be delayed?' }).expect(200);
    expect(en.body.answer).toMatch(/^📢 Shipping arrangements, winter 2026 – spring 2027\nBecause of the Double-12 sale, winter weather and the Spring Festival holiday/);
  });

  it('reports the escalation decision for the message', async () => {
    expect((await ask({ question: '转人工' }).expect(200)).body.escalate).toEqual({ reason: 'human_requested' });
    expect((await ask({ question: '你们这什么垃圾服务，我要去12315投诉你们！！！' }).expect(200)).body.escalate).toEqual({ reason: 'complaint' });
  });

  it('answers an entry marked handoff and says so', async () => {
    const { body } = await ask({ question: '收到的包裹破损了怎么办？' }).expect(200);
    expect(body.sources[0].id).toBe('damaged-parcel');
    expect(body.escalate).toEqual({ reason: 'handoff_entry' });
    expect(body.answer).toMatch(/转人工/);
  });

  it.each([
    [{}, /question must be a string/],
    [{ question: '' }, /question must be longer than or equal to 1 characters/],
    [{ question: 'x'.repeat(2001) }, /question must be shorter than or equal to 2000 characters/],
    [{ question: 42 }, /question must be a string/],
    [{ question: 'hi', lang: 'fr' }, /lang must be one of the following values: zh, en/],
    [{ question: 'hi', extra: true }, /property extra should not exist/],
  ])('rejects %j with field errors', async (body, message) => {
    const response = await ask(body).expect(400);
    expect(response.body.error.code).toBe('VALIDATION_FAILED');
    expect(response.body.error.details.fields.join('\n')).toMatch(message);
  });

  it('rejects a body over the size limit and a body that is not JSON', async () => {
    await ask({ question: 'x'.repeat(70_000) }).expect(413);
    const broken = await request(app.getHttpServer()).post('/api/v1/ask').set('content-type', 'application/json').send('{"question": ').expect(400);
    expect(broken.body.error.code).toBe('VALIDATION_FAILED');
  });
});
