import { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { ADMIN, ALWAYS_OPEN, collect, connect, emitAck, until, waitFor } from '../support/live-chat';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { SAMPLE_KNOWLEDGE, testConfig, TempKnowledgeFolder } from '../support/test-config';

/**
 * Two instances sharing one PostgreSQL (over the wire) and one Redis (the machine's, REDIS_URL): a customer on one and
 * an agent on the other talk to each other — nothing that matters lives in one process's memory.
 */
describe('two instances behind one database and Redis', () => {
  const redisUrl = process.env.KEFU_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  let database: PgliteServer;
  let folder: TempKnowledgeFolder;
  const apps: INestApplication[] = [];
  const urls: string[] = [];
  const sockets: Socket[] = [];

  beforeAll(async () => {
    database = await startPgliteServer();
    folder = TempKnowledgeFolder.copyOf(SAMPLE_KNOWLEDGE);
    const { readFileSync } = await import('node:fs');
    folder.write('kefu.yaml', `${readFileSync(`${folder.dir}/kefu.yaml`, 'utf8').replace(/^business_hours:\n(?:[ #].*\n|\n)*/m, '')}\n${ALWAYS_OPEN}`);
    for (let i = 0; i < 2; i++) {
      const app = await createApp(
        testConfig({ DATABASE_URL: database.url, REDIS_URL: redisUrl, KNOWLEDGE_DIR: folder.dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: 'shared-secret-for-both-instances' }),
        { logger: false },
      );
      await app.listen(0, '127.0.0.1');
      await app.get(KnowledgeLifecycleService).whenReady();
      apps.push(app);
      urls.push((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    }
  }, 300_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const app of apps) await app.close();
    await database?.stop();
    folder?.dispose();
  });

  it('routes a customer on instance A to an agent on instance B, and their messages cross over', async () => {
    const adminToken = (await request(apps[0].getHttpServer()).post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
    await request(apps[0].getHttpServer()).post('/api/v1/agents').set('authorization', `Bearer ${adminToken}`).send({ email: 'b@kefu.test', name: 'Agent B', password: 'agent-password-1' }).expect(201);
    const agentToken = (await request(apps[1].getHttpServer()).post('/api/v1/auth/login').send({ email: 'b@kefu.test', password: 'agent-password-1' }).expect(200)).body.token;

    const agent = connect(urls[1], '/agent', { token: agentToken });
    sockets.push(agent);
    await waitFor(agent, 'queue');
    const assigned = waitFor(agent, 'conversation:assigned');

    const customer = connect(urls[0], '/customer');
    sockets.push(customer);
    const session = await waitFor(customer, 'session');
    const received = collect<{ role: string; text: string }>(customer, 'message');
    await emitAck(customer, 'message', { clientMessageId: 'x-1', text: '我要转人工' });
    expect((await assigned).conversationId).toBe(session.conversationId);

    await emitAck(agent, 'reply', { conversationId: session.conversationId, clientMessageId: 'b-1', text: 'Hello from instance B' });
    await until(async () => received.find((message) => message.role === 'agent'), Boolean);

    // a second device of the same customer, on the other instance, resumes the same conversation
    const otherDevice = connect(urls[1], '/customer', { conversationId: session.conversationId, token: session.token });
    sockets.push(otherDevice);
    await waitFor(otherDevice, 'session');
    const echoed = waitFor(otherDevice, 'message', (message: { text: string }) => message.text === 'sent from device one');
    const forwarded = waitFor(agent, 'message', (message: { text: string }) => message.text === 'sent from device one');
    await emitAck(customer, 'message', { clientMessageId: 'x-2', text: 'sent from device one' });
    await Promise.all([echoed, forwarded]);
  });
});
