import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { KnowledgeLifecycleService } from '../../src/knowledge/knowledge-lifecycle.service';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';

const ADMIN = { email: 'admin@kefu.test', password: 'admin-password-1' };
const FAQ = '- id: hours\n  question: 你们几点上班？\n  answer: 每天 9:00-21:00。\n';
const SECRET_TEXT = '身份证号 11010519491231002X，银行卡号 6222021234567894，手机 13812345678，我要转人工';

async function start(folder: TempKnowledgeFolder, settings: Record<string, string> = {}): Promise<INestApplication> {
  const app = await createApp(testConfig({ KNOWLEDGE_DIR: folder.dir, ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password, ...settings }), { logger: false });
  await app.init();
  await app.get(KnowledgeLifecycleService).whenReady();
  return app;
}

/** A customer says `text` over REST (which asks for a person); returns what an agent reads and what was stored. */
async function handOff(app: INestApplication, text: string) {
  const http = () => request(app.getHttpServer());
  const adminToken = (await http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
  const { conversationId, token } = (await http().post('/api/v1/conversations').send({}).expect(201)).body;
  const sent = await http().post(`/api/v1/conversations/${conversationId}/messages`).set('authorization', `Bearer ${token}`).send({ clientMessageId: 'c1', text }).expect(200);
  expect(sent.body.status.state).toBe('waiting');
  const detail = await http().get(`/api/v1/agent/conversations/${conversationId}`).set('authorization', `Bearer ${adminToken}`).expect(200);
  return { summary: detail.body.summary, stored: sent.body.message.text as string, transcript: detail.body };
}

describe('card and resident ID numbers (issue 14, item 4)', () => {
  const folders: TempKnowledgeFolder[] = [];
  const apps: INestApplication[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
    for (const folder of folders) folder.dispose();
  });

  it('masks them in the handoff summary, never as order numbers; the stored transcript keeps what the customer wrote', async () => {
    const folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': FAQ });
    folders.push(folder);
    const app = await start(folder);
    apps.push(app);
    const { summary, stored } = await handOff(app, SECRET_TEXT);
    expect(summary.facts.orderNumbers).toEqual([]);
    expect(summary.facts.contacts).toEqual(['138****5678']);
    const everything = JSON.stringify(summary);
    for (const clear of ['11010519491231002X', '11010519491231002', '6222021234567894', '13812345678']) expect(everything).not.toContain(clear);
    expect(summary.text).toContain('622202******7894');
    expect(summary.text).toContain('110***********002X');
    expect(stored).toBe(SECRET_TEXT);
  }, 180_000);

  it('lets kefu.yaml order_numbers win over card detection', async () => {
    const folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': FAQ, 'kefu.yaml': 'order_numbers:\n  - "62\\\\d{14}"\n' });
    folders.push(folder);
    const app = await start(folder);
    apps.push(app);
    const { summary } = await handOff(app, '订单 6222021234567894 一直没发货，我要转人工');
    expect(summary.facts.orderNumbers).toEqual(['6222021234567894']);
    expect(summary.text).toContain('6222021234567894');
  }, 180_000);

  it('masks before storage with REDACT_STORED_PII=true', async () => {
    const folder = new TempKnowledgeFolder({ 'faq/a.faq.yaml': FAQ });
    folders.push(folder);
    const app = await start(folder, { REDACT_STORED_PII: 'true' });
    apps.push(app);
    const { stored, transcript } = await handOff(app, SECRET_TEXT);
    expect(stored).toBe('身份证号 110***********002X，银行卡号 622202******7894，手机 138****5678，我要转人工');
    expect(JSON.stringify(transcript)).not.toContain('6222021234567894');
  }, 180_000);
});
