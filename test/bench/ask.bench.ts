import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { freePort } from '../support/pglite-server';
import { withBenchFolders } from './generated-knowledge';
import { numericOption } from './options';
import { cpuPerUnit, monotonicMicros, printProfile, threadTimes } from './process-cpu';

/**
 * npm run bench:ask — latency (p50/p95/p99) and throughput of POST /api/v1/ask at concurrency 1, 16 and 64, on the
 * sample knowledge and on a generated 10,000-entry folder; the server runs in its own process (embedded database,
 * offline mode), compiled and started as `npm start` does: run through a TypeScript loader, the same server carries
 * its source maps and transpiled sources in its heap, a third more for every garbage collection to walk.  Options: --requests N (per concurrency level, default 2000: a p99 needs a few thousand samples), --faq N,
 * --cpu-prof (a V8 CPU profile of each server; its top functions and packages during the concurrency-16 run).
 * CPU milliseconds per request are read from /proc: the main thread and the embedded database's thread.
 */
const ROOT = path.resolve(__dirname, '../..');

async function startServer(knowledgeDir: string, profileDir?: string): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-ask-'));
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), 'dist/src/main.js'], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), KNOWLEDGE_DIR: knowledgeDir, KEFU_DATA_DIR: dataDir, KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'warn', NODE_ENV: 'development', ADMIN_EMAIL: BENCH_ADMIN.email, ADMIN_PASSWORD: BENCH_ADMIN.password, JWT_SECRET: 'bench-only-secret', RATE_LIMIT_PER_IP: '0', RATE_LIMIT_PER_CONVERSATION: '0' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    const ready = await fetch(`${url}/health/ready`).then((response) => response.ok).catch(() => false);
    if (ready) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('the server did not become ready');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await assertServesKnowledge(url, knowledgeDir);
  return { url, child, dataDir };
}

const BENCH_ADMIN = { email: 'bench@example.com', password: 'bench-password-1' };

/**
 * Ready also means "serving the last good index", which could be empty: make sure the folder was really indexed, by
 * searching (as content staff do) for the first FAQ question, which must rank its own entry first. Whether the bot
 * would answer it is another matter: in the generated folder thousands of entries differ by a number only.
 */
async function assertServesKnowledge(url: string, knowledgeDir: string): Promise<void> {
  const faqDir = path.join(knowledgeDir, 'faq');
  const [first] = parse(readFileSync(path.join(faqDir, readdirSync(faqDir).filter((name) => name.endsWith('.faq.yaml')).sort()[0]), 'utf8')) as Array<{ id: string; question: string }>;
  const login = (await (await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(BENCH_ADMIN) })).json()) as { token: string };
  const search = await fetch(`${url}/api/v1/knowledge/search?${new URLSearchParams({ q: first.question, limit: '1' })}`, { headers: { authorization: `Bearer ${login.token}` } });
  const body = (await search.json()) as { hits?: Array<{ id: string }> };
  if (body.hits?.[0]?.id !== first.id) throw new Error(`searching "${first.question}" does not find ${first.id} first: was the folder indexed? (${JSON.stringify(body)})`);
  const reply = (await (await fetch(`${url}/api/v1/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: first.question }) })).json()) as { answered: boolean; confidence: number };
  console.log(`Check: searching "${first.question}" finds ${first.id} first; asked, it is ${reply.answered ? 'answered' : 'not answered'} (confidence ${reply.confidence}).`);
}

/**
 * Closed-loop load: `concurrency` clients, each sending its next question when the previous answer arrived, over
 * keep-alive connections. node:http rather than fetch: the load generator shares the machine's cores with the server,
 * and fetch costs it several times the CPU per request.
 */
async function load(url: string, questions: string[], concurrency: number, requests: number, agent: http.Agent) {
  const ask = (question: string) =>
    new Promise<number>((resolve, reject) => {
      const body = JSON.stringify({ question });
      const request = http.request(`${url}/api/v1/ask`, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
      });
      request.on('error', reject);
      request.end(body);
    });
  const latencies: number[] = [];
  let next = 0;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests) {
        const question = questions[next++ % questions.length];
        const sent = performance.now();
        const status = await ask(question);
        if (status !== 200) failures++;
        latencies.push(performance.now() - sent);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  return { concurrency, requests: latencies.length, failures, 'p50 ms': at(0.5), 'p95 ms': at(0.95), 'p99 ms': at(0.99), 'req/s': Math.round(latencies.length / seconds) };
}

async function bench(label: string, knowledgeDir: string, questions: string[], requests: number) {
  const started = Date.now();
  const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(path.join(tmpdir(), 'kefu-bench-ask-prof-')) : undefined;
  const server = await startServer(knowledgeDir, profileDir);
  const profiled = [0, 0];
  console.log(`\n## ${label} (server ready in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  try {
    const warmUp = new http.Agent({ keepAlive: true });
    await load(server.url, questions, 4, 50, warmUp); // calibration, JIT
    warmUp.destroy();
    const rows = [];
    for (const concurrency of [1, 16, 64]) {
      const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
      // open the keep-alive connections first: steady-state latency, not TCP connection set-up under a burst
      await load(server.url, questions, concurrency, concurrency * 4, agent);
      const before = threadTimes(server.child.pid!);
      const from = monotonicMicros();
      const row = await load(server.url, questions, concurrency, requests, agent);
      if (concurrency === 16) profiled.splice(0, 2, from, monotonicMicros());
      const cpu = cpuPerUnit(before, threadTimes(server.child.pid!), row.requests);
      rows.push({ ...row, 'CPU ms/req main': cpu.main, 'database thread': cpu.database, 'other threads': cpu.other });
      agent.destroy();
    }
    console.table(rows);
  } finally {
    server.child.kill('SIGTERM');
    await new Promise((resolve) => server.child.once('exit', resolve));
    rmSync(server.dataDir, { recursive: true, force: true });
  }
  if (profileDir) printProfile(profileDir, profiled[0], profiled[1]);
}

async function main() {
  const requests = numericOption('requests', 2000);
  console.log('Building the server (npm run build)…');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const evalQuestions = readFileSync(path.join(ROOT, 'test/fixtures/eval/questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line).question as string);
  const faq = numericOption('faq', 10_000);
  await withBenchFolders(faq, faq / 10, async ({ sample, generated }) => {
    await bench('sample knowledge (knowledge/), questions from test/fixtures/eval', sample, evalQuestions, requests);
    await bench(`generated folder: ${faq} FAQ entries + ${faq / 10} documents, same questions`, generated, evalQuestions, requests);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
