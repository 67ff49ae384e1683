import { INestApplication } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import request from 'supertest';
import { AgentAccountsService } from '../../src/agents/agent-accounts.service';
import { AgentAuthService } from '../../src/agents/auth/agent-auth.service';
import { createApp } from '../../src/app.factory';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const JWT_SECRET = 'test-secret-of-at-least-16-chars';
const ADMIN = { email: 'boss@example.com', password: 'admin-password-1' };

describe('agent sign-in and accounts over HTTP', () => {
  let folder: TempKnowledgeFolder;
  let app: INestApplication;
  let adminToken: string;
  const http = () => request(app.getHttpServer());
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const login = (email: string, password: string) => http().post('/api/v1/auth/login').send({ email, password });

  beforeAll(async () => {
    folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': '- id: a\n  question: q\n  answer: a\n' });
    const config = testConfig({ KNOWLEDGE_DIR: folder.dir, JWT_SECRET, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
    app = await createApp(config, { logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    folder?.dispose();
  });

  it('seeds the admin from ADMIN_EMAIL / ADMIN_PASSWORD, who signs in (email case-insensitive)', async () => {
    const { body } = await login('Boss@Example.com', ADMIN.password).expect(200);
    expect(body).toEqual({
      token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      agent: { id: expect.any(String), email: ADMIN.email, name: 'Admin', role: 'admin', skills: [], maxChats: 5 },
    });
    adminToken = body.token;
    const claims = new JwtService().decode(body.token);
    expect(claims).toMatchObject({ sub: body.agent.id, role: 'admin', name: 'Admin' });
    expect(claims.exp - claims.iat).toBe(12 * 3600);
    expect(JSON.parse(Buffer.from(body.token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'HS256' });

    const me = await http().get('/api/v1/auth/me').set(bearer(adminToken)).expect(200);
    expect(me.body).toEqual(body.agent);
  });

  it('answers the same 401 for a wrong password and an unknown email', async () => {
    const wrong = await login(ADMIN.email, 'not-the-password').expect(401);
    const unknown = await login('nobody@example.com', ADMIN.password).expect(401);
    expect(wrong.body).toEqual({ error: { code: 'UNAUTHORIZED', message: 'Invalid email or password' } });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('keeps agent management to admins: 401 without or with a bad token, 403 for an agent', async () => {
    for (const headers of [{}, bearer('not-a-token'), { Authorization: adminToken }, { Authorization: `Basic ${adminToken}` }]) {
      const { body } = await http().get('/api/v1/agents').set(headers).expect(401);
      expect(body.error.code).toBe('UNAUTHORIZED');
    }
    await http().get('/api/v1/auth/me').expect(401);

    await http().post('/api/v1/agents').set(bearer(adminToken)).send({ email: 'plain@example.com', name: 'Plain', password: 'plain-password' }).expect(201);
    const agentToken = (await login('plain@example.com', 'plain-password').expect(200)).body.token;
    await http().get('/api/v1/auth/me').set(bearer(agentToken)).expect(200);
    const forbidden = await http().get('/api/v1/agents').set(bearer(agentToken)).expect(403);
    expect(forbidden.body.error).toEqual({ code: 'FORBIDDEN', message: 'This needs an admin account' });
    await http().post('/api/v1/agents').set(bearer(agentToken)).send({ email: 'x@example.com', name: 'X', password: 'x-password' }).expect(403);
    await http().get('/api/v1/knowledge/status').set(bearer(agentToken)).expect(403);
  });

  it('lets an admin create an agent who can then sign in; never returns password hashes', async () => {
    const created = await http()
      .post('/api/v1/agents')
      .set(bearer(adminToken))
      .send({ email: ' Li.Lei@Example.com ', name: ' Li Lei ', password: 'li-lei-password', skills: ['after-sales', 'billing', 'billing'], maxChats: 3 })
      .expect(201);
    expect(created.body).toEqual({
      id: expect.any(String),
      email: 'li.lei@example.com',
      name: 'Li Lei',
      role: 'agent',
      skills: ['after-sales', 'billing'],
      maxChats: 3,
      disabled: false,
      presence: 'offline',
      presenceAt: expect.any(String),
      createdAt: expect.any(String),
    });

    const { body } = await login('li.lei@example.com', 'li-lei-password').expect(200);
    expect(body.agent).toEqual({ id: created.body.id, email: 'li.lei@example.com', name: 'Li Lei', role: 'agent', skills: ['after-sales', 'billing'], maxChats: 3 });

    const list = await http().get('/api/v1/agents').set(bearer(adminToken)).expect(200);
    expect(list.body.agents.map((agent: { email: string }) => agent.email)).toEqual(expect.arrayContaining([ADMIN.email, 'li.lei@example.com']));
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|password/i);
    expect(JSON.stringify(created.body) + JSON.stringify(body)).not.toMatch(/scrypt|password/i);
  });

  it('refuses a duplicate email with 409, whatever its case', async () => {
    const { body } = await http().post('/api/v1/agents').set(bearer(adminToken)).send({ email: 'LI.LEI@example.com', name: 'Other', password: 'other-password' }).expect(409);
    expect(body.error).toEqual({ code: 'CONFLICT', message: 'An agent with the email li.lei@example.com already exists' });
  });

  it('validates bodies and ids with 400 and field errors', async () => {
    const cases: Array<[string, object, RegExp]> = [
      ['/api/v1/auth/login', { email: 'not-an-email', password: 'x' }, /^email must be an email/],
      ['/api/v1/auth/login', { email: 'a@example.com' }, /^password must be a string/],
      ['/api/v1/agents', { email: 'new@example.com', name: 'New', password: 'short' }, /^password must be longer than or equal to 10 characters/],
      ['/api/v1/agents', { email: 'new@example.com', name: '', password: 'long-enough' }, /^name must be longer than or equal to 1 characters/],
      ['/api/v1/agents', { email: 'new@example.com', name: 'New', password: 'long-enough', role: 'root' }, /^role must be one of the following values: agent, admin/],
      ['/api/v1/agents', { email: 'new@example.com', name: 'New', password: 'long-enough', maxChats: 0 }, /^maxChats must not be less than 1/],
      ['/api/v1/agents', { email: 'new@example.com', name: 'New', password: 'long-enough', skills: 'billing' }, /^skills must be an array/],
      ['/api/v1/agents', { email: 'new@example.com', name: 'New', password: 'long-enough', passwordHash: 'scrypt$1' }, /^property passwordHash should not exist/],
    ];
    for (const [path, payload, field] of cases) {
      const { body } = await http().post(path).set(bearer(adminToken)).send(payload).expect(400);
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.details.fields).toContainEqual(expect.stringMatching(field));
    }
    await http().patch('/api/v1/agents/not-a-uuid').set(bearer(adminToken)).send({ name: 'X' }).expect(400);
    await http().patch('/api/v1/agents/00000000-0000-4000-8000-000000000000').set(bearer(adminToken)).send({ name: 'X' }).expect(404);
    const agent = await agentByEmail('li.lei@example.com');
    const badPatch = await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ email: 'new@example.com', disabled: 'yes' }).expect(400);
    expect(badPatch.body.error.details.fields).toEqual(expect.arrayContaining(['property email should not exist', 'disabled must be a boolean value']));
  });

  it('changes an agent: password, role, skills; a promotion opens the admin routes', async () => {
    const agent = await agentByEmail('li.lei@example.com');
    const { body } = await http()
      .patch(`/api/v1/agents/${agent.id}`)
      .set(bearer(adminToken))
      .send({ password: 'a-new-password', role: 'admin', skills: ['returns'], maxChats: 8, name: 'Lei Li' })
      .expect(200);
    expect(body).toMatchObject({ id: agent.id, name: 'Lei Li', role: 'admin', skills: ['returns'], maxChats: 8, disabled: false });
    await login(agent.email, 'li-lei-password').expect(401);
    await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ role: 'agent' }).expect(200);
    const token = (await login(agent.email, 'a-new-password').expect(200)).body.token;
    await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ role: 'admin' }).expect(200);
    // the role comes from the account, not from the (older) token
    await http().get('/api/v1/agents').set(bearer(token)).expect(200);
    await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ role: 'agent' }).expect(200);
    await http().get('/api/v1/agents').set(bearer(token)).expect(403);
  });

  it('shuts a disabled agent out: login 401 and existing tokens 401 at once; enabling lets them back', async () => {
    const agent = await agentByEmail('li.lei@example.com');
    const token = (await login(agent.email, 'a-new-password').expect(200)).body.token;
    await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ disabled: true }).expect(200);
    const denied = await login(agent.email, 'a-new-password').expect(401);
    expect(denied.body.error.message).toBe('Invalid email or password');
    await http().get('/api/v1/auth/me').set(bearer(token)).expect(401);
    await expect(app.get(AgentAuthService).verify(token)).rejects.toMatchObject({ code: 'UNAUTHORIZED' });

    await http().patch(`/api/v1/agents/${agent.id}`).set(bearer(adminToken)).send({ disabled: false }).expect(200);
    await http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
  });

  it('refuses tampered, expired, unsigned and foreign-key tokens with 401', async () => {
    const agent = await agentByEmail('plain@example.com');
    const token = (await login(agent.email, 'plain-password').expect(200)).body.token as string;
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = [header, Buffer.from(JSON.stringify({ ...claims, role: 'admin' })).toString('base64url'), signature].join('.');
    const flipped = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${payload}.`;
    const jwt = new JwtService();
    const now = Math.floor(Date.now() / 1000);
    const expired = jwt.sign({ sub: agent.id, role: 'agent', name: agent.name, iat: now - 13 * 3600, exp: now - 3600 }, { secret: JWT_SECRET });
    const otherKey = jwt.sign({ sub: agent.id, role: 'agent', name: agent.name }, { secret: 'some-other-secret-entirely', expiresIn: '1h' });
    const ghost = jwt.sign({ sub: '00000000-0000-4000-8000-000000000000', role: 'admin', name: 'Ghost' }, { secret: JWT_SECRET, expiresIn: '1h' });
    const noSubject = jwt.sign({ role: 'admin', name: 'Nobody' }, { secret: JWT_SECRET, expiresIn: '1h' });

    for (const bad of [forged, flipped, unsigned, expired, otherKey, ghost, noSubject]) {
      const { body } = await http().get('/api/v1/auth/me').set(bearer(bad)).expect(401);
      expect(body.error.code).toBe('UNAUTHORIZED');
      await http().get('/api/v1/agents').set(bearer(bad)).expect(401);
    }
    await http().get('/api/v1/auth/me').set(bearer(token)).expect(200);
  });

  it('keeps at least one enabled admin', async () => {
    const admin = await agentByEmail(ADMIN.email);
    const { body } = await http().patch(`/api/v1/agents/${admin.id}`).set(bearer(adminToken)).send({ disabled: true }).expect(409);
    expect(body.error.code).toBe('CONFLICT');
    await http().patch(`/api/v1/agents/${admin.id}`).set(bearer(adminToken)).send({ role: 'agent' }).expect(409);
    await http().get('/api/v1/agents').set(bearer(adminToken)).expect(200);
  });

  it('leaves an existing admin password alone when seeding again', async () => {
    const admin = await agentByEmail(ADMIN.email);
    await http().patch(`/api/v1/agents/${admin.id}`).set(bearer(adminToken)).send({ password: 'rotated-password' }).expect(200);
    await expect(app.get(AgentAccountsService).seedAdmin()).resolves.toBeUndefined();
    await login(ADMIN.email, ADMIN.password).expect(401);
    await login(ADMIN.email, 'rotated-password').expect(200);
  });

  it('documents the routes in OpenAPI with bearer auth', async () => {
    const { body } = await http().get('/docs-json').expect(200);
    expect(Object.keys(body.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/auth/me', '/api/v1/agents', '/api/v1/agents/{id}']));
    expect(body.paths['/api/v1/agents'].get.security).toEqual([{ bearer: [] }]);
    expect(body.paths['/api/v1/knowledge/status'].get.security).toEqual([{ bearer: [] }]);
  });

  async function agentByEmail(email: string): Promise<{ id: string; email: string; name: string }> {
    const { body } = await http().get('/api/v1/agents').set(bearer(adminToken)).expect(200);
    const agent = body.agents.find((candidate: { email: string }) => candidate.email === email);
    if (!agent) throw new Error(`no agent ${email}`);
    return agent;
  }
});
