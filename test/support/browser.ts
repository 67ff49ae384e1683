import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, Browser, BrowserContext, Locator, Page } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it when missing); override with KEFU_CHROMIUM. */
export const CHROMIUM_PATH = process.env.KEFU_CHROMIUM ?? '/usr/bin/chromium';

/** Flags that keep headless Chromium from reaching the network or needing a sandbox (ENVIRONMENT.md). */
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}

/** Phone (360 × 740, touch) and desktop viewports for new browser contexts. */
export const PHONE = { viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const DESKTOP = { viewport: { width: 1280, height: 800 } };

export function newContext(browser: Browser, options: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ ...DESKTOP, ...options });
}

/** Where tests leave screenshots for people to look at (gitignored; CI keeps it as an artifact). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '../../test-artifacts');

/** Saves a PNG under test-artifacts/<suite>/<name>.png and returns its path. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = path.join(ARTIFACTS_DIR, suite);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Fails the test on any script error or `alert()` in the page (e.g. markup that should have shown as text). */
export function watchForPageErrors(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('dialog', (dialog) => {
    problems.push(`dialog: ${dialog.type()} ${dialog.message()}`);
    void dialog.dismiss();
  });
  return problems;
}

let built = false;

/** Builds the browser code into dist/web (as npm run build does), once per test file. */
export function buildWebAssets(): void {
  if (built) return;
  execFileSync(process.execPath, [path.resolve(__dirname, '../../src/web/build.mjs')], { stdio: 'pipe' });
  built = true;
}

type TextMatcher = string | RegExp;
/** The little of the DOM these helpers touch inside the page (the test code is compiled without the DOM library). */
type InPage = { getRootNode(): { activeElement: unknown } };

/**
 * Assertions that wait until the page agrees (or fail after `timeoutMs`), like Playwright Test's web-first
 * `expect`, which playwright-core does not ship. Locators keep their strictness: one element where one is meant.
 */
export function see(locator: Locator, timeoutMs = 10_000) {
  const settle = async (description: string, check: () => Promise<{ ok: boolean; actual: unknown }>) => {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      const { ok, actual } = await check().catch((error: Error) => ({ ok: false, actual: error.message }));
      if (ok) return;
      last = actual;
      if (Date.now() > deadline) throw new Error(`${locator} ${description} within ${timeoutMs} ms; last seen: ${JSON.stringify(last)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  const matches = (text: string, expected: TextMatcher) => (typeof expected === 'string' ? text.includes(expected) : expected.test(text));
  const containsText = async (expected: TextMatcher | TextMatcher[]) => {
    const texts = await locator.allInnerTexts();
    const wanted = Array.isArray(expected) ? expected : [expected];
    return { ok: texts.length > 0 && wanted.every((one) => texts.some((text) => matches(text, one))), actual: texts };
  };
  return {
    toBeVisible: () => locator.waitFor({ state: 'visible', timeout: timeoutMs }),
    toBeHidden: () => locator.waitFor({ state: 'hidden', timeout: timeoutMs }),
    toHaveCount: (count: number) => settle(`should match ${count} element(s)`, async () => ({ ok: (await locator.count()) === count, actual: await locator.count() })),
    toContainText: (expected: TextMatcher | TextMatcher[]) => settle(`should contain ${String(expected)}`, () => containsText(expected)),
    toHaveText: (expected: TextMatcher) =>
      settle(`should read ${String(expected)}`, async () => {
        const text = (await locator.innerText()).trim();
        return { ok: typeof expected === 'string' ? text === expected : expected.test(text), actual: text };
      }),
    toHaveAttribute: (name: string, value: string) => settle(`should have ${name}="${value}"`, async () => ({ ok: (await locator.getAttribute(name)) === value, actual: await locator.getAttribute(name) })),
    toBeFocused: () =>
      settle('should have the focus', async () => ({ ok: await locator.evaluate((element) => (element as unknown as InPage).getRootNode().activeElement === element), actual: 'not focused' })),
    not: {
      toContainText: (expected: TextMatcher) =>
        settle(`should not contain ${String(expected)}`, async () => {
          const texts = await locator.allInnerTexts();
          return { ok: !texts.some((text) => matches(text, expected)), actual: texts };
        }),
    },
  };
}

/** A shop's own web server (another origin than kefu) serving `page(hash)` for `/?hash=…`. */
export async function startShop(page: (hash: string) => string): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((request, response) => {
    const hash = new URL(request.url ?? '/', 'http://shop').searchParams.get('hash') ?? '';
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(hash));
  });
  await new Promise<void>((resolve) => server.listen(0, resolve));
  return { url: `http://localhost:${(server.address() as AddressInfo).port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
