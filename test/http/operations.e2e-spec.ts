import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { connect, emitAck, until, waitFor } from '../support/live-chat';
import { smallKnowledgeFolder, startInstance } from '../support/instances';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { TempKnowledgeFolder } from '../support/test-config';

/** What an operator's probes and scraper see: readiness that follows the database, and Prometheus metrics. */
describe('readiness and metrics', () => {
  let database: PgliteServer;
  let folder: TempKnowledgeFolder;
  let instance: { app: INestApplication; url: string };

  beforeAll(async () => {
    database = await startPgliteServer();
    folder = smallKnowledgeFolder();
    instance = await startInstance({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir });
  }, 300_000);

  afterAll(async () => {
    await instance?.app.close();
    await database?.stop();
    folder?.dispose();
  });

  const ready = () => request(instance.url).get('/health/ready');

  it('is not ready while the database is unreachable, and ready again by itself when it is back', async () => {
    expect((await ready()).status).toBe(200);
    await database.pause();
    const down = await until(ready, (response) => response.status !== 200, 30_000);
    expect(down.status).toBe(503);
    expect(down.body.error).toMatchObject({ code: 'NOT_READY', message: 'the database is unreachable' });
    expect((await request(instance.url).get('/health/live')).status).toBe(200);
    await database.resume();
    await until(ready, (response) => response.status === 200, 30_000);
  });

  it('exposes request, answer, escalation, queue, presence, index and model families at /metrics', async () => {
    const customer = connect(instance.url, '/customer');
    await waitFor(customer, 'session');
    await emitAck(customer, 'message', { clientMessageId: 'm-1', text: '退货期限是多久' });
    await emitAck(customer, 'handoff', {});
    customer.disconnect();
    await request(instance.url).post('/api/v1/ask').send({ question: '什么时候发货' }).expect(200);

    const response = await request(instance.url).get('/metrics').expect(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain/);
    const text = response.text;
    const sample = (pattern: RegExp) => Number(text.match(pattern)?.[1] ?? NaN);
    expect(sample(/^kefu_http_requests_total\{method="POST",route="\/api\/v1\/ask",status="200"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^kefu_http_request_duration_seconds_bucket\{le="[^"]+",method="POST",route="\/api\/v1\/ask"\} \d+/m);
    expect(sample(/^kefu_socket_events_total\{namespace="\/customer",event="message",outcome="ok"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^kefu_socket_event_duration_seconds_count\{namespace="\/customer",event="message"\} \d+/m);
    expect(sample(/^kefu_answers_total\{outcome="answer"\} (\d+)/m)).toBeGreaterThanOrEqual(2);
    expect(sample(/^kefu_escalations_total\{reason="human_requested"\} (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(sample(/^kefu_queue_length (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(sample(/^kefu_queue_oldest_wait_seconds ([\d.e-]+)/m)).toBeGreaterThan(0);
    expect(sample(/^kefu_agents_online (\d+)/m)).toBe(0);
    expect(sample(/^kefu_index_version (\d+)/m)).toBeGreaterThanOrEqual(1);
    expect(sample(/^kefu_index_age_seconds ([\d.e-]+)/m)).toBeGreaterThanOrEqual(0);
    expect(text).toMatch(/^# TYPE kefu_model_call_duration_seconds histogram/m);
    expect(text).toMatch(/^# TYPE kefu_model_call_failures_total counter/m);
  });
});
