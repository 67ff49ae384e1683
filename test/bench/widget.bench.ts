import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../support/browser';
import { numericOption } from './options';

/**
 * npm run bench:widget — what the widget costs a shop's page: widget.js raw and gzipped (budget 40 kB gzipped), and
 * the time from the moment widget.js has arrived to the first paint of the launcher (budget 300 ms), over fresh
 * page loads in headless Chromium (Debian's). widget.js is served from memory by a bare HTTP server, gzipped, so
 * that the figure is the widget's own work, not kefu's start-up.  Options: --loads N (default 20).
 */
const ROOT = path.resolve(__dirname, '../..');
const BUDGET = { gzipBytes: 40 * 1024, firstPaintMs: 300 };

async function main(): Promise<void> {
  const { buildWeb } = (await import(path.join(ROOT, 'src/web/build.mjs'))) as { buildWeb(options: { quiet: boolean }): Promise<unknown> };
  await buildWeb({ quiet: true });
  const widget = readFileSync(path.join(ROOT, 'dist/web/widget.js'));
  const gzipped = gzipSync(widget, { level: 9 });
  console.log(`widget.js: ${(widget.length / 1024).toFixed(1)} kB, ${(gzipped.length / 1024).toFixed(1)} kB gzipped (budget ${BUDGET.gzipBytes / 1024} kB) ${gzipped.length <= BUDGET.gzipBytes ? 'OK' : 'OVER BUDGET'}`);

  const server = createServer((request, response) => {
    if (request.url === '/widget.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', 'content-encoding': 'gzip', 'cache-control': 'no-store' }).end(gzipped);
    } else if (request.url === '/') {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><html><head><meta charset="utf-8"><title>shop</title></head><body><h1>A shop</h1><script src="/widget.js" data-lang="zh" async></script></body></html>');
    } else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const loads = numericOption('loads', 20);
  const browser = await launchBrowser();
  const afterLoad: number[] = [];
  const execution: number[] = [];
  try {
    for (let i = 0; i < loads; i++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
      const page = await context.newPage();
      await page.goto(url);
      await page.getByRole('button', { name: '在线客服' }).waitFor();
      await page.waitForFunction(() => performance.getEntriesByName('kefu:launcher-painted').length > 0);
      const timing = await page.evaluate(() => {
        const script = performance.getEntriesByType('resource').find((entry) => entry.name.endsWith('/widget.js')) as unknown as { responseEnd: number };
        const painted = performance.getEntriesByName('kefu:launcher-painted')[0];
        return { loadedAt: script.responseEnd, paintedAt: painted.startTime };
      });
      afterLoad.push(timing.paintedAt - timing.loadedAt);
      await context.close();
    }
    // the widget's own start-up work (parse + mount), measured in-page over the already-loaded script
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(url);
    for (let i = 0; i < loads; i++) {
      execution.push(
        await page.evaluate(async (source) => {
          const scope = globalThis as unknown as { __kefuWidget?: unknown; document: { getElementById(id: string): { remove(): void } | null } };
          delete scope.__kefuWidget;
          scope.document.getElementById('kefu-widget')?.remove();
          const started = performance.now();
          new Function(source)();
          return performance.now() - started;
        }, widget.toString('utf8')),
      );
    }
    await context.close();
  } finally {
    await browser.close();
    server.close();
  }
  const p50 = percentile(afterLoad, 0.5);
  const worst = Math.max(...afterLoad);
  console.log(`launcher first paint after widget.js arrived (${loads} fresh loads): p50 ${p50.toFixed(0)} ms, p95 ${percentile(afterLoad, 0.95).toFixed(0)} ms, max ${worst.toFixed(0)} ms (budget ${BUDGET.firstPaintMs} ms) ${percentile(afterLoad, 0.95) <= BUDGET.firstPaintMs ? 'OK' : 'OVER BUDGET'}`);
  console.log(`widget.js parse + mount, script already loaded: p50 ${percentile(execution, 0.5).toFixed(1)} ms, max ${Math.max(...execution).toFixed(1)} ms`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
