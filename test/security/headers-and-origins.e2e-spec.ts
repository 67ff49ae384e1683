import { INestApplication } from '@nestjs/common';
import { io, Socket } from 'socket.io-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const SHOP = 'https://shop.example.com';
const EVIL = 'https://evil.example.net';

/** Resolves with `session`/`queue`, or the connect_error message. */
function handshake(url: string, namespace: '/customer' | '/agent', headers: Record<string, string>, auth: Record<string, unknown> = {}): Promise<string> {
  const socket: Socket = io(`${url}${namespace}`, { auth, transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: headers });
  return new Promise<string>((resolve) => {
    socket.on('session', () => resolve('session'));
    socket.on('error', (error: { code: string }) => resolve(`error ${error.code}`));
    socket.on('connect_error', (error) => resolve(`refused ${error.message}`));
  }).finally(() => socket.disconnect());
}

describe('security headers and the origin allow-list (issue 14, item 8)', () => {
  const folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': '- id: a\n  question: q\n  answer: a\n' });
  let app: INestApplication;
  let url: string;
  let own: string;
  const http = () => request(app.getHttpServer());

  beforeAll(async () => {
    app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, WIDGET_ORIGINS: `${SHOP}, https://m.shop.example.com` }), { logger: false });
    await app.listen(0, '127.0.0.1');
    await app.get(KnowledgeLifecycleService).whenReady();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    own = url;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    folder.dispose();
  });

  it('sends helmet’s headers and a CSP for kefu’s pages, without X-Powered-By', async () => {
    const response = await http().get('/health/live').expect(200);
    expect(response.headers['x-powered-by']).toBeUndefined();
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    const csp = response.headers['content-security-policy'];
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).not.toContain(SHOP);
    // only the widget's frame may sit in the shops' pages
    const widget = await http().get('/widget');
    expect(widget.headers['content-security-policy']).toContain(`frame-ancestors 'self' ${SHOP} https://m.shop.example.com http://localhost:*`);
    expect(widget.headers['x-powered-by']).toBeUndefined();
  });

  it('answers CORS for the customer routes to allowed origins only; agent and admin routes to kefu’s own origin only', async () => {
    const preflight = (path: string, origin: string) => http().options(path).set('origin', origin).set('access-control-request-method', 'POST').set('access-control-request-headers', 'content-type');
    for (const origin of [SHOP, 'http://localhost:5173', own]) {
      const allowed = await preflight('/api/v1/ask', origin);
      expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    }
    expect((await preflight('/api/v1/ask', EVIL)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('/api/v1/conversations', EVIL)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('/api/v1/conversations', SHOP)).headers['access-control-allow-origin']).toBe(SHOP);
    expect((await preflight('/api/v1/auth/login', SHOP)).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('/api/v1/agents', 'http://localhost:5173')).headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight('/api/v1/auth/login', own)).headers['access-control-allow-origin']).toBe(own);
    // requests without an Origin (servers, curl, apps) are served as before
    await http().post('/api/v1/ask').send({ question: 'q' }).expect(200);
  });

  it('applies the same list to the /customer handshake, and kefu’s own origin to /agent', async () => {
    expect(await handshake(url, '/customer', { origin: SHOP })).toBe('session');
    expect(await handshake(url, '/customer', { origin: 'http://localhost:3000' })).toBe('session');
    expect(await handshake(url, '/customer', {})).toBe('session');
    expect(await handshake(url, '/customer', { origin: EVIL })).toBe('refused ORIGIN_NOT_ALLOWED');
    expect(await handshake(url, '/agent', { origin: SHOP }, { token: 'x' })).toBe('refused ORIGIN_NOT_ALLOWED');
    expect(await handshake(url, '/agent', { origin: own }, { token: 'x' })).toBe('error UNAUTHORIZED');
  });
});
