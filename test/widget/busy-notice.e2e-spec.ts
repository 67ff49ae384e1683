import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { buildWebAssets, DESKTOP, launchBrowser, see, watchForPageErrors } from '../support/browser';
import { ALWAYS_OPEN, connect, LiveChat, startLiveChat, waitFor } from '../support/live-chat';
import { OpenAiCompatibleServer, startOpenAiCompatibleServer } from '../support/openai-compatible-server';

const BUSY_NOTICE = 'Many customers are writing to us right now';
/** How long the embedding server takes per question once the rush starts: replies lag by at least this much. */
const SLOW_EMBEDDING_MS = 2_500;

/**
 * Replies falling behind, seen in real Chromium (issue 15): questions are embedded by an OpenAI-compatible server
 * that turns slow on cue, so one customer's question is still being answered when a new customer writes. The new
 * customer sees the "many customers" notice at once, and then the answer itself.
 */
describe('the widget when replies fall behind', () => {
  jest.setTimeout(120_000);
  let embedder: OpenAiCompatibleServer;
  let chat: LiveChat;
  let browser: Browser;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    buildWebAssets();
    embedder = await startOpenAiCompatibleServer();
    chat = await startLiveChat(ALWAYS_OPEN, { EMBEDDING_BASE_URL: embedder.baseUrl, BUSY_NOTICE_AFTER_MS: '200' });
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    for (const socket of sockets) socket.disconnect();
    await browser?.close();
    await chat?.close();
    await embedder?.close();
  }, 60_000);

  it('tells a new customer at once that replies are slow, then answers', async () => {
    embedder.options.embeddingFault = { delayMs: SLOW_EMBEDDING_MS };
    // a customer already waiting for an answer: the oldest unanswered message, soon older than BUSY_NOTICE_AFTER_MS
    const earlier = connect(chat.url, '/customer');
    sockets.push(earlier);
    await waitFor(earlier, 'session');
    const earlierAnswered = waitFor<{ role: string }>(earlier, 'message', (message) => message.role === 'bot', 30_000);
    earlier.emit('message', { clientMessageId: 'earlier-1', text: 'Who pays for return shipping?' }, () => undefined);

    const context = await browser.newContext({ ...DESKTOP, locale: 'en-US' });
    const page = await context.newPage();
    const problems = watchForPageErrors(page);
    await page.goto(`${chat.url}/`);
    await page.getByRole('button', { name: 'Chat with us' }).click();
    const box = page.getByRole('textbox', { name: 'Type a message' });
    await box.fill('How long do I have to return an item?');
    await box.press('Enter');

    const dialog = page.getByRole('dialog');
    // the notice comes while the answer is still being looked up, long before the slow embedding returns
    await see(dialog.getByText(BUSY_NOTICE), SLOW_EMBEDDING_MS - 500).toBeVisible();
    await see(page.getByRole('log').getByRole('article').filter({ hasText: /7 days/ }), 30_000).toBeVisible();
    await earlierAnswered;
    expect(problems).toEqual([]);
    await context.close();
  });
});
