import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { connect, emitAck, waitFor } from '../support/live-chat';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

describe('an idempotency key reused with another text (issue 14, item 10)', () => {
  const folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': '- id: hours\n  question: 你们几点上班？\n  answer: 每天 9:00-21:00。\n' });
  let app: INestApplication;
  let url: string;

  beforeAll(async () => {
    app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir }), { logger: false });
    await app.listen(0, '127.0.0.1');
    await app.get(KnowledgeLifecycleService).whenReady();
    url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    folder.dispose();
  });

  it('answers 409 IDEMPOTENCY_CONFLICT over REST and an error ack over the socket; the same text is still a retry', async () => {
    const http = () => request(app.getHttpServer());
    const { conversationId, token } = (await http().post('/api/v1/conversations').send({}).expect(201)).body;
    const send = (text: string) => http().post(`/api/v1/conversations/${conversationId}/messages`).set('authorization', `Bearer ${token}`).send({ clientMessageId: 'k-1', text });
    const first = (await send('几点上班').expect(200)).body.message;
    expect((await send('几点上班').expect(200)).body.message).toEqual(first);
    const conflict = await send('另一个问题').expect(409);
    expect(conflict.body.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT', details: { seq: first.seq } });

    const socket = connect(url, '/customer', { conversationId, token });
    try {
      await waitFor(socket, 'session');
      expect(await emitAck(socket, 'message', { clientMessageId: 'k-1', text: '几点上班' })).toEqual({ id: first.id, seq: first.seq });
      expect(await emitAck(socket, 'message', { clientMessageId: 'k-1', text: 'changed' })).toMatchObject({ error: { code: 'IDEMPOTENCY_CONFLICT' } });
      expect(socket.connected).toBe(true);
    } finally {
      socket.disconnect();
    }
  });
});
