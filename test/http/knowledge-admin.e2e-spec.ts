import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { fixtureFolder } from '../knowledge/fixture-folder';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

describe('health and knowledge admin over HTTP', () => {
  let folder: TempKnowledgeFolder;
  let app: INestApplication;
  let adminToken: string;
  const admin = () => ({ Authorization: `Bearer ${adminToken}` });

  beforeAll(async () => {
    folder = fixtureFolder();
    app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, ADMIN_EMAIL: 'admin@example.com', ADMIN_PASSWORD: 'admin-password' }), { logger: false });
    await app.init();
    const login = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: 'admin@example.com', password: 'admin-password' }).expect(200);
    adminToken = login.body.token;
  });

  afterAll(async () => {
    await app?.close();
    folder?.dispose();
  });

  it('is live at once and ready after the first index pass', async () => {
    await request(app.getHttpServer()).get('/health/live').expect(200, { status: 'ok' });
    await app.get(KnowledgeLifecycleService).whenReady();
    const ready = await request(app.getHttpServer()).get('/health/ready').expect(200);
    expect(ready.body).toMatchObject({ status: 'ok', checks: { database: true, migrations: true, index: true, models: { embedding: { status: 'off' }, chat: { status: 'off' } } } });
  });

  it('refuses the admin routes without a token', async () => {
    const { body } = await request(app.getHttpServer()).get('/api/v1/knowledge/status').expect(401);
    expect(body.error.code).toBe('UNAUTHORIZED');
  });

  it('shows index status with every file and problem', async () => {
    folder.write('faq/broken.faq.yaml', '- id: x\n  answer: no question\n');
    await request(app.getHttpServer()).post('/api/v1/knowledge/reindex').set(admin()).expect(200);
    const { body } = await request(app.getHttpServer()).get('/api/v1/knowledge/status').set(admin()).expect(200);
    expect(body.counts).toMatchObject({ faq: 4, announcement: 1 });
    expect(body.files).toContainEqual(expect.objectContaining({ path: 'faq/broken.faq.yaml', status: 'failed', entries: 0 }));
    expect(body.problems).toContainEqual({ path: 'faq/broken.faq.yaml', line: 1, severity: 'error', message: 'entry 1 (x): "question" is missing or empty' });
  });

  it('re-indexes on request and returns the summary', async () => {
    folder.remove('faq/broken.faq.yaml');
    const { body } = await request(app.getHttpServer()).post('/api/v1/knowledge/reindex').set(admin()).expect(200);
    expect(body).toMatchObject({ added: 0, removed: 1, failed: 0 });
  });

  it('searches with scores and sources, and validates the query', async () => {
    const { body } = await request(app.getHttpServer()).get('/api/v1/knowledge/search').set(admin()).query({ q: 'how long to return', limit: 2 }).expect(200);
    expect(body.hits).toHaveLength(2);
    expect(body.hits[0]).toMatchObject({ id: 'return-window', kind: 'faq', path: 'faq/returns.faq.yaml', scores: { fused: expect.any(Number) } });

    const bad = await request(app.getHttpServer()).get('/api/v1/knowledge/search').set(admin()).query({ q: '', limit: 500 }).expect(400);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.details.fields).toEqual(expect.arrayContaining([expect.stringMatching(/^q must be longer/), expect.stringMatching(/^limit must not be greater than 50/)]));
  });

  it('serves the OpenAPI document', async () => {
    const { body } = await request(app.getHttpServer()).get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/knowledge/status', '/health/ready']));
  });
});
