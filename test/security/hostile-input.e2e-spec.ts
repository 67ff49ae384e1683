import 'reflect-metadata';
import { MESSAGE_MAPPING_METADATA, MESSAGE_METADATA } from '@nestjs/websockets/constants';
import { getMetadataStorage } from 'class-validator';
import type { Socket } from 'socket.io-client';
import { AgentGateway } from '../../src/agents/agent.gateway';
import { CustomerGateway } from '../../src/conversations/customer.gateway';
import { ADMIN, ALWAYS_OPEN, connect, emitAck, LiveChat, startLiveChat, waitFor } from '../support/live-chat';

/** JSON nested `depth` levels deep, written as text (JSON.stringify of such a value would itself overflow). */
const deepObject = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const deepArray = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const nested = (depth: number): unknown => JSON.parse(deepObject(depth));

/** The shapes that gave 500s (issue 14, item 3), and the ordinary wrong types beside them. */
const HOSTILE_VALUES: unknown[] = [
  '\u0000', 'hello\u0000world', 'bell\u0007', 'esc\u001b[31m', '\ud800@example.com', 'a@example.com\udc00', 'x'.repeat(70_000).slice(0, 60_000),
  1e20, 1e308, -1e308, 2147483648, -2147483649, 0.5, -1,
  null, true, [], {}, [[['x']]], nested(100),
];
const HOSTILE_QUERY_VALUES = ['99999999999999999999', '1e308', '-1', '2147483648', '%00', 'a%00b', '%ED%A0%80', '%C0', 'x&after[]=1', 'NaN', 'Infinity'];

interface Operation {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  query: string[];
  bodyFields: string[];
}

/** Every operation the OpenAPI document at /docs-json lists, with its query parameters and body fields. */
async function operations(chat: LiveChat): Promise<Operation[]> {
  const doc = (await chat.http().get('/docs-json').expect(200)).body;
  const schemaOf = (ref?: string) => (ref ? doc.components.schemas[ref.split('/').pop()!] : undefined);
  const found: Operation[] = [];
  for (const [path, methods] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const [method, op] of Object.entries<any>(methods)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      const schema = body?.$ref ? schemaOf(body.$ref) : body;
      found.push({
        method: method as Operation['method'],
        path,
        query: (op.parameters ?? []).filter((parameter: any) => parameter.in === 'query').map((parameter: any) => parameter.name),
        bodyFields: Object.keys(schema?.properties ?? {}),
      });
    }
  }
  return found;
}

/** Every event a gateway subscribes to, with the fields its payload class validates. */
function socketEvents(gateway: { prototype: object }): Array<{ event: string; fields: string[] }> {
  const events: Array<{ event: string; fields: string[] }> = [];
  for (const name of Object.getOwnPropertyNames(gateway.prototype)) {
    const handler = (gateway.prototype as Record<string, unknown>)[name];
    if (typeof handler !== 'function' || !Reflect.getMetadata(MESSAGE_MAPPING_METADATA, handler)) continue;
    const payloadTypes = ((Reflect.getMetadata('design:paramtypes', gateway.prototype, name) ?? []) as Array<new () => unknown>).filter((type) => typeof type === 'function' && type.name.endsWith('Dto'));
    const fields = payloadTypes.flatMap((type) => getMetadataStorage().getTargetValidationMetadatas(type, '', true, false).map((meta) => meta.propertyName));
    events.push({ event: Reflect.getMetadata(MESSAGE_METADATA, handler), fields: [...new Set(fields)] });
  }
  return events;
}

