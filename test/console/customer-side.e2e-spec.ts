import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ConversationsRepository } from '../../src/conversations/conversations.repository';
import { identityHash } from '../../src/conversations/customer-identity';
import { buildWebAssets, DESKTOP, launchBrowser, see, startShop, watchForPageErrors } from '../support/browser';
import { jpegWithExif } from '../support/images';
import { ALWAYS_OPEN, LiveChat, startLiveChat, until } from '../support/live-chat';

const IDENTITY_SECRET = 'lumo-shop-identity-secret';

/**
 * The customer's side of a chat and what the agent sees of it, both in Chromium: a shop-identified customer ends a
 * chat and leaves the queue from the widget; the agent sees those earlier chats and answers with a photo.
 */
describe('widget end / leave queue, an identified customer in the console, an agent photo', () => {
  jest.setTimeout(120_000);
  let chat: LiveChat;
  let browser: Browser;
  let shop: Awaited<ReturnType<typeof startShop>>;
  const contexts: BrowserContext[] = [];
  const problems: string[][] = [];
  const userId = `lumo-member-${Date.now()}`;
  let agentToken = '';

  beforeAll(async () => {
    buildWebAssets();
    chat = await startLiveChat(ALWAYS_OPEN, { WIDGET_IDENTITY_SECRET: IDENTITY_SECRET });
    browser = await launchBrowser();
    shop = await startShop(
      (hash) => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title></head><body><h1>My account</h1>
      <script src="${chat.url}/widget.js" data-lang="en" data-title="Lumo help" data-user-id="${userId}" data-user-hash="${hash}" async></script></body></html>`,
    );
  }, 240_000);

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await shop?.close();
    await chat?.close();
  }, 60_000);

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    contexts.push(context);
    const page = await context.newPage();
    problems.push(watchForPageErrors(page));
    return page;
  }

  /** The identified customer opening the shop in a fresh browser (a new conversation each time). */
  async function openWidget(): Promise<Page> {
    const page = await newPage();
    await page.goto(`${shop.url}/?hash=${identityHash(IDENTITY_SECRET, userId)}`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    await see(page.getByRole('dialog', { name: 'Lumo help' })).toBeVisible();
    return page;
  }

  async function send(page: Page, text: string): Promise<void> {
    const box = page.getByRole('textbox', { name: 'Type a message' });
    await box.fill(text);
    await box.press('Enter');
  }

  /** Why the conversation closed, as the console's transcript dialog reads it (its state changes). */
  async function closedReason(conversationId: string): Promise<string | undefined> {
    const { body } = await chat.http().get(`/api/v1/agent/conversations/${conversationId}`).set('authorization', `Bearer ${agentToken}`).expect(200);
    return (body.events as Array<{ to: string; reason: string }>).find((event) => event.to === 'closed')?.reason;
  }

  async function conversationIdOf(page: Page): Promise<string> {
    return until(
      () =>
        page.evaluate(() => {
          const storage = (globalThis as unknown as { localStorage: Record<string, string> & { getItem(key: string): string } }).localStorage;
          const key = Object.keys(storage).find((name) => name.startsWith('kefu:'));
          return key ? (JSON.parse(storage.getItem(key)).conversationId as string) : '';
        }),
      Boolean,
    );
  }

  it('ends a chat and leaves the queue from the widget; the agent sees both as earlier chats and replies with a photo', async () => {
    const repository = chat.app.get(ConversationsRepository);
    const agent = await chat.createAgent('Photo Pei', { maxChats: 5 });
    agentToken = agent.token;
    const desk = await newPage();
    await desk.goto(`${chat.url}/console`);
    await desk.getByLabel('Email').fill(agent.email);
    await desk.getByLabel('Password').fill('agent-password-1');
    await desk.getByRole('button', { name: 'Sign in' }).click();
    await desk.getByLabel('Presence').selectOption({ label: 'Away' });

    // 1. a chat with the bot, ended by the customer
    const first = await openWidget();
    await send(first, 'How long do I have to return an item?');
    await see(first.getByRole('log').getByRole('article').filter({ hasText: 'Sources' })).toContainText('7 days');
    await first.getByRole('button', { name: 'End chat' }).click();
    await see(first.getByRole('status').filter({ hasText: 'This chat has ended' })).toBeVisible();
    await see(first.getByRole('button', { name: 'End chat' })).toBeHidden();
    expect(await closedReason(await conversationIdOf(first))).toBe('customer_ended');

    // 2. waiting for a person, then leaving the queue: the chat leaves the agents' queue at once
    const second = await openWidget();
    await send(second, 'I want a person about order LM4440001');
    await second.getByRole('button', { name: 'Talk to a person' }).click();
    const queued = desk.getByRole('list', { name: 'Queue' }).getByRole('listitem').filter({ hasText: 'LM4440001' });
    await queued.waitFor();
    await second.getByRole('button', { name: 'Leave the queue' }).click();
    await see(second.getByRole('status').filter({ hasText: 'This chat has ended' })).toBeVisible();
    await queued.waitFor({ state: 'detached' });
    expect(await closedReason(await conversationIdOf(second))).toBe('customer_left_queue');

    // 3. a third chat goes to the agent, who sees the two earlier ones and answers with a photo
    const third = await openWidget();
    await send(third, 'Talk to a person please, order LM4440002');
    await third.getByRole('button', { name: 'Talk to a person' }).click().catch(() => undefined); // may already be waiting
    await desk.getByRole('list', { name: 'Queue' }).getByRole('listitem').filter({ hasText: 'LM4440002' }).getByRole('button', { name: 'Claim' }).click();
    const earlier = desk.getByRole('group', { name: /Earlier conversations of this customer \(2\)/ });
    await earlier.getByText(/Earlier conversations/).click();
    await see(earlier.getByRole('listitem')).toHaveCount(2);
    await earlier.getByRole('button').last().click(); // newest first: the last is the chat with the bot
    const dialog = desk.getByRole('dialog', { name: 'Conversation (read-only)' });
    await see(dialog.getByRole('list', { name: 'Transcript' })).toContainText('How long do I have to return an item?');
    await see(dialog).toContainText('ended by the customer');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await see(dialog).toHaveCount(0);

    const chooser = desk.waitForEvent('filechooser');
    await desk.getByRole('button', { name: 'Attach a photo' }).click();
    await (await chooser).setFiles({ name: 'label.jpg', mimeType: 'image/jpeg', buffer: jpegWithExif() });
    const pending = desk.getByRole('list', { name: 'Attach a photo' }).getByRole('img', { name: 'Photo' });
    await pending.waitFor();
    await desk.getByLabel('Reply', { exact: true }).fill('This is the return label.');
    await desk.getByLabel('Reply', { exact: true }).press('Enter');

    const photo = third.getByRole('log').getByRole('article').filter({ hasText: 'This is the return label.' }).getByRole('img');
    await see(photo).toHaveCount(1);
    await until(async () => photo.evaluate((image) => (image as unknown as { naturalWidth: number }).naturalWidth), (width) => width > 0);
    await see(desk.getByRole('list', { name: 'Attach a photo' }).getByRole('img')).toHaveCount(0);
    const stored = await until(async () => (await repository.recentMessages(await conversationIdOf(third), 50)).find((message) => message.role === 'agent'), Boolean);
    expect(stored?.text).toBe('This is the return label.');
    expect(problems.flat()).toEqual([]);
  });
});
