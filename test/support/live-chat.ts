import { INestApplication } from '@nestjs/common';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { SAMPLE_KNOWLEDGE, testConfig, TempKnowledgeFolder } from './test-config';

export const ADMIN = { email: 'admin@kefu.test', password: 'admin-password-1' };

/** kefu.yaml business hours that are always open, or never. */
export const ALWAYS_OPEN = 'business_hours:\n  timezone: UTC\n  weekly:\n' + ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => `    ${day}: ["00:00-24:00"]`).join('\n') + '\n';
export const NEVER_OPEN = 'business_hours:\n  timezone: UTC\n  weekly:\n    mon: ["00:00-00:01"]\n  holidays: []\n';

export interface LiveChat {
  app: INestApplication;
  url: string;
  folder: TempKnowledgeFolder;
  http: () => ReturnType<typeof request>;
  /** an agent account (created by the seeded admin) and its token */
  createAgent(name: string, options?: { skills?: string[]; maxChats?: number }): Promise<{ id: string; token: string; email: string }>;
  close(): Promise<void>;
}

/**
 * The whole service listening on a real port, on a copy of the sample knowledge whose kefu.yaml business hours are
 * replaced (`hours`), with a 1 s grace period for agents who drop off.
 */
export async function startLiveChat(hours = ALWAYS_OPEN, overrides: Record<string, string> = {}): Promise<LiveChat> {
  const folder = TempKnowledgeFolder.copyOf(SAMPLE_KNOWLEDGE);
  const { readFileSync } = await import('node:fs');
  const settings = readFileSync(`${folder.dir}/kefu.yaml`, 'utf8').replace(/^business_hours:\n(?:[ #].*\n|\n)*/m, '');
  folder.write('kefu.yaml', `${settings}\n${hours}`);
  const app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, AGENT_GRACE_SECONDS: '1', ...overrides }), { logger: false });
  await app.listen(0, '127.0.0.1');
  await app.get(KnowledgeLifecycleService).whenReady();
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const http = () => request(app.getHttpServer());
  const login = async (email: string, password: string) => (await http().post('/api/v1/auth/login').send({ email, password }).expect(200)).body.token as string;
  const adminToken = await login(ADMIN.email, ADMIN.password);
  let counter = 0;
  return {
    app,
    url,
    folder,
    http,
    async createAgent(name, options = {}) {
      const email = `agent${++counter}-${Date.now()}@kefu.test`;
      const created = await http().post('/api/v1/agents').set('authorization', `Bearer ${adminToken}`).send({ email, name, password: 'agent-password-1', ...options });
      if (created.status >= 300) throw new Error(`creating agent failed: ${created.status} ${JSON.stringify(created.body)}`);
      return { id: created.body.id ?? created.body.agent?.id, token: await login(email, 'agent-password-1'), email };
    },
    async close() {
      await app.close();
      folder.dispose();
    },
  };
}

export function connect(url: string, namespace: '/customer' | '/agent', auth: Record<string, unknown> = {}): Socket {
  return io(`${url}${namespace}`, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
}

/** Resolves with the first `event` whose payload passes `accept`, or fails after `timeoutMs`. */
export function waitFor<T = any>(socket: Socket, event: string, accept: (payload: T) => boolean = () => true, timeoutMs = 8000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no "${event}" event within ${timeoutMs} ms`));
    }, timeoutMs);
    const listener = (payload: T) => {
      if (!accept(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    };
    socket.on(event, listener);
  });
}

/** Everything a socket receives for `event`, from now on. */
export function collect<T = any>(socket: Socket, event: string): T[] {
  const items: T[] = [];
  socket.on(event, (payload: T) => items.push(payload));
  return items;
}

export function emitAck<T = any>(socket: Socket, event: string, payload: unknown, timeoutMs = 8000): Promise<T> {
  return socket.timeout(timeoutMs).emitWithAck(event, payload) as Promise<T>;
}

export async function until<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 8000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