describe('hostile input: 400s with field errors, never a 500 (issue 14, item 3)', () => {
  let chat: LiveChat;
  let adminToken: string;
  let conversation: { conversationId: string; token: string };
  let throwaway: { id: string; token: string };
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    // the fuzz sends thousands of requests from one address: the rate limits (tested on their own) would answer
    // 429 before validation runs
    chat = await startLiveChat(ALWAYS_OPEN, { RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' });
    adminToken = (await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
    conversation = (await chat.http().post('/api/v1/conversations').send({}).expect(201)).body;
    throwaway = await chat.createAgent('Fuzz Target');
  }, 180_000);

  afterAll(async () => {
    await chat?.close();
  });

  it('refuses JSON nested 2,000 deep on /ask, /auth/login and a customer message, and says why', async () => {
    for (const [path, headers] of [
      ['/api/v1/ask', {}],
      ['/api/v1/auth/login', {}],
      [`/api/v1/conversations/${conversation.conversationId}/messages`, bearer(conversation.token)],
    ] as const) {
      for (const body of [deepObject(2000), deepArray(2000), `{"question":${deepArray(2000)}}`]) {
        const response = await chat.http().post(path).set(headers).set('content-type', 'application/json').send(body);
        expect(response.status).toBe(400);
        expect(response.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: expect.stringMatching(/nested more than 32 levels deep/) });
      }
    }
  });

  it('refuses NUL and other control characters in customer messages, agent replies, notes and names, with the field named', async () => {
    const conversationHeaders = bearer(conversation.token);
    const message = await chat.http().post(`/api/v1/conversations/${conversation.conversationId}/messages`).set(conversationHeaders).send({ clientMessageId: 'nul-1', text: '我的订单\u0000号' }).expect(400);
    expect(message.body.error.details.fields).toEqual(['text must not contain control characters (only tab and line breaks)']);
    await chat.http().post(`/api/v1/conversations/${conversation.conversationId}/messages`).set(conversationHeaders).send({ clientMessageId: 'esc-1', text: 'red \u001b[31m' }).expect(400);

    const agentPath = `/api/v1/agent/conversations/${conversation.conversationId}`;
    const reply = await chat.http().post(`${agentPath}/reply`).set(bearer(adminToken)).send({ clientMessageId: 'r1', text: 'hi\u0000' }).expect(400);
    expect(reply.body.error.details.fields).toEqual(['text must not contain control characters (only tab and line breaks)']);
    await chat.http().post(`${agentPath}/notes`).set(bearer(adminToken)).send({ text: '\u0000' }).expect(400);
    const agent = await chat.http().post('/api/v1/agents').set(bearer(adminToken)).send({ email: 'nul@kefu.test', name: 'Nul\u0000l', password: 'long-enough-password' }).expect(400);
    expect(agent.body.error.details.fields).toEqual(['name must not contain control characters (only tab and line breaks)']);
    const left = await chat.http().post(`/api/v1/conversations/${conversation.conversationId}/leave-message`).set(conversationHeaders).send({ name: 'Wang\u0000', email: 'w@example.com', text: 'call me' }).expect(400);
    expect(left.body.error.details.fields).toEqual(['name must not contain control characters (only tab and line breaks)']);

    // line breaks and tabs are text, and the customer's next message is stored as usual
    const stored = await chat.http().post(`/api/v1/conversations/${conversation.conversationId}/messages`).set(conversationHeaders).send({ clientMessageId: 'ok-1', text: '第一行\r\n第二行\t完' }).expect(200);
    expect(stored.body.message.text).toBe('第一行\r\n第二行\t完');
  });

  it('refuses a lone surrogate in an email (login and leave-message) with a field error', async () => {
    const login = await chat.http().post('/api/v1/auth/login').set('content-type', 'application/json').send('{"email":"a\\ud800@example.com","password":"whatever-password"}').expect(400);
    expect(login.body.error.details.fields).toEqual(['email must be valid Unicode text (it holds a lone surrogate)']);
    const left = await chat
      .http()
      .post(`/api/v1/conversations/${conversation.conversationId}/leave-message`)
      .set(bearer(conversation.token))
      .set('content-type', 'application/json')
      .send('{"email":"\\udc00w@example.com","text":"call me"}')
      .expect(400);
    expect(left.body.error.details.fields).toEqual(['email must be valid Unicode text (it holds a lone surrogate)']);
  });

  it('bounds sequence numbers to the column range: ?after=99999999999999999999 and 1e308, resume { lastSeq: 2147483648 }', async () => {
    for (const after of ['99999999999999999999', '1e308', '2147483648']) {
      const { body } = await chat.http().get(`/api/v1/conversations/${conversation.conversationId}/messages?after=${after}`).set(bearer(conversation.token)).expect(400);
      expect(body.error.details.fields).toEqual(['after must not be greater than 2147483647']);
    }
    await chat.http().get(`/api/v1/conversations/${conversation.conversationId}/messages?after=2147483647`).set(bearer(conversation.token)).expect(200, { messages: [] });

    const socket = connect(chat.url, '/customer', { conversationId: conversation.conversationId, token: conversation.token });
    try {
      await waitFor(socket, 'session');
      expect(await emitAck(socket, 'resume', { lastSeq: 2147483648 })).toEqual({ error: { code: 'VALIDATION_FAILED', message: 'lastSeq must not be greater than 2147483647', details: { fields: ['lastSeq must not be greater than 2147483647'] } } });
      expect(await emitAck(socket, 'resume', { lastSeq: 1e308 })).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
      expect(socket.connected).toBe(true);
      expect(await emitAck(socket, 'resume', { lastSeq: 2147483647 })).toEqual({ ok: true, count: 0 });
    } finally {
      socket.disconnect();
    }
  });

  it('fuzzes every route of the OpenAPI document with hostile bodies and queries: no 5xx', async () => {
    const ops = await operations(chat);
    expect(ops.length).toBeGreaterThan(20);
    const failures: string[] = [];
    let requests = 0;
    for (const op of ops) {
      const customerRoute = op.path.startsWith('/api/v1/conversations/{id}');
      const id = op.path.startsWith('/api/v1/agents/{id}') ? throwaway.id : conversation.conversationId;
      const url = op.path.replace('{id}', id);
      // the agent's own account routes (password, sign out everywhere) would revoke the admin's token
      const ownAccountRoute = op.path.startsWith('/api/v1/auth/') && op.path !== '/api/v1/auth/login';
      const headers = bearer(customerRoute ? conversation.token : ownAccountRoute ? throwaway.token : adminToken);
      const send = async (label: string, query: string, body?: string) => {
        let call = chat.http()[op.method](url + query).set(headers);
        if (body !== undefined) call = call.set('content-type', 'application/json').send(body);
        const response = await call;
        requests++;
        if (response.status >= 500) failures.push(`${op.method.toUpperCase()} ${url}${query} ${label} → ${response.status} ${JSON.stringify(response.body)}`);
        if (response.status === 401 && !op.path.startsWith('/api/v1/auth/')) failures.push(`${op.method.toUpperCase()} ${url} lost its authorisation (${label})`);
      };
      const bodies = [deepObject(2000), deepArray(2000), '"\\u0000"', '1e308', 'null', ...HOSTILE_VALUES.map((value) => JSON.stringify(value))];
      for (const field of op.bodyFields) bodies.push(...HOSTILE_VALUES.map((value) => JSON.stringify({ [field]: value })), `{"${field}":${deepObject(2000)}}`);
      if (op.method !== 'get') for (const body of bodies) await send(`body ${body.slice(0, 60)}`, '', body);
      for (const name of [...op.query, 'after']) for (const value of HOSTILE_QUERY_VALUES) await send('query', `?${name}=${value}`);
      // a path parameter that is not an id
      if (op.path.includes('{id}')) await send('path', '', op.method === 'get' ? undefined : '{}').then(() => undefined);
      if (op.path.includes('{id}')) {
        for (const bad of ['%00', '99999999999999999999', '%ED%A0%80']) {
          const response = await chat.http()[op.method](op.path.replace('{id}', bad)).set(headers);
          requests++;
          if (response.status >= 500) failures.push(`${op.method.toUpperCase()} ${op.path} id=${bad} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(500);
    await chat.http().get('/health/live').expect(200);
  }, 600_000);

  it('fuzzes every socket event of /customer and /agent with hostile payloads: an error ack each, the socket stays up', async () => {
    const namespaces = [
      { namespace: '/customer' as const, auth: { conversationId: conversation.conversationId, token: conversation.token }, events: socketEvents(CustomerGateway) },
      { namespace: '/agent' as const, auth: { token: adminToken }, events: socketEvents(AgentGateway) },
    ];
    expect(namespaces[0].events.map((event) => event.event)).toEqual(expect.arrayContaining(['message', 'resume', 'handoff', 'feedback', 'rate', 'leave_message', 'typing']));
    expect(namespaces[1].events.map((event) => event.event)).toEqual(expect.arrayContaining(['claim', 'reply', 'note', 'transfer', 'close', 'presence']));
    const failures: string[] = [];
    for (const { namespace, auth, events } of namespaces) {
      const socket: Socket = connect(chat.url, namespace, auth);
      const disconnected = new Promise<string>((resolve) => socket.on('disconnect', (reason) => resolve(reason)));
      try {
        await waitFor(socket, namespace === '/customer' ? 'session' : 'queue');
        for (const { event, fields } of events) {
          const payloads: unknown[] = [...HOSTILE_VALUES, nested(2000), 'text', 42];
          for (const field of fields) payloads.push(...HOSTILE_VALUES.map((value) => ({ [field]: value })), { [field]: nested(2000) });
          for (const payload of payloads) {
            const reply = await emitAck<{ error?: { code: string } }>(socket, event, payload).catch((error: Error) => ({ error: { code: `no ack: ${error.message}` } }));
            const code = reply?.error?.code;
            if (code === 'INTERNAL' || code?.startsWith('no ack') || !socket.connected) failures.push(`${namespace} ${event} ${JSON.stringify(payload)?.slice(0, 80)} → ${JSON.stringify(reply)}`);
          }
        }
        expect(socket.connected).toBe(true);
        if (namespace === '/customer') expect(await emitAck(socket, 'message', { clientMessageId: 'after-fuzz', text: 'still here?' })).toEqual({ id: expect.any(String), seq: expect.any(Number) });
      } finally {
        socket.disconnect();
        await disconnected;
      }
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
