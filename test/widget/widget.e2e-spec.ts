import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { identityHash } from '../../src/conversations/customer-identity';
import { buildWebAssets, DESKTOP, launchBrowser, PHONE, screenshot, see, startShop, watchForPageErrors } from '../support/browser';
import { withExifGps } from '../support/images';
import { ADMIN, ALWAYS_OPEN, connect, emitAck, LiveChat, startLiveChat, until, waitFor } from '../support/live-chat';

const IDENTITY_SECRET = 'lumo-shop-identity-secret';
const SUITE = 'widget';
const XSS = '<img src=x onerror=alert(1)>';

/**
 * The chat widget in real Chromium, found as a person finds things: by role and accessible name. The agent side is
 * played by a socket client and the REST API.
 */
describe('the chat widget in a browser', () => {
  jest.setTimeout(120_000);
  let chat: LiveChat;
  let browser: Browser;
  let adminToken: string;
  const sockets: Socket[] = [];
  const contexts: BrowserContext[] = [];
  const scratch = mkdtempSync(path.join(tmpdir(), 'kefu-widget-'));

  beforeAll(async () => {
    buildWebAssets();
    chat = await startLiveChat(ALWAYS_OPEN, { WIDGET_IDENTITY_SECRET: IDENTITY_SECRET });
    browser = await launchBrowser();
    adminToken = (await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    for (const socket of sockets) socket.disconnect();
    await chat?.close();
    rmSync(scratch, { recursive: true, force: true });
  }, 60_000);

  async function newPage(options: Parameters<Browser['newContext']>[0]): Promise<{ page: Page; context: BrowserContext; problems: string[] }> {
    const context = await browser.newContext(options);
    contexts.push(context);
    const page = await context.newPage();
    return { page, context, problems: watchForPageErrors(page) };
  }

  const chatLog = (page: Page) => page.getByRole('log');
  const articleWith = (page: Page, text: string | RegExp) => chatLog(page).getByRole('article').filter({ hasText: text });

  async function send(page: Page, label: string, text: string): Promise<void> {
    const box = page.getByRole('textbox', { name: label });
    await box.fill(text);
    await box.press('Enter');
  }

  async function conversationIdOf(page: Page): Promise<string> {
    return page.evaluate(() => {
      const storage = (globalThis as unknown as { localStorage: Record<string, string> & { getItem(key: string): string } }).localStorage;
      const key = Object.keys(storage).find((name) => name.startsWith('kefu:'))!;
      return JSON.parse(storage.getItem(key)).conversationId as string;
    });
  }

  it('asks for a person when nobody is on duty and leaves a message (English, keyboard only)', async () => {
    const { page, problems } = await newPage({ ...DESKTOP, locale: 'en-US' });
    await page.goto(`${chat.url}/`);
    const launcher = page.getByRole('button', { name: 'Chat with us' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: '乐木客服' });
    await see(dialog).toBeVisible();
    await see(page.getByRole('textbox', { name: 'Type a message' })).toBeFocused();

    await page.getByRole('button', { name: 'Talk to a person' }).click();
    const form = page.getByRole('form', { name: 'Nobody is available — leave a message' });
    await see(form).toBeVisible();
    await form.getByRole('textbox', { name: 'Your message' }).fill('My kettle K1 (order 20261130-7788) leaks, please call back.');
    await form.getByRole('button', { name: 'Send message' }).click();
    await see(form.getByRole('status')).toHaveText('Leave an email or a phone number');
    await form.getByRole('textbox', { name: 'Email' }).fill('wang.fang@example.com');
    await form.getByRole('button', { name: 'Send message' }).click();
    await see(page.getByText('Message sent. We will get back to you soon.')).toBeVisible();
    const tickets = (await chat.http().get('/api/v1/agent/tickets').set('authorization', `Bearer ${adminToken}`).expect(200)).body.items;
    expect(tickets).toEqual(expect.arrayContaining([expect.objectContaining({ contact: expect.objectContaining({ email: 'wang.fang@example.com' }), text: expect.stringContaining('20261130-7788') })]));

    await page.keyboard.press('Escape');
    await see(dialog).toBeHidden();
    await see(launcher).toBeFocused();
    expect(problems).toEqual([]);
  });

  it('a customer on a phone gets an answer with its source, picks a suggestion, rates it down, waits in the queue, talks to an agent and rates the chat', async () => {
    const agent = await chat.createAgent('Li Lei', { maxChats: 1 });
    const agentSocket = connect(chat.url, '/agent', { token: agent.token });
    sockets.push(agentSocket);
    await waitFor(agentSocket, 'queue');
    // another customer takes the agent's only slot, so the widget's customer has to queue
    const occupying = waitFor(agentSocket, 'conversation:assigned');
    const other = connect(chat.url, '/customer');
    sockets.push(other);
    await waitFor(other, 'session');
    await emitAck(other, 'message', { clientMessageId: 'other-1', text: '转人工' });
    const otherChat = (await occupying).conversationId;

    const { page, problems } = await newPage({ ...PHONE, locale: 'zh-CN' });
    await page.goto(`${chat.url}/`);
    const launcher = page.getByRole('button', { name: '在线客服' });
    await see(launcher).toBeVisible();
    await screenshot(page, SUITE, '1-closed');
    await launcher.click();
    await see(page.getByRole('dialog', { name: '乐木客服' })).toBeVisible();
    await see(chatLog(page)).toContainText('您好，我是乐木智能客服小乐');
    await screenshot(page, SUITE, '2-open');

    await send(page, '输入消息', '收到货后多少天内可以退货？');
    const answer = articleWith(page, '参考来源');
    await see(answer).toContainText('7 天');
    await see(answer.getByRole('listitem')).toContainText(['收到货后多少天内可以退货？']);
    await screenshot(page, SUITE, '3-answer');

    await send(page, '输入消息', '退货?');
    const suggestion = chatLog(page).getByRole('button', { name: '怎么申请退货？' });
    await suggestion.click();
    await see(chatLog(page).getByRole('article', { name: '我' }).filter({ hasText: '怎么申请退货？' })).toHaveCount(1);
    const thumbsDown = articleWith(page, '申请售后').getByRole('button', { name: '没有帮助' });
    await thumbsDown.click();
    await see(thumbsDown).toHaveAttribute('aria-pressed', 'true');

    // a thumbs-down escalates: the chat waits for the busy agent, and the customer sees their place
    await see(page.getByRole('status').filter({ hasText: '您正在排队' })).toContainText(/前面还有 0 位.*预计等待约 \d+ 分钟/);
    await see(page.getByRole('button', { name: '转人工客服' })).toBeHidden();
    await screenshot(page, SUITE, '4-queue');

    const assigned = waitFor(agentSocket, 'conversation:assigned');
    await chat.http().post(`/api/v1/agent/conversations/${otherChat}/close`).set('authorization', `Bearer ${agent.token}`).send({}).expect(200);
    const mine = (await assigned).conversationId;
    expect(mine).toBe(await conversationIdOf(page));
    await see(page.getByText('客服 Li Lei 正在为您服务', { exact: true })).toBeVisible();
    await emitAck(agentSocket, 'typing', { conversationId: mine });
    await see(page.getByRole('status').filter({ hasText: 'Li Lei 正在输入' })).toBeVisible();
    await chat.http().post(`/api/v1/agent/conversations/${mine}/reply`).set('authorization', `Bearer ${agent.token}`).send({ clientMessageId: 'r1', text: '您好，我是 Li Lei，请把订单号发给我，我帮您办理退货。' }).expect(200);
    await see(chatLog(page).getByRole('article', { name: 'Li Lei' })).toContainText('请把订单号发给我');

    await chat.http().post(`/api/v1/agent/conversations/${mine}/close`).set('authorization', `Bearer ${agent.token}`).send({ resolution: 'return started' }).expect(200);
    const rating = page.getByRole('group', { name: '为本次服务评分' });
    await see(rating).toBeVisible();
    await rating.getByRole('radio', { name: '5 星' }).check();
    await page.getByRole('textbox', { name: '评价（选填）' }).fill('很快就解决了');
    await screenshot(page, SUITE, '5-rating');
    await page.getByRole('button', { name: '提交评价' }).click();
    await see(page.getByText('感谢您的评价！')).toBeVisible();
    const detail = await chat.http().get(`/api/v1/agent/conversations/${mine}`).set('authorization', `Bearer ${adminToken}`).expect(200);
    expect(detail.body.csat).toBe(5);
    expect(detail.body.transcript.filter((message: { role: string }) => message.role === 'customer').map((message: { text: string }) => message.text)).toEqual(['收到货后多少天内可以退货？', '退货?', '怎么申请退货？']);
    const feedback = await until(async () => (await chat.http().get(`/api/v1/analytics?days=1`).set('authorization', `Bearer ${adminToken}`)).body, (body) => JSON.stringify(body).includes('down'));
    expect(feedback).toBeDefined();
    expect(problems).toEqual([]);
    agentSocket.disconnect(); // off duty: the next chats go to other agents
  });

  it('keeps the whole history in order across a reload, and sends a message typed offline once', async () => {
    const { page, context, problems } = await newPage({ ...DESKTOP, locale: 'zh-CN' });
    await page.goto(`${chat.url}/`);
    await page.getByRole('button', { name: '在线客服' }).click();
    await send(page, '输入消息', '运费怎么算？');
    await see(chatLog(page).getByRole('article')).toHaveCount(3); // greeting, question, answer
    await send(page, '输入消息', '你好');
    await see(chatLog(page).getByRole('article')).toHaveCount(5);
    const before = await chatLog(page).getByRole('article').allInnerTexts();

    await page.reload();
    await page.getByRole('button', { name: '在线客服' }).click();
    await see(chatLog(page).getByRole('article')).toHaveCount(5);
    expect(await chatLog(page).getByRole('article').allInnerTexts()).toEqual(before);

    await context.setOffline(true);
    await see(page.getByRole('alert')).toHaveText('网络已断开，消息将在恢复后发送');
    await send(page, '输入消息', '断网时写的这条消息');
    await see(articleWith(page, '断网时写的这条消息')).toContainText('发送中');
    await context.setOffline(false);
    await see(articleWith(page, '断网时写的这条消息')).not.toContainText('发送中');
    await see(articleWith(page, '断网时写的这条消息')).toHaveCount(1);
    const conversationId = await conversationIdOf(page);
    const stored = await until(
      async () => (await chat.http().get(`/api/v1/agent/conversations/${conversationId}`).set('authorization', `Bearer ${adminToken}`)).body.transcript as Array<{ text: string }>,
      (transcript) => transcript.some((message) => message.text === '断网时写的这条消息'),
    );
    expect(stored.filter((message) => message.text === '断网时写的这条消息')).toHaveLength(1);
    await page.reload();
    await page.getByRole('button', { name: '在线客服' }).click();
    await see(articleWith(page, '断网时写的这条消息')).toHaveCount(1);
    expect(problems).toEqual([]);
  });

  it('shows markup from the customer and the agent as text, and sends a photo as a thumbnail while refusing a huge file and a renamed program', async () => {
    const agent = await chat.createAgent('Han Mei', { maxChats: 3 });
    const agentSocket = connect(chat.url, '/agent', { token: agent.token });
    sockets.push(agentSocket);
    await waitFor(agentSocket, 'queue');
    const { page, problems } = await newPage({ ...DESKTOP, locale: 'en-US' });
    await page.goto(`${chat.url}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const assigned = waitFor(agentSocket, 'conversation:assigned');
    await page.getByRole('button', { name: 'Talk to a person' }).click();
    const conversationId = (await assigned).conversationId;
    await send(page, 'Type a message', XSS);
    await see(articleWith(page, XSS)).toHaveCount(1);
    await chat.http().post(`/api/v1/agent/conversations/${conversationId}/reply`).set('authorization', `Bearer ${agent.token}`).send({ clientMessageId: 'x1', text: `Agent says ${XSS}` }).expect(200);
    await see(chatLog(page).getByRole('article', { name: 'Han Mei' }).filter({ hasText: `Agent says ${XSS}` })).toHaveCount(1);
    await see(page.getByRole('dialog').getByRole('img')).toHaveCount(0);

    const photo = path.join(scratch, 'broken-kettle.jpg');
    writeFileSync(photo, withExifGps(await page.screenshot({ type: 'jpeg', quality: 70, clip: { x: 0, y: 0, width: 320, height: 200 } })));
    await choosePhoto(page, photo);
    const thumbnail = chatLog(page).getByRole('img', { name: 'Photo from You' });
    await see(thumbnail).toBeVisible();
    await until(() => thumbnail.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), (width) => width > 0);
    const transcript = (await chat.http().get(`/api/v1/agent/conversations/${conversationId}`).set('authorization', `Bearer ${agent.token}`).expect(200)).body.transcript;
    const sent = transcript.find((message: { attachments?: unknown[] }) => message.attachments?.length);
    const served = await chat.http().get(sent.attachments[0].url).set('authorization', `Bearer ${agent.token}`).buffer(true).expect(200);
    expect(Buffer.from(served.body).toString('latin1')).not.toContain('GPSLatitude');

    const huge = path.join(scratch, 'huge.jpg');
    writeFileSync(huge, Buffer.alloc(20 * 1024 * 1024, 0xff));
    await choosePhoto(page, huge);
    await see(page.getByRole('alert')).toHaveText('The photo is too large (at most 5 MB)');
    const program = path.join(scratch, 'holiday.jpg');
    writeFileSync(program, Buffer.from('MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff This program cannot be run in DOS mode.', 'latin1'));
    await choosePhoto(page, program);
    await see(page.getByRole('alert')).toHaveText('The photo could not be sent: Only JPEG, PNG or WebP photos can be sent');
    await see(chatLog(page).getByRole('img')).toHaveCount(1);
    await screenshot(page, SUITE, '6-photo-and-markup');
    expect(problems).toEqual([]);
  });

  it('shows a signed-in customer their earlier conversation in a second browser, ignores a wrong hash, and survives hostile page CSS', async () => {
    const userId = `lumo-member-${Date.now()}`;
    // the shop is another site (its own origin), whose CSS hides every button and every div
    const shop = await startShop((hash) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hostile shop</title>
      <style>* { all: unset } button { display: none } div { display: none }</style></head>
      <body><h1>My account</h1><button>Buy</button>
      <script src="${chat.url}/widget.js" data-lang="en" data-title="Lumo help" data-color="#0f766e" data-position="left" data-user-id="${userId}" data-user-hash="${hash}" async></script></body></html>`);
    const openShop = async (hash: string) => {
      const opened = await newPage({ ...DESKTOP, locale: 'en-US' });
      await opened.page.goto(`${shop.url}/?hash=${hash}`);
      await opened.page.getByRole('button', { name: 'Chat with us' }).click();
      await see(opened.page.getByRole('dialog', { name: 'Lumo help' })).toBeVisible();
      return opened;
    };

    const first = await openShop(identityHash(IDENTITY_SECRET, userId));
    await send(first.page, 'Type a message', 'How long do I have to return an item?');
    await see(articleWith(first.page, 'Sources')).toContainText('7 days');
    await screenshot(first.page, SUITE, '7-hostile-css');
    await first.context.close();

    const second = await openShop(identityHash(IDENTITY_SECRET, userId));
    const earlier = second.page.getByRole('group', { name: /^Earlier conversation/ });
    await see(earlier).toContainText('How long do I have to return an item?');

    const impostor = await openShop(identityHash('not-the-shop-secret', userId));
    await send(impostor.page, 'Type a message', 'hello');
    await see(articleWith(impostor.page, 'hello')).toHaveCount(1);
    const impostorChat = await until(() => conversationIdOf(impostor.page).catch(() => ''), Boolean);
    const detail = await until(
      async () => (await chat.http().get(`/api/v1/agent/conversations/${impostorChat}`).set('authorization', `Bearer ${adminToken}`)).body,
      (body) => body.transcript?.some((message: { role: string }) => message.role === 'bot'),
    );
    expect(detail.customer).toEqual({ id: null, earlierConversations: [] });
    await see(impostor.page.getByRole('group', { name: /^Earlier conversation/ })).toHaveCount(0);
    expect([...first.problems, ...second.problems, ...impostor.problems]).toEqual([]);
    await shop.close();
  });

  async function choosePhoto(page: Page, file: string): Promise<void> {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Send a photo' }).click();
    await (await chooser).setFiles(file);
  }
});
