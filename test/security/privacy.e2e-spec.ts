import type { Socket } from 'socket.io-client';
import { identityHash } from '../../src/conversations/customer-identity';
import { DatabaseService } from '../../src/database/database.service';
import { RetentionService } from '../../src/privacy/retention.service';
import { ADMIN, ALWAYS_OPEN, connect, emitAck, LiveChat, startLiveChat, waitFor } from '../support/live-chat';

const SECRET = 'privacy-test-identity-secret';
const DAY_MS = 86_400_000;

/** Issue 14, item 11: export and deletion on request, the retention purge, and the audit log behind them. */
describe('personal data over time: export, deletion, retention, audit log', () => {
  let chat: LiveChat;
  let adminToken: string;
  const sockets: Socket[] = [];
  const admin = () => ({ authorization: `Bearer ${adminToken}` });

  async function customerSays(text: string, userId?: string): Promise<{ socket: Socket; conversationId: string }> {
    const socket = connect(chat.url, '/customer', userId ? { userId, userHash: identityHash(SECRET, userId) } : {});
    sockets.push(socket);
    const session = await waitFor<{ conversationId: string }>(socket, 'session');
    await emitAck(socket, 'message', { clientMessageId: `m-${sockets.length}`, text });
    return { socket, conversationId: session.conversationId };
  }

  const rows = <T>(sql: string, params: unknown[] = []) => chat.app.get(DatabaseService).prisma.$queryRawUnsafe<T[]>(sql, ...params);
  const auditActions = async () => (await chat.http().get('/api/v1/audit-log').set(admin()).expect(200)).body.entries as Array<{ action: string; actor: string; target?: string; details: Record<string, unknown> }>;

  beforeAll(async () => {
    chat = await startLiveChat(ALWAYS_OPEN, { WIDGET_IDENTITY_SECRET: SECRET, RETENTION_DAYS: '30' });
    adminToken = (await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
  }, 120_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await chat?.close();
  });

  it('exports every conversation of an identified customer, photos and words included, to admins only', async () => {
    const first = await customerSays('收到货后多少天内可以退货？我的手机 13812345678', 'u-1001');
    const second = await customerSays('发货后几天能到？', 'u-1001');
    await customerSays('有没有优惠券？');

    const response = await chat.http().get('/api/v1/privacy/export').query({ customerId: 'u-1001' }).set(admin()).expect(200);
    expect(response.headers['content-disposition']).toContain('attachment');
    expect(response.body).toMatchObject({ format: 'kefu-customer-export/1', selector: { customerId: 'u-1001' } });
    const exported = response.body.conversations as Array<{ id: string; messages: Array<{ role: string; text: string }> }>;
    expect(exported.map((conversation) => conversation.id).sort()).toEqual([first.conversationId, second.conversationId].sort());
    expect(exported.flatMap((conversation) => conversation.messages.filter((message) => message.role === 'customer').map((message) => message.text))).toEqual(
      expect.arrayContaining(['收到货后多少天内可以退货？我的手机 13812345678', '发货后几天能到？']),
    );
    expect(exported.every((conversation) => conversation.messages.some((message) => message.role === 'bot'))).toBe(true);

    const byConversation = await chat.http().get('/api/v1/privacy/export').query({ conversationId: first.conversationId }).set(admin()).expect(200);
    expect(byConversation.body.conversations).toHaveLength(1);

    const agent = await chat.createAgent('Wang Fang');
    await chat.http().get('/api/v1/privacy/export').query({ customerId: 'u-1001' }).set({ authorization: `Bearer ${agent.token}` }).expect(403);
    await chat.http().get('/api/v1/privacy/export').query({ customerId: 'u-1001' }).expect(401);
  });

  it('refuses a request that names nobody, or two ways at once, and says when nobody matches', async () => {
    const none = await chat.http().get('/api/v1/privacy/export').set(admin()).expect(400);
    expect(none.body.error.code).toBe('VALIDATION_FAILED');
    await chat.http().get('/api/v1/privacy/export').query({ customerId: 'u-1001', conversationId: '6f1c5d2e-8a4b-4c3d-9e2f-1a2b3c4d5e6f' }).set(admin()).expect(400);
    await chat.http().get('/api/v1/privacy/export').query({ conversationId: 'not-a-uuid' }).set(admin()).expect(400);
    await chat.http().get('/api/v1/privacy/export').query({ customerId: 'u-nobody' }).set(admin()).expect(404);
    await chat.http().delete('/api/v1/privacy/customer-data').query({ customerId: 'x'.repeat(201) }).set(admin()).expect(400);
  });

  it('deletes everything of one customer and nothing of anyone else, and the audit log says who did it', async () => {
    const other = await customerSays('你们几点下班？');
    const deleted = await chat.http().delete('/api/v1/privacy/customer-data').query({ customerId: 'u-1001' }).set(admin()).expect(200);
    expect(deleted.body).toMatchObject({ selector: { customerId: 'u-1001' }, deleted: { conversations: 2, messages: expect.any(Number) } });
    expect(deleted.body.deleted.messages).toBeGreaterThanOrEqual(4);

    await chat.http().get('/api/v1/privacy/export').query({ customerId: 'u-1001' }).set(admin()).expect(404);
    expect(await rows(`SELECT count(*)::int AS n FROM conversation WHERE customer_id = $1`, ['u-1001'])).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT count(*)::int AS n FROM message WHERE text LIKE '%13812345678%'`)).toEqual([{ n: 0 }]);
    await chat.http().get('/api/v1/privacy/export').query({ conversationId: other.conversationId }).set(admin()).expect(200);

    const entries = await auditActions();
    expect(entries.find((entry) => entry.action === 'privacy.delete')).toMatchObject({ actor: ADMIN.email, target: 'customerId:u-1001' });
    expect(entries.filter((entry) => entry.action === 'privacy.export').length).toBeGreaterThanOrEqual(2);
    expect(entries.filter((entry) => entry.action === 'agent.sign_in').map((entry) => entry.actor)).toContain(ADMIN.email);
    expect(entries.find((entry) => entry.action === 'agent.create')).toMatchObject({ actor: ADMIN.email, details: { fields: expect.arrayContaining(['email', 'name', 'password']) } });
    expect(JSON.stringify(entries)).not.toContain('agent-password-1');
  });

  it('purges the words of conversations closed longer than RETENTION_DAYS, keeping what analytics counts', async () => {
    const closed = await customerSays('退货运费谁出？我的邮箱 someone@example.com');
    expect(await emitAck(closed.socket, 'end', {})).toMatchObject({ ok: true });
    const open = await customerSays('可以开发票吗？');
    const before = (await chat.http().get('/api/v1/analytics').set(admin()).expect(200)).body;

    const retention = chat.app.get(RetentionService);
    expect(await retention.purge(Date.now() + 29 * DAY_MS)).toBe(0);
    expect(await retention.purge(Date.now() + 31 * DAY_MS)).toBeGreaterThanOrEqual(1);

    const purged = await rows<{ text: string; role: string }>(`SELECT text, role FROM message WHERE conversation_id = $1::uuid`, [closed.conversationId]);
    expect(purged.length).toBeGreaterThanOrEqual(2);
    expect(purged.every((message) => message.text === '')).toBe(true);
    expect(await rows(`SELECT purged_at IS NOT NULL AS purged, state FROM conversation WHERE id = $1::uuid`, [closed.conversationId])).toEqual([{ purged: true, state: 'closed' }]);
    const kept = await rows<{ text: string }>(`SELECT text FROM message WHERE conversation_id = $1::uuid AND role = 'customer'`, [open.conversationId]);
    expect(kept).toEqual([{ text: '可以开发票吗？' }]);

    const after = (await chat.http().get('/api/v1/analytics').set(admin()).expect(200)).body;
    expect(after.conversations).toEqual(before.conversations);
    expect(await retention.purge(Date.now() + 31 * DAY_MS)).toBe(0);
    expect((await auditActions()).find((entry) => entry.action === 'retention.purge')).toMatchObject({ actor: 'system', details: { conversations: expect.any(Number) } });
  });

  it('keeps the audit log for admins, paged and bounded', async () => {
    const agent = await chat.createAgent('Zhao Lei');
    await chat.http().get('/api/v1/audit-log').set({ authorization: `Bearer ${agent.token}` }).expect(403);
    await chat.http().get('/api/v1/audit-log').query({ limit: 0 }).set(admin()).expect(400);
    await chat.http().get('/api/v1/audit-log').query({ before: '99999999999999999999999' }).set(admin()).expect(400);
    const page = (await chat.http().get('/api/v1/audit-log').query({ limit: 2 }).set(admin()).expect(200)).body.entries as Array<{ id: string }>;
    expect(page).toHaveLength(2);
    const next = (await chat.http().get('/api/v1/audit-log').query({ limit: 2, before: page[1].id }).set(admin()).expect(200)).body.entries as Array<{ id: string }>;
    expect(BigInt(next[0].id)).toBeLessThan(BigInt(page[1].id));
    const signIns = (await chat.http().get('/api/v1/audit-log').query({ action: 'agent.sign_in' }).set(admin()).expect(200)).body.entries as Array<{ action: string }>;
    expect(signIns.length).toBeGreaterThanOrEqual(3);
    expect(signIns.every((entry) => entry.action === 'agent.sign_in')).toBe(true);
  });
});
