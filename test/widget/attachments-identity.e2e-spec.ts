import { INestApplication } from '@nestjs/common';
import type { Socket } from 'socket.io-client';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { identityHash } from '../../src/conversations/customer-identity';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { jpegWithExif, pngWithText } from '../support/images';
import { ADMIN, connect, emitAck, waitFor } from '../support/live-chat';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const IDENTITY_SECRET = 'shop-identity-secret-1234';

/**
 * Photos and signed-in customers over the wire, on two instances sharing one PostgreSQL: a photo uploaded to one
 * is served by the other; only its conversation's token (or an agent) reads it; bad files get a 4xx.
 */
describe('widget attachments and customer identity', () => {
  let database: PgliteServer;
  let folder: TempKnowledgeFolder;
  const apps: INestApplication[] = [];
  const urls: string[] = [];
  const sockets: Socket[] = [];
  const http = (index: number) => request(apps[index].getHttpServer());

  beforeAll(async () => {
    database = await startPgliteServer();
    folder = new TempKnowledgeFolder({ 'faq/returns.faq.yaml': '- id: return-window\n  question: 收到货后多少天内可以退货？\n  answer: 自签收之日起 7 天内可申请无理由退货。\n' });
    for (let i = 0; i < 2; i++) {
      const app = await createApp(
        testConfig({ DATABASE_URL: database.url, KNOWLEDGE_DIR: folder.dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, JWT_SECRET: 'shared-secret-for-both-instances', WIDGET_IDENTITY_SECRET: IDENTITY_SECRET, UPLOAD_MAX_BYTES: String(1024 * 1024) }),
        { logger: false },
      );
      await app.listen(0, '127.0.0.1');
      await app.get(KnowledgeLifecycleService).whenReady();
      apps.push(app);
      urls.push((await app.getUrl()).replace('[::1]', '127.0.0.1'));
    }
  });

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    for (const app of apps) await app.close();
    await database?.stop();
    folder?.dispose();
  });

  async function conversation(index = 0): Promise<{ id: string; token: string }> {
    const created = await http(index).post('/api/v1/conversations').send({}).expect(201);
    return { id: created.body.conversationId, token: created.body.token };
  }

  it('stores a photo without its metadata, sends it in a message, and serves it from the other instance to that token and to agents only', async () => {
    const mine = await conversation(0);
    const upload = await http(0).post(`/api/v1/conversations/${mine.id}/attachments`).set('authorization', `Bearer ${mine.token}`).attach('file', jpegWithExif(), { filename: 'broken-kettle.png', contentType: 'image/png' }).expect(201);
    const attachment = upload.body.attachment;
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', width: 640, height: 480, url: `/api/v1/conversations/${mine.id}/attachments/${attachment.id}` });

    const served = await http(1).get(attachment.url).set('authorization', `Bearer ${mine.token}`).buffer(true).parse(binary).expect(200);
    expect(served.headers['content-type']).toBe('image/jpeg');
    expect(served.headers['x-content-type-options']).toBe('nosniff');
    expect((served.body as Buffer).toString('latin1')).not.toMatch(/GPS|Exif/);
    expect((served.body as Buffer).length).toBe(attachment.size);

    const customer = connect(urls[0], '/customer', { conversationId: mine.id, token: mine.token });
    sockets.push(customer);
    await waitFor(customer, 'session');
    const echoed = waitFor(customer, 'message', (message) => message.role === 'customer');
    const ack = await emitAck(customer, 'message', { clientMessageId: 'photo-1', text: '', attachmentIds: [attachment.id] });
    expect(ack).toMatchObject({ seq: expect.any(Number) });
    expect(await echoed).toMatchObject({ text: '', attachments: [{ id: attachment.id, contentType: 'image/jpeg', url: attachment.url }] });
    const listed = await http(1).get(`/api/v1/conversations/${mine.id}/messages`).set('authorization', `Bearer ${mine.token}`).expect(200);
    expect(listed.body.messages).toEqual([expect.objectContaining({ role: 'customer', attachments: [expect.objectContaining({ id: attachment.id })] })]); // the bot does not answer a photo alone

    const other = await conversation(1);
    await http(1).get(attachment.url).set('authorization', `Bearer ${other.token}`).expect(401);
    await http(1).get(`/api/v1/conversations/${other.id}/attachments/${attachment.id}`).set('authorization', `Bearer ${other.token}`).expect(404);
    await http(1).get(attachment.url).expect(401);
    expect(await emitAck(customer, 'message', { clientMessageId: 'photo-2', text: 'look', attachmentIds: ['00000000-0000-4000-8000-000000000000'] })).toMatchObject({ error: { code: 'NOT_FOUND' } });

    const agentToken = (await http(1).post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
    await http(1).get(`/api/v1/agent/attachments/${attachment.id}`).set('authorization', `Bearer ${agentToken}`).expect(200).expect('content-type', 'image/jpeg');
    await http(1).get(`/api/v1/agent/attachments/${attachment.id}`).set('authorization', `Bearer ${mine.token}`).expect(401);
    // an agent may upload only to a chat they hold
    await http(1).post(`/api/v1/agent/conversations/${mine.id}/attachments`).set('authorization', `Bearer ${agentToken}`).attach('file', pngWithText(), 'a.png').expect(403);
  });

  it('refuses a file over UPLOAD_MAX_BYTES, a renamed program and a missing file with a clear 4xx', async () => {
    const mine = await conversation(0);
    const route = `/api/v1/conversations/${mine.id}/attachments`;
    const tooBig = await http(0).post(route).set('authorization', `Bearer ${mine.token}`).attach('file', Buffer.concat([pngWithText(), Buffer.alloc(2 * 1024 * 1024)]), 'big.png');
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const program = await http(0).post(route).set('authorization', `Bearer ${mine.token}`).attach('file', Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff this program cannot be run in DOS mode', 'latin1'), { filename: 'photo.jpg', contentType: 'image/jpeg' });
    expect(program.status).toBe(415);
    expect(program.body.error).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringMatching(/JPEG, PNG or WebP/) });
    expect((await http(0).post(route).set('authorization', `Bearer ${mine.token}`).field('note', 'no file')).status).toBe(400);
    expect((await http(0).post(route).attach('file', pngWithText(), 'a.png')).status).toBe(401);
  });

  it('links a signed-in customer’s conversations and shows the earlier one on another device; a wrong hash stays anonymous', async () => {
    const userId = `shop-user-${Date.now()}`;
    const identity = { userId, userHash: identityHash(IDENTITY_SECRET, userId) };
    const first = connect(urls[0], '/customer', { lang: 'zh', ...identity });
    sockets.push(first);
    const firstSession = await waitFor(first, 'session');
    expect(firstSession.customerId).toBe(userId);
    await emitAck(first, 'message', { clientMessageId: 'h-1', text: '收到货后多少天内可以退货？' });
    first.disconnect();

    const secondDevice = connect(urls[1], '/customer', { lang: 'zh', ...identity });
    sockets.push(secondDevice);
    const secondSession = await waitFor(secondDevice, 'session');
    expect(secondSession.conversationId).not.toBe(firstSession.conversationId);
    const history = await emitAck(secondDevice, 'history', {});
    expect(history.conversations).toEqual([expect.objectContaining({ conversationId: firstSession.conversationId, messages: expect.arrayContaining([expect.objectContaining({ role: 'customer', text: '收到货后多少天内可以退货？' })]) })]);

    // the second conversation is stored (and linked to the customer) with its first message
    await emitAck(secondDevice, 'message', { clientMessageId: 'h-2', text: '我的退货进度怎么查？' });
    const agentToken = (await http(0).post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
    const detail = await http(0).get(`/api/v1/agent/conversations/${secondSession.conversationId}`).set('authorization', `Bearer ${agentToken}`).expect(200);
    expect(detail.body.customer).toEqual({ id: userId, earlierConversations: [expect.objectContaining({ conversationId: firstSession.conversationId })] });

    const impostor = connect(urls[0], '/customer', { lang: 'zh', userId, userHash: identityHash('a-guessed-secret-value', userId) });
    sockets.push(impostor);
    const anonymous = await waitFor(impostor, 'session');
    expect(anonymous.customerId).toBeUndefined();
    expect((await emitAck(impostor, 'history', {})).conversations).toEqual([]);
  });
});

function binary(response: request.Response, callback: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  response.on('data', (chunk: Buffer) => chunks.push(chunk));
  response.on('end', () => callback(null, Buffer.concat(chunks)));
}
