import { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { StructuredLogger } from '../../src/logging/structured-logger';
import { connect, emitAck, until, waitFor } from '../support/live-chat';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const PHONE = '13812345678';
const EMAIL = 'li.lei@example.com';
const CARD = '6222021234567894';
const CUSTOMER_TEXT = `我要转人工，电话${PHONE}，邮箱${EMAIL}，卡号${CARD}`;

interface LogLine {
  level: string;
  time: string;
  requestId?: string;
  conversationId?: string;
  event?: string;
  outcome?: string;
  durationMs?: number;
  body?: string;
  [field: string]: unknown;
}

/** Runs the whole service with its JSON logger writing into memory, so the test reads exactly what would be shipped. */
async function startLogged(env: Record<string, string>): Promise<{ app: INestApplication; url: string; lines: string[]; close(): Promise<void> }> {
  const folder = new TempKnowledgeFolder({ 'faq/returns.faq.yaml': '- id: return-window\n  question: 收到货后几天内可以退货？\n  answer: 签收后 7 天内可以无理由退货。\n' });
  const lines: string[] = [];
  const config = testConfig({ KNOWLEDGE_DIR: folder.dir, LOG_LEVEL: 'log', ...env });
  const app = await createApp(config, { logger: new StructuredLogger(config.logLevel, { write: (line: string) => void lines.push(line) }) });
  await app.listen(0, '127.0.0.1');
  await app.get(KnowledgeLifecycleService).whenReady();
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    app,
    url,
    lines,
    async close() {
      await app.close();
      folder.dispose();
    },
  };
}

async function customerEscalates(url: string): Promise<{ socket: Socket; conversationId: string }> {
  const socket = connect(url, '/customer');
  const session = await waitFor<{ conversationId: string }>(socket, 'session');
  const ack = await emitAck(socket, 'message', { clientMessageId: 'log-1', text: CUSTOMER_TEXT });
  expect(ack).toMatchObject({ seq: expect.any(Number) });
  return { socket, conversationId: session.conversationId };
}

describe('structured logs without personal data (issue 14, item 5)', () => {
  describe('by default', () => {
    let service: Awaited<ReturnType<typeof startLogged>>;
    let socket: Socket | undefined;
    const parsed = () => service.lines.map((line) => JSON.parse(line) as LogLine);

    beforeAll(async () => {
      service = await startLogged({});
    }, 120_000);

    afterAll(async () => {
      socket?.disconnect();
      await service?.close();
    });

    it('writes one JSON object per line, each socket event and API request with ids, outcome and duration', async () => {
      const customer = await customerEscalates(service.url);
      socket = customer.socket;
      const asked = await request(service.app.getHttpServer()).post('/api/v1/ask').set('x-request-id', 'trace-abc-123').send({ question: `退货要几天？我的电话 ${PHONE}` }).expect(200);
      expect(asked.headers['x-request-id']).toBe('trace-abc-123');

      const lines = await until(async () => parsed(), (all) => all.some((line) => line.event === 'escalation') && all.some((line) => line.name === 'message'));
      for (const line of lines) expect(line).toMatchObject({ level: expect.any(String), time: expect.any(String) });

      const message = lines.find((line) => line.event === 'socket_event' && line.name === 'message');
      expect(message).toMatchObject({ namespace: '/customer', outcome: 'ok', conversationId: customer.conversationId, requestId: expect.any(String), durationMs: expect.any(Number) });
      expect(message).not.toHaveProperty('body');

      const ask = lines.find((line) => line.event === 'http_request' && line.route === '/api/v1/ask');
      expect(ask).toMatchObject({ method: 'POST', status: 200, outcome: 'ok', requestId: 'trace-abc-123', durationMs: expect.any(Number) });

      const escalation = lines.find((line) => line.event === 'escalation');
      expect(escalation).toMatchObject({ conversationId: customer.conversationId, reason: 'human_requested', requestId: message!.requestId });
    });

    it('keeps typing indicators out of the info log', async () => {
      expect(await emitAck(socket!, 'typing', {})).toMatchObject({ ok: true });
      expect(await emitAck(socket!, 'history', {})).toHaveProperty('conversations');
      const lines = await until(async () => parsed(), (all) => all.some((line) => line.name === 'history'));
      expect(lines.filter((line) => line.name === 'typing')).toEqual([]);
    });

    it('never carries what the customer wrote, nor their phone, email or card number', () => {
      const everything = service.lines.join('\n');
      expect(everything).not.toContain(PHONE);
      expect(everything).not.toContain(EMAIL);
      expect(everything).not.toContain(CARD);
      expect(everything).not.toContain('我要转人工');
    });

    it('names a refused request as refused, with its status', async () => {
      await request(service.app.getHttpServer()).post('/api/v1/ask').send({ question: '' }).expect(400);
      const refused = parsed().filter((line) => line.event === 'http_request' && line.status === 400);
      expect(refused).toEqual([expect.objectContaining({ route: '/api/v1/ask', outcome: 'refused' })]);
    });
  });

  describe('with LOG_BODIES=true', () => {
    let service: Awaited<ReturnType<typeof startLogged>>;
    let socket: Socket | undefined;

    beforeAll(async () => {
      service = await startLogged({ LOG_BODIES: 'true' });
    }, 120_000);

    afterAll(async () => {
      socket?.disconnect();
      await service?.close();
    });

    it('logs the bodies for debugging, still masked', async () => {
      socket = (await customerEscalates(service.url)).socket;
      const lines = await until(async () => service.lines.map((line) => JSON.parse(line) as LogLine), (all) => all.some((line) => line.event === 'socket_event' && line.name === 'message'));
      const message = lines.find((line) => line.event === 'socket_event' && line.name === 'message');
      expect(message?.body).toContain('我要转人工');
      expect(message?.body).toContain('138****5678');
      const everything = service.lines.join('\n');
      expect(everything).not.toContain(PHONE);
      expect(everything).not.toContain(EMAIL);
      expect(everything).not.toContain(CARD);
    });
  });
});
