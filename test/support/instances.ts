import { INestApplication } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { ADMIN, ALWAYS_OPEN, until } from './live-chat';
import { freePort } from './pglite-server';
import { testConfig, TempKnowledgeFolder } from './test-config';

export const SHARED_SECRET = 'shared-secret-for-every-instance';

/** A small folder (one FAQ file, always open) so that several instances start in seconds. */
export function smallKnowledgeFolder(): TempKnowledgeFolder {
  return new TempKnowledgeFolder({
    'kefu.yaml': ALWAYS_OPEN,
    'faq/returns.faq.yaml': [
      '- id: return-window',
      '  question: 收到货后多少天内可以退货？',
      '  similar: [退货期限是多久, How long do I have to return an item?]',
      '  answer: 自签收之日起 7 天内可申请无理由退货。',
      '- id: shipping-time',
      '  question: 下单后多久发货？',
      '  similar: [什么时候发货, When will my order ship?]',
      '  answer: 付款后 48 小时内发货。',
      '',
    ].join('\n'),
  });
}

/** One instance in this process on a shared database (DATABASE_URL), listening on a real port. */
export async function startInstance(env: Record<string, string>): Promise<{ app: INestApplication; url: string }> {
  const app = await createApp(testConfig({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: SHARED_SECRET, ...env }), { logger: process.env.KEFU_TEST_LOGS ? undefined : false });
  await app.listen(0, '127.0.0.1');
  await app.get(KnowledgeLifecycleService).whenReady();
  return { app, url: (await app.getUrl()).replace('[::1]', '127.0.0.1') };
}

/** One instance as its own process (`node src/main.ts`), so that it can be killed like a crashed server. */
export async function spawnInstance(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH, NODE_ENV: 'test', PORT: String(port), KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'error', JWT_SECRET: SHARED_SECRET, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  await until(
    () => fetch(`${url}/health/ready`).then((response) => response.status, () => 0),
    (status) => status === 200,
    180_000,
  );
  return { child, url };
}

export async function adminToken(app: INestApplication): Promise<string> {
  return (await request(app.getHttpServer()).post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
}

export async function createAgent(app: INestApplication, token: string, email: string, maxChats: number): Promise<{ id: string; email: string; password: string }> {
  const password = 'agent-password-1';
  const created = await request(app.getHttpServer()).post('/api/v1/agents').set('authorization', `Bearer ${token}`).send({ email, name: email.split('@')[0], password, maxChats }).expect(201);
  return { id: created.body.id ?? created.body.agent?.id, email, password };
}

export async function login(url: string, email: string, password: string): Promise<string> {
  return (await request(url).post('/api/v1/auth/login').send({ email, password }).expect(200)).body.token;
}

/** A conversation that asked for a person: `waiting` in the queue. */
export async function waitingConversation(url: string): Promise<string> {
  const created = (await request(url).post('/api/v1/conversations').send({}).expect(201)).body as { conversationId: string; token: string };
  await request(url).post(`/api/v1/conversations/${created.conversationId}/handoff`).set('authorization', `Bearer ${created.token}`).expect(200);
  return created.conversationId;
}
