import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { launchBrowser, newContext, screenshot, watchForPageErrors } from '../support/browser';
import { ADMIN, collect, connect, emitAck, LiveChat, startLiveChat, until, waitFor } from '../support/live-chat';
import { jpegWithExif } from '../support/images';
import { startSmtpServer } from '../support/smtp-server';

const SUITE = 'console';
const COMPLAINT = '我的订单号是LM202611230001，都一个星期了还没发货，你们太垃圾了，我要投诉！！！';

/** The agent console in real headless Chromium, against the whole service; elements found by roles and labels. */
describe('agent console (/console) in Chromium', () => {
  let chat: LiveChat;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const sockets: Socket[] = [];
  const pageErrors: string[][] = [];

  const newCustomer = async () => {
    const socket = connect(chat.url, '/customer', { lang: 'zh' });
    sockets.push(socket);
    const session = await waitFor<{ conversationId: string; token: string }>(socket, 'session');
    return { socket, session, messages: collect<{ role: string; text: string }>(socket, 'message'), statuses: collect<{ state: string }>(socket, 'status') };
  };

  /** A fresh browser context signed in to the console as this agent. */
  const signIn = async (email: string, password: string, name = email): Promise<Page> => {
    const context = await newContext(browser, { locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    pageErrors.push(watchForPageErrors(page));
    await page.goto(`${chat.url}/console`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    void name;
    return page;
  };
  const agentPage = async (name: string, options: { maxChats?: number } = {}) => {
    const agent = await chat.createAgent(name, { maxChats: 20, ...options });
    return { ...agent, page: await signIn(agent.email, 'agent-password-1') };
  };
  const setPresence = (page: Page, status: 'Online' | 'Away' | 'Offline') => page.getByLabel('Presence').first().selectOption({ label: status });
  const queueItem = (page: Page, text: string) => page.getByRole('list', { name: 'Queue' }).getByRole('listitem').filter({ hasText: text });

  beforeAll(async () => {
    execFileSync(process.execPath, [path.resolve(__dirname, '../../src/web/build.mjs')], { stdio: 'ignore' });
    smtp = await startSmtpServer();
    chat = await startLiveChat(undefined, { SMTP_URL: smtp.url, AGENT_GRACE_SECONDS: '60', QUEUE_SLA_SECONDS: '2' });
    chat.folder.write('replies.yaml', '- id: order-check\n  title: 查订单\n  text: { zh: 我马上为您查询订单，请稍候。, en: Let me check your order. }\n  tags: [orders]\n');
    browser = await launchBrowser();
  }, 180_000);

  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.disconnect();
    for (const context of contexts.splice(0)) await context.close();
    expect(pageErrors.splice(0).flat()).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await chat?.close();
    await smtp?.close();
  });

  it('signs in, claims a complaint, answers with a suggestion, notes, transfers; the second agent closes and suggests a FAQ', async () => {
    const context = await newContext(browser, { locale: 'en-US' });
    contexts.push(context);
    const signInPage = await context.newPage();
    await signInPage.goto(`${chat.url}/console`);
    await signInPage.getByLabel('Email').fill('nobody@kefu.test');
    await signInPage.getByLabel('Password').fill('wrong-password');
    await signInPage.getByRole('button', { name: 'Sign in' }).click();
    await signInPage.getByRole('alert').filter({ hasText: 'Sign-in failed' }).waitFor();
    await screenshot(signInPage, SUITE, 'sign-in');

    const one = await agentPage('Agent One');
    await setPresence(one.page, 'Away');
    const customer = await newCustomer();
    await emitAck(customer.socket, 'message', { clientMessageId: 'c-1', text: COMPLAINT });

    const item = queueItem(one.page, 'LM202611230001');
    await item.getByText('Complaint').waitFor();
    await item.getByText('Over the waiting-time target').waitFor({ timeout: 10_000 });
    await screenshot(one.page, SUITE, 'queue');
    await item.getByRole('button', { name: 'Claim' }).click();

    const summary = one.page.getByRole('region', { name: 'Handoff summary' });
    await summary.getByText('LM202611230001').first().waitFor();
    await summary.getByText('Complaint').waitFor();
    const transcript = one.page.getByRole('list', { name: 'Transcript' });
    await transcript.getByText(COMPLAINT).waitFor();
    await screenshot(one.page, SUITE, 'chat-with-summary');

    const suggestions = one.page.getByRole('region', { name: 'Suggested answers' });
    await suggestions.getByRole('button', { name: /^Insert/ }).first().click();
    const reply = one.page.getByLabel('Reply', { exact: true });
    const inserted = await reply.inputValue();
    expect(inserted.length).toBeGreaterThan(5);
    await reply.press('End');
    await reply.press('Shift+Enter');
    await reply.pressSequentially('订单LM202611230001今天发出。');
    expect(await reply.inputValue()).toBe(`${inserted}\n订单LM202611230001今天发出。`);
    await reply.press('Enter');
    await until(async () => customer.messages.find((message) => message.role === 'agent'), Boolean);
    expect(customer.messages.find((message) => message.role === 'agent')?.text).toBe(`${inserted}\n订单LM202611230001今天发出。`);
    expect(await reply.inputValue()).toBe('');

    await one.page.getByLabel('Internal note').fill('VIP, check the warehouse');
    await one.page.getByRole('button', { name: 'Add note' }).click();
    await transcript.getByText('VIP, check the warehouse').waitFor();

    const two = await agentPage('Agent Two');
    await one.page.reload(); // the colleague list is read when the desk opens
    await one.page.getByRole('button', { name: /LM202611230001/ }).first().click();
    await one.page.getByLabel('Transfer to').selectOption({ label: 'Agent Two (Online)' });
    await one.page.getByLabel('Transfer note').fill('promised a refund of the shipping fee');
    await one.page.getByRole('button', { name: 'Transfer', exact: true }).click();

    const theirs = two.page.getByRole('list', { name: 'Transcript' });
    await theirs.getByText('promised a refund of the shipping fee').waitFor();
    await theirs.getByText('VIP, check the warehouse').waitFor();
    await two.page.getByRole('region', { name: 'Handoff summary' }).getByText('LM202611230001').first().waitFor();
    await two.page.getByLabel('Resolution').fill('refunded shipping');
    await two.page.getByRole('button', { name: 'Close chat' }).click();
    await until(async () => customer.statuses.find((status) => status.state === 'closed'), Boolean);

    await two.page.getByText('Suggest as FAQ').click();
    // <details> fires "toggle" as a task after the click: the form is pre-filled a moment later
    await until(() => two.page.getByLabel('Question').inputValue(), (value) => value !== '');
    expect(await two.page.getByLabel('Question').inputValue()).toBe(COMPLAINT);
    expect(await two.page.getByLabel('Answer').inputValue()).toContain('订单LM202611230001今天发出。');
    await two.page.getByLabel('Question').fill('订单一周未发货怎么办？');
    await two.page.getByRole('button', { name: 'Submit suggestion' }).click();
    await two.page.getByText('Suggested to content staff').waitFor();

    expect(customer.messages.some((message) => message.text.includes('VIP') || message.text.includes('refund of the shipping'))).toBe(false);
    const repository = chat.app.get(ConversationsRepository);
    expect(await repository.find(customer.session.conversationId)).toMatchObject({ state: 'closed', resolution: 'refunded shipping', agentId: two.id });
    expect((await repository.faqSuggestions()).find((suggestion) => suggestion.conversationId === customer.session.conversationId)).toMatchObject({ question: '订单一周未发货怎么办？', agentId: two.id });
  });

  it('tells the agent who loses a race for the same chat', async () => {
    const [first, second] = await Promise.all([agentPage('Racer A'), agentPage('Racer B')]);
    await Promise.all([setPresence(first.page, 'Away'), setPresence(second.page, 'Away')]);
    const customer = await newCustomer();
    await emitAck(customer.socket, 'message', { clientMessageId: 'r-1', text: '转人工，订单LM5550001' });
    const buttons = await Promise.all([first.page, second.page].map(async (page) => (await queueItem(page, 'LM5550001').getByRole('button', { name: 'Claim' }).elementHandle())!));
    await Promise.all(buttons.map((button) => button.evaluate((element) => (element as unknown as { click(): void }).click())));
    const outcomes = await Promise.all(
      [first.page, second.page].map((page) =>
        Promise.race([
          page.getByRole('region', { name: 'Handoff summary' }).waitFor().then(() => 'won'),
          page.getByRole('status').filter({ hasText: 'Another agent took this chat first' }).waitFor().then(() => 'lost'),
        ]),
      ),
    );
    expect(outcomes.sort()).toEqual(['lost', 'won']);
  });

  it('finds a canned reply with / and sends it; shows customer markup as text everywhere', async () => {
    const agent = await agentPage('Canned Cai');
    await setPresence(agent.page, 'Away');
    const customer = await newCustomer();
    const hostile = '<img src=x onerror=alert(1)> 我要投诉，订单LM7770001 <script>alert(2)</script>';
    await emitAck(customer.socket, 'message', { clientMessageId: 'x-1', text: hostile });
    const item = queueItem(agent.page, 'LM7770001');
    await item.getByText('<img src=x onerror=alert(1)>').waitFor();
    await item.getByRole('button', { name: 'Claim' }).click();
    await agent.page.getByRole('region', { name: 'Handoff summary' }).getByText('<img src=x onerror=alert(1)>').first().waitFor();
    await agent.page.getByRole('list', { name: 'Transcript' }).getByText(hostile).waitFor();
    expect(await agent.page.locator('img[src=x]').count()).toBe(0);

    const reply = agent.page.getByLabel('Reply', { exact: true });
    await reply.pressSequentially('/订单');
    await agent.page.getByRole('listbox', { name: 'Canned replies' }).getByRole('option', { name: /查订单/ }).waitFor();
    await reply.press('Enter');
    expect(await reply.inputValue()).toBe('我马上为您查询订单，请稍候。');
    await reply.press('Enter');
    await until(async () => customer.messages.find((message) => message.role === 'agent'), Boolean);
    expect(customer.messages.find((message) => message.role === 'agent')?.text).toBe('我马上为您查询订单，请稍候。');

    const { body: upload } = await chat.http().post(`/api/v1/conversations/${customer.session.conversationId}/attachments`).set('authorization', `Bearer ${customer.session.token}`).attach('file', jpegWithExif(), { filename: 'kettle.jpg', contentType: 'image/jpeg' }).expect(201);
    await emitAck(customer.socket, 'message', { clientMessageId: 'x-2', text: '看图', attachmentIds: [upload.attachment.id] });
    const photo = agent.page.getByRole('list', { name: 'Transcript' }).getByRole('img', { name: 'Photo from the customer' });
    await photo.waitFor();
    await until(async () => photo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), (width) => width > 0);

    // a second chat in view: the first one's new message is counted unread, in the list and in the page title
    const other = await newCustomer();
    await emitAck(other.socket, 'message', { clientMessageId: 'u-1', text: '转人工，订单LM7770002' });
    await queueItem(agent.page, 'LM7770002').getByRole('button', { name: 'Claim' }).click();
    await agent.page.getByRole('list', { name: 'Transcript' }).getByText('转人工，订单LM7770002').waitFor();
    await emitAck(customer.socket, 'message', { clientMessageId: 'x-3', text: '还在吗？' });
    await agent.page.getByLabel('1 unread').waitFor();
    expect(await agent.page.title()).toBe('(1) kefu console');
  });

  it('keeps the chats of an agent whose page drops off and comes back within the grace period, and the half-typed reply across an expired sign-in', async () => {
    const agent = await agentPage('Reload Rui');
    const customer = await newCustomer();
    await emitAck(customer.socket, 'message', { clientMessageId: 'd-1', text: '转人工，订单LM8880001' });
    const reply = agent.page.getByLabel('Reply', { exact: true });
    await reply.waitFor();
    await agent.page.reload();
    await agent.page.getByRole('list', { name: 'Transcript' }).getByText('转人工，订单LM8880001').waitFor();
    expect(await chat.app.get(ConversationsRepository).find(customer.session.conversationId)).toMatchObject({ state: 'assigned', agentId: agent.id });

    await reply.fill('稍等，我在查');
    const adminToken = (await chat.http().post('/api/v1/auth/login').send(ADMIN).expect(200)).body.token;
    await chat.http().patch(`/api/v1/agents/${agent.id}`).set('authorization', `Bearer ${adminToken}`).send({ disabled: true }).expect(200);
    await agent.page.getByRole('tab', { name: 'Tickets' }).click(); // the next request learns the token is no longer valid
    await agent.page.getByText('Your session has expired').waitFor();
    await chat.http().patch(`/api/v1/agents/${agent.id}`).set('authorization', `Bearer ${adminToken}`).send({ disabled: false }).expect(200);
    await agent.page.getByLabel('Email').fill(agent.email);
    await agent.page.getByLabel('Password').fill('agent-password-1');
    await agent.page.getByRole('button', { name: 'Sign in' }).click();
    await agent.page.getByRole('tab', { name: 'Chats' }).click();
    await agent.page.getByRole('button', { name: /LM8880001/ }).first().click();
    expect(await agent.page.getByLabel('Reply', { exact: true }).inputValue()).toBe('稍等，我在查');
  });

  it('answers a left message by email from the tickets inbox', async () => {
    const agent = await agentPage('Ticket Tao');
    const { body: created } = await chat.http().post('/api/v1/conversations').send({ lang: 'en' }).expect(201);
    await chat.http().post(`/api/v1/conversations/${created.conversationId}/leave-message`).set('authorization', `Bearer ${created.token}`).send({ name: 'Mia', email: 'mia@customer.test', text: 'Please call me about order LM9990001' }).expect(200);
    await agent.page.getByRole('tab', { name: 'Tickets' }).click();
    const ticket = agent.page.getByRole('listitem').filter({ hasText: 'LM9990001' });
    await ticket.getByText('mia@customer.test').waitFor();
    await ticket.getByLabel('Email reply').fill('We will call you at 3 pm today.');
    await ticket.getByRole('button', { name: 'Send email' }).click();
    await until(async () => smtp.received.find((mail) => mail.to.includes('mia@customer.test')), Boolean);
    expect(smtp.received.find((mail) => mail.to.includes('mia@customer.test'))!.raw).toContain('We will call you at 3 pm today.');
    await agent.page.getByRole('button', { name: 'Answered' }).click();
    await agent.page.getByRole('listitem').filter({ hasText: 'LM9990001' }).getByText('We will call you at 3 pm today.').waitFor();
  });

  it('lets an admin add an agent from the agents page', async () => {
    const page = await signIn(ADMIN.email, ADMIN.password);
    await page.getByRole('tab', { name: 'Agents' }).click();
    const form = page.getByRole('form', { name: 'Add agent' });
    await form.getByLabel('Email').fill('new.agent@kefu.test');
    await form.getByLabel('Name').fill('New Agent');
    await form.getByLabel('Password').fill('new-agent-password');
    await form.getByLabel('Skill groups (comma-separated)').fill('after-sales');
    await form.getByRole('button', { name: 'Add agent' }).click();
    await page.getByRole('row', { name: /New Agent/ }).waitFor();
    await screenshot(page, SUITE, 'admin-agents');
    const { body } = await chat.http().post('/api/v1/auth/login').send({ email: 'new.agent@kefu.test', password: 'new-agent-password' }).expect(200);
    expect(body.agent).toMatchObject({ name: 'New Agent', skills: ['after-sales'] });
  });
});
