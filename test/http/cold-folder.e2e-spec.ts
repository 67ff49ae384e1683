import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { ConfidenceService } from '../../src/retrieval/confidence/confidence.service';
import { KnowledgeSnapshotService } from '../../src/retrieval/knowledge-snapshot.service';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

/** A shop's own FAQ as it often comes: one question per entry, no `similar` phrasings, near-duplicate questions. */
const QUESTIONS: Record<string, string> = {
  'return-online': 'How do I return an item I bought online?',
  'return-store': 'How do I return an item I bought in one of your stores?',
  'refund-card': 'When will my refund reach my credit card?',
  'refund-gift-card': 'When will my refund reach my gift card?',
  'shipping-cost': 'How much does shipping cost?',
  'change-address': 'Can I change the delivery address after ordering?',
  'cancel-order': 'How do I cancel an order?',
  'reset-password': 'I forgot my password, how do I reset it?',
  invoice: 'Where can I download an invoice?',
  warranty: 'How long is the warranty on electronics?',
  'store-hours': 'What are the opening hours of your stores?',
  'gift-wrap': 'Do you offer gift wrapping?',
};

describe('a folder without similar phrasings (calibrated by the shipped prior)', () => {
  let folder: TempKnowledgeFolder;
  let app: INestApplication;
  const ask = (question: string) => request(app.getHttpServer()).post('/api/v1/ask').send({ question }).expect(200);

  beforeAll(async () => {
    const yaml = Object.entries(QUESTIONS).map(([id, question]) => `- id: ${id}\n  question: "${question}"\n  answer: "The answer about ${id.replace(/-/g, ' ')}."\n`);
    folder = new TempKnowledgeFolder({ 'faq/shop.faq.yaml': yaml.join('') });
    app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir }), { logger: false });
    await app.init();
    // readiness is the signal a load balancer waits for: it must come after calibration
    while ((await request(app.getHttpServer()).get('/health/ready')).status !== 200) await new Promise((resolve) => setTimeout(resolve, 20));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
    folder?.dispose();
  });

  it('is ready only once the folder is calibrated, here by the prior alone', async () => {
    const snapshot = await app.get(KnowledgeSnapshotService).get();
    expect(app.get(ConfidenceService).report).toMatchObject({ version: snapshot.version, calibrated: false, ownWeight: 0 });
  });

  it('asks back with both near-duplicate entries instead of guessing between them', async () => {
    const { body } = await ask('how can I return something I bought');
    expect(body.answered).toBe(false);
    expect(body.confidence).toBeLessThan(0.5);
    expect(body.suggestions.map((suggestion: { id: string }) => suggestion.id)).toEqual(expect.arrayContaining(['return-online', 'return-store']));

    const refund = await ask('when do I get my refund back');
    expect(refund.body.answered).toBe(false);
    expect(refund.body.suggestions.map((suggestion: { id: string }) => suggestion.id)).toEqual(expect.arrayContaining(['refund-card', 'refund-gift-card']));
  });

  it('still answers a question that names one entry only', async () => {
    const { body } = await ask('Do you offer gift wrapping?');
    expect(body.sources[0]?.id ?? body.suggestions[0]?.id).toBe('gift-wrap');
  });
});
