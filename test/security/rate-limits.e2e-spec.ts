import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { emitAck, waitFor } from '../support/live-chat';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const FAQ = '- id: hours\n  question: 你们几点上班？\n  answer: 每天 9:00-21:00。\n- id: returns\n  question: How do I return an item?\n  answer: Within 7 days of delivery.\n';

async function start(folder: TempKnowledgeFolder, settings: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, TRUST_PROXY: 'true', JWT_SECRET: 'rate-limit-test-secret-123', ...settings }), { logger: false });
  await app.listen(0, '127.0.0.1');
  await app.get(KnowledgeLifecycleService).whenReady();
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** A customer socket whose address (through the trusted proxy) is `address`. */
function customer(url: string, address: string, auth: Record<string, unknown> = {}): Socket {
  return io(`${url}/customer`, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': address } });
}

describe('rate limits (issue 14, item 2)', () => {
  const folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': FAQ });
  const sockets: Socket[] = [];
  afterAll(() => {
    for (const socket of sockets) socket.disconnect();
    folder.dispose();
  });

  describe('one instance (memory store)', () => {
    let app: INestApplication;
    let url: string;
    const http = () => request(app.getHttpServer());

    beforeAll(async () => ({ app, url } = await start(folder, { RATE_LIMIT_PER_IP: '12', RATE_LIMIT_PER_CONVERSATION: '4' })), 120_000);
    afterAll(async () => app?.close());

    it('answers 429 with Retry-After past RATE_LIMIT_PER_IP on /ask and on creating conversations, per address', async () => {
      for (let i = 0; i < 12; i++) await http().post('/api/v1/ask').set('x-forwarded-for', '10.9.0.1').send({ question: '几点上班' }).expect(200);
      const limited = await http().post('/api/v1/ask').set('x-forwarded-for', '10.9.0.1').send({ question: '几点上班' }).expect(429);
      expect(limited.body.error.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      // the same budget covers creating conversations; another address has its own
      const create = await http().post('/api/v1/conversations').set('x-forwarded-for', '10.9.0.1').send({}).expect(429);
      expect(Number(create.headers['retry-after'])).toBeGreaterThan(0);
      await http().post('/api/v1/conversations').set('x-forwarded-for', '10.9.0.2').send({}).expect(201);
      // agent routes are not anonymous and not counted
      await http().post('/api/v1/auth/login').set('x-forwarded-for', '10.9.0.1').send({ email: 'nobody@example.com', password: 'wrong-password' }).expect(401);
    });

    it('stores a conversation with its first message, not on connect; the reserved token resumes it on any socket', async () => {
      const repository = app.get(ConversationsRepository);
      const first = customer(url, '10.9.1.1');
      sockets.push(first);
      const session = await waitFor(first, 'session');
      expect(session).toEqual({ conversationId: expect.stringMatching(/^[0-9a-f-]{36}$/), token: expect.any(String), state: 'bot' });
      expect(await repository.find(session.conversationId)).toBeUndefined();

      const second = customer(url, '10.9.1.1', { conversationId: session.conversationId, token: session.token });
      sockets.push(second);
      expect(await waitFor(second, 'session')).toEqual(session);
      const forged = customer(url, '10.9.1.1', { conversationId: session.conversationId, token: `${session.token.slice(0, -2)}xx` });
      sockets.push(forged);
      expect(await waitFor(forged, 'error')).toMatchObject({ code: 'UNAUTHORIZED' });

      expect(await emitAck(second, 'message', { clientMessageId: 'first', text: '你们几点上班？' })).toEqual({ id: expect.any(String), seq: 1 });
      expect(await repository.find(session.conversationId)).toMatchObject({ id: session.conversationId, state: 'bot' });
      // the token goes on working once the row exists, over REST too
      const listed = await request(app.getHttpServer()).get(`/api/v1/conversations/${session.conversationId}/messages`).set('authorization', `Bearer ${session.token}`).expect(200);
      expect(listed.body.messages[0]).toMatchObject({ seq: 1, role: 'customer', text: '你们几点上班？' });
    });

    it('limits messages per conversation on sockets and REST together; a limited socket gets RATE_LIMITED and stays connected; typing is not counted', async () => {
      const socket = customer(url, '10.9.2.1');
      sockets.push(socket);
      const session = await waitFor(socket, 'session');
      for (let i = 0; i < 20; i++) expect(await emitAck(socket, 'typing', {})).toEqual({ ok: true });
      for (let i = 1; i <= 3; i++) expect(await emitAck(socket, 'message', { clientMessageId: `m${i}`, text: `question ${i}` })).toMatchObject({ seq: expect.any(Number) });
      await http().post(`/api/v1/conversations/${session.conversationId}/messages`).set('authorization', `Bearer ${session.token}`).set('x-forwarded-for', '10.9.2.2').send({ clientMessageId: 'rest-1', text: 'question 4' }).expect(200);

      const limited = await emitAck(socket, 'message', { clientMessageId: 'm5', text: 'question 5' });
      expect(limited).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many requests in this conversation; try again in \d+ seconds$/), details: { retryAfterSeconds: expect.any(Number) } } });
      const rest = await http().post(`/api/v1/conversations/${session.conversationId}/messages`).set('authorization', `Bearer ${session.token}`).set('x-forwarded-for', '10.9.2.3').send({ clientMessageId: 'rest-2', text: 'question 6' }).expect(429);
      expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
      // without an ack the answer is an `error` event
      const errorEvent = waitFor(socket, 'error');
      socket.emit('message', { clientMessageId: 'm7', text: 'question 7' });
      expect(await errorEvent).toMatchObject({ code: 'RATE_LIMITED' });
      expect(socket.connected).toBe(true);
      expect(await emitAck(socket, 'resume', { lastSeq: 0 })).toMatchObject({ ok: true });
    });

    it('counts socket events in the address’s budget with its REST requests', async () => {
      const socket = customer(url, '10.9.3.1');
      sockets.push(socket);
      await waitFor(socket, 'session');
      for (let i = 0; i < 6; i++) await http().post('/api/v1/ask').set('x-forwarded-for', '10.9.3.1').send({ question: 'hours' }).expect(200);
      for (let i = 0; i < 6; i++) expect(await emitAck(socket, 'resume', { lastSeq: 0 })).toMatchObject({ ok: true });
      expect(await emitAck(socket, 'resume', { lastSeq: 0 })).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      await http().post('/api/v1/ask').set('x-forwarded-for', '10.9.3.1').send({ question: 'hours' }).expect(429);
      expect(await emitAck(socket, 'typing', {})).toEqual({ ok: true });
      expect(socket.connected).toBe(true);
    });
  });

  it('switches both limits off with 0', async () => {
    const { app } = await start(folder, { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
    try {
      const http = () => request(app.getHttpServer());
      const { conversationId, token } = (await http().post('/api/v1/conversations').send({}).expect(201)).body;
      for (let i = 0; i < 40; i++) await http().post('/api/v1/conversations').send({}).expect(201);
      for (let i = 0; i < 35; i++) await http().post(`/api/v1/conversations/${conversationId}/messages`).set('authorization', `Bearer ${token}`).send({ clientMessageId: `n${i}`, text: 'hours?' }).expect(200);
    } finally {
      await app.close();
    }
  }, 180_000);

  describe('two instances sharing the machine’s Redis', () => {
    const redisUrl = process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `kefu-test-limits-${process.pid}-${Date.now()}:`;
    let database: PgliteServer;
    const instances: Array<{ app: INestApplication; url: string }> = [];

    beforeAll(async () => {
      database = await startPgliteServer();
      for (let i = 0; i < 2; i++) instances.push(await start(folder, { DATABASE_URL: database.url, REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix, RATE_LIMIT_PER_IP: '10', RATE_LIMIT_PER_CONVERSATION: '3' }));
    }, 180_000);

    afterAll(async () => {
      for (const { app } of instances) await app.close();
      await database?.stop();
      const redis = new Redis(redisUrl);
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    });

    it('counts an address over both instances, in Redis under REDIS_KEY_PREFIX', async () => {
      for (let i = 0; i < 10; i++) await request(instances[i % 2].app.getHttpServer()).post('/api/v1/conversations').set('x-forwarded-for', '10.8.0.1').send({}).expect(201);
      for (const { app } of instances) {
        const limited = await request(app.getHttpServer()).post('/api/v1/conversations').set('x-forwarded-for', '10.8.0.1').send({}).expect(429);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      }
      const redis = new Redis(redisUrl);
      try {
        expect(await redis.get(`${prefix}limit:rate:address:10.8.0.1`)).toBe('12');
      } finally {
        await redis.quit();
      }
    });

    it('counts a conversation’s messages over both instances, socket on one and REST on the other', async () => {
      const socket = customer(instances[0].url, '10.8.1.1');
      sockets.push(socket);
      const session = await waitFor(socket, 'session');
      expect(await emitAck(socket, 'message', { clientMessageId: 'a1', text: 'hours?' })).toMatchObject({ seq: 1 });
      expect(await emitAck(socket, 'message', { clientMessageId: 'a2', text: 'returns?' })).toMatchObject({ seq: expect.any(Number) });
      await request(instances[1].app.getHttpServer()).post(`/api/v1/conversations/${session.conversationId}/messages`).set('authorization', `Bearer ${session.token}`).set('x-forwarded-for', '10.8.1.2').send({ clientMessageId: 'b1', text: 'ok' }).expect(200);
      expect(await emitAck(socket, 'message', { clientMessageId: 'a3', text: 'again' })).toMatchObject({ error: { code: 'RATE_LIMITED' } });
      expect(socket.connected).toBe(true);
    });
  });
});
