import { ConsoleLogger, INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { connect, waitFor } from '../support/live-chat';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const JWT_SECRET = 'sign-in-test-secret-0123456789';
const ADMIN = { email: 'boss@example.com', password: 'admin-password-1' };

/** Keeps the warnings the app logs, to read the lockout lines. */
class CollectingLogger extends ConsoleLogger {
  readonly warnings: string[] = [];
  override warn(message: unknown): void {
    this.warnings.push(typeof message === 'string' ? message : JSON.stringify(message));
  }
  override log(): void {}
}

describe('sign-in throttling, token revocation and password rules (issue 14, items 1, 6, 7)', () => {
  let folder: TempKnowledgeFolder;
  let app: INestApplication;
  let url: string;
  let adminToken: string;
  const logger = new CollectingLogger();
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  /** TRUST_PROXY is on, so X-Forwarded-For names the client's address */
  const login = (email: string, password: string, address: string) => http().post('/api/v1/auth/login').set('x-forwarded-for', address).send({ email, password });
  const createAgent = (email: string, password = 'agent-password-1') => http().post('/api/v1/agents').set(bearer(adminToken)).send({ email, name: email.split('@')[0], password });

  beforeAll(async () => {
    folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': '- id: a\n  question: q\n  answer: a\n' });
    app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, TRUST_PROXY: 'true' }), { logger: false });
    app.useLogger(logger);
    await app.listen(0, '127.0.0.1');
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    adminToken = (await login(ADMIN.email, ADMIN.password, '10.0.0.1').expect(200)).body.token;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    folder?.dispose();
  });

  it('locks an account after 10 failures with 429 + Retry-After, logs one line, and keeps the agent’s own address working', async () => {
    await createAgent('target@example.com').expect(201);
    // the agent has signed in from the office before
    await login('target@example.com', 'agent-password-1', '10.1.1.1').expect(200);

    for (let attempt = 1; attempt <= 10; attempt++) await login('target@example.com', `guess-${attempt}-password`, `10.2.0.${attempt}`).expect(401);
    const locked = await login('target@example.com', 'agent-password-1', '10.2.0.99').expect(429);
    expect(locked.body.error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringMatching(/^Too many failed sign-ins; try again in \d+ seconds$/) });
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);

    const lockouts = logger.warnings.filter((line) => line.includes('"event":"login_lockout"'));
    expect(lockouts).toHaveLength(1);
    expect(JSON.parse(lockouts[0])).toMatchObject({ event: 'login_lockout', scope: 'account', failures: 10 });
    expect(lockouts[0]).not.toContain('target@example.com');

    // from the address the agent signed in from, the account still opens
    await login('target@example.com', 'agent-password-1', '10.1.1.1').expect(200);
    expect(logger.warnings.filter((line) => line.includes('"event":"login_lockout"'))).toHaveLength(1);
  });

  it('locks an address after 50 failures over any accounts, whatever account it tries next', async () => {
    await createAgent('bystander@example.com').expect(201);
    for (let attempt = 1; attempt <= 50; attempt++) await login(`nobody-${attempt % 5}@example.com`, 'wrong-password', '10.3.0.1').expect(401);
    const locked = await login('bystander@example.com', 'agent-password-1', '10.3.0.1').expect(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    await login('bystander@example.com', 'agent-password-1', '10.3.0.2').expect(200);
    expect(logger.warnings.some((line) => line.includes('"scope":"address"') && line.includes('10.3.0.1'))).toBe(true);
  });

  it('refuses a token without exp, or without the token version, even when signed with the right secret', async () => {
    const me = (await http().get('/api/v1/auth/me').set(bearer(adminToken)).expect(200)).body;
    const jwt = new JwtService();
    const noExp = jwt.sign({ sub: me.id, role: 'admin', name: 'Admin', ver: 0 }, { secret: JWT_SECRET, algorithm: 'HS256' });
    const noVersion = jwt.sign({ sub: me.id, role: 'admin', name: 'Admin' }, { secret: JWT_SECRET, algorithm: 'HS256', expiresIn: '1h' });
    const fine = jwt.sign({ sub: me.id, role: 'admin', name: 'Admin', ver: 0 }, { secret: JWT_SECRET, algorithm: 'HS256', expiresIn: '1h' });
    await http().get('/api/v1/auth/me').set(bearer(noExp)).expect(401);
    await http().get('/api/v1/auth/me').set(bearer(noVersion)).expect(401);
    await http().get('/api/v1/auth/me').set(bearer(fine)).expect(200);
  });

  it('revokes older tokens on a password change (own or by an admin) and on "sign out everywhere", closing open sockets', async () => {
    await createAgent('rotating@example.com').expect(201);
    const first = (await login('rotating@example.com', 'agent-password-1', '10.4.0.1').expect(200)).body.token;
    const second = (await login('rotating@example.com', 'agent-password-1', '10.4.0.2').expect(200)).body.token;
    const socket = connect(url, '/agent', { token: first });
    const closed = new Promise((resolve) => socket.on('disconnect', resolve));
    await waitFor(socket, 'queue');

    await http().post('/api/v1/auth/password').set(bearer(second)).send({ currentPassword: 'not-it-at-all', newPassword: 'rotated-password-2' }).expect(400);
    const changed = await http().post('/api/v1/auth/password').set(bearer(second)).send({ currentPassword: 'agent-password-1', newPassword: 'rotated-password-2' }).expect(200);
    await closed;
    for (const old of [first, second]) await http().get('/api/v1/auth/me').set(bearer(old)).expect(401);
    await http().get('/api/v1/auth/me').set(bearer(changed.body.token)).expect(200);
    await login('rotating@example.com', 'agent-password-1', '10.4.0.1').expect(401);

    const third = (await login('rotating@example.com', 'rotated-password-2', '10.4.0.1').expect(200)).body.token;
    await http().post('/api/v1/auth/sign-out-everywhere').set(bearer(third)).expect(200, { ok: true });
    for (const old of [changed.body.token, third]) await http().get('/api/v1/auth/me').set(bearer(old)).expect(401);

    const fourth = (await login('rotating@example.com', 'rotated-password-2', '10.4.0.1').expect(200)).body.token;
    await http().patch(`/api/v1/agents/${changed.body.agent.id}`).set(bearer(adminToken)).send({ password: 'set-by-the-admin-3' }).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(fourth)).expect(401);
    await login('rotating@example.com', 'set-by-the-admin-3', '10.4.0.1').expect(200);
  });

  it('requires 10 characters and refuses common passwords, for new agents and password changes', async () => {
    const short = await createAgent('weak1@example.com', '12345678').expect(400);
    expect(short.body.error.message).toMatch(/password must be longer than or equal to 10 characters/);
    for (const common of ['1234567890', 'password123', 'Qwertyuiop']) {
      const { body } = await createAgent('weak2@example.com', common).expect(400);
      expect(body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: 'The password is one of the most common passwords; choose another' });
    }
    const agent = (await createAgent('weak3@example.com').expect(201)).body;
    await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ password: 'iloveyou12' }).expect(400);
    const token = (await login('weak3@example.com', 'agent-password-1', '10.5.0.1').expect(200)).body.token;
    await http().post('/api/v1/auth/password').set(bearer(token)).send({ currentPassword: 'agent-password-1', newPassword: 'password1234' }).expect(400);
  });
});
