import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Server } from 'socket.io';
import { io, Socket } from 'socket.io-client';
import { seededRandom } from '../../src/retrieval/classifier/seeded-random';
import { freePort } from '../support/pglite-server';
import { numericOption } from './options';
import { cpuPerUnit, monotonicMicros, peakRssMb, printProfile, threadTimes } from './process-cpu';

/**
 * npm run bench:load — the live-chat path under many customers (issue 15). The kefu server (compiled, embedded
 * database, offline mode, sample knowledge) and a bare Socket.IO echo server each run in their own process; a
 * third process plays N customers against each in turn, so the generator never shares an event loop with what it
 * measures. Reply latency is from a customer's `message` to the first bot or system `message` after it; a message sent
 * while the chat waits for a person and left without a bot reply within 5 s counts as "to the team", not unanswered.
 *
 *   npm run bench:load                   300 customers connecting over 3 s, 4 questions each, 1.5–2 s after each reply
 *   npm run bench:load -- --burst        200 customers connecting within 2 s, each asking the same question once
 *   options: --customers N --questions N --connect-seconds S
 *            --cpu-prof   write a V8 CPU profile of the kefu process (measured part and all) and print its top functions
 *
 * CPU milliseconds per chat message are read from /proc/PID/task/TID/stat before and after the load: the main
 * thread, the busiest other thread (the embedded database's worker) and the rest. Round trips to the embedded
 * database per message come from the kefu_embedded_database_calls_total metric.
 */
const ROOT = path.resolve(__dirname, '../..');

interface GeneratorPlan {
  url: string;
  customers: number;
  questionsEach: number;
  connectSeconds: number;
  questions: string[];
  sameQuestion: boolean;
  seed: number;
}

interface CustomerLog {
  conversationId?: string;
  token?: string;
  acked: Array<{ id: string; seq: number }>;
  latencies: number[];
  unanswered: string[];
  /** messages sent while the chat waited for or was with a person: the bot need not reply to those */
  toTheTeam: number;
  errors: string[];
  /** from sending the first message to the `notice` that replies are slow, when one came */
  noticeLatencies: number[];
}

interface GeneratorResult {
  connected: number;
  sent: number;
  latencies: number[];
  unanswered: string[];
  toTheTeam: number;
  errors: string[];
  noticeLatencies: number[];
  seconds: number;
  conversations: Array<{ conversationId: string; token: string; acked: Array<{ id: string; seq: number }> }>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves with the first reply (bot or system message) with a sequence after `afterSeq`, or null after `timeoutMs`. */
function nextReply(socket: Socket, isAfter: (seq: number) => boolean, timeoutMs: number): Promise<number | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      socket.off('message', listener);
      resolve(null);
    }, timeoutMs);
    const listener = (message: { role: string; seq: number }) => {
      if (message.role === 'customer' || !isAfter(message.seq)) return;
      clearTimeout(timer);
      socket.off('message', listener);
      resolve(performance.now());
    };
    socket.on('message', listener);
  });
}

async function playCustomer(plan: GeneratorPlan, index: number, random: () => number): Promise<CustomerLog> {
  const log: CustomerLog = { acked: [], latencies: [], unanswered: [], toTheTeam: 0, errors: [], noticeLatencies: [] };
  await sleep((plan.connectSeconds * 1000 * index) / plan.customers);
  const socket = io(`${plan.url}/customer`, { transports: ['websocket'], forceNew: true, reconnection: false });
  try {
    const session = await new Promise<{ conversationId: string; token: string }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no session within 30 s')), 30_000);
      socket.once('session', (payload) => (clearTimeout(timer), resolve(payload)));
      socket.once('connect_error', (error) => (clearTimeout(timer), reject(error)));
    });
    let state = (session as { state?: string }).state ?? 'bot';
    socket.on('status', (status: { state: string }) => (state = status.state));
    log.conversationId = session.conversationId;
    log.token = session.token;
    let firstSent = 0;
    socket.on('notice', () => log.noticeLatencies.push(performance.now() - firstSent));
    for (let asked = 0; asked < plan.questionsEach; asked++) {
      const question = plan.sameQuestion ? plan.questions[0] : plan.questions[Math.floor(random() * plan.questions.length)];
      let ackedSeq = Number.POSITIVE_INFINITY;
      const earlyReplies: number[] = [];
      // The reply can overtake the ack on the wire: listen before sending, keep what comes, match it after the ack.
      const early = (message: { role: string; seq: number }) => {
        if (message.role !== 'customer') earlyReplies.push(message.seq);
      };
      socket.on('message', early);
      const sent = performance.now();
      if (asked === 0) firstSent = sent;
      const withTheTeam = state !== 'bot';
      const reply = nextReply(socket, (seq) => seq > ackedSeq, withTheTeam ? 5_000 : 30_000);
      const ack = await socket.timeout(30_000).emitWithAck('message', { clientMessageId: `load-${index}-${asked}`, text: question }).catch((error: Error) => ({ error: { message: error.message } }));
      socket.off('message', early);
      if (ack?.error) {
        log.errors.push(String(ack.error.message ?? ack.error.code));
        continue;
      }
      ackedSeq = ack.seq;
      log.acked.push({ id: ack.id, seq: ack.seq });
      const overtaken = earlyReplies.some((seq) => seq > ackedSeq);
      const answeredAt = overtaken ? performance.now() : await reply;
      if (answeredAt === null && withTheTeam) log.toTheTeam++;
      else if (answeredAt === null) log.unanswered.push(question);
      else log.latencies.push(answeredAt - sent);
      await sleep(1500 + random() * 500);
    }
  } catch (error) {
    log.errors.push((error as Error).message);
  } finally {
    socket.disconnect();
  }
  return log;
}

async function runGenerator(plan: GeneratorPlan): Promise<GeneratorResult> {
  const started = performance.now();
  const logs = await Promise.all(Array.from({ length: plan.customers }, (_, index) => playCustomer(plan, index, seededRandom(plan.seed + index))));
  return {
    connected: logs.filter((log) => log.conversationId).length,
    sent: logs.reduce((sum, log) => sum + log.acked.length, 0),
    latencies: logs.flatMap((log) => log.latencies),
    unanswered: logs.flatMap((log) => log.unanswered),
    toTheTeam: logs.reduce((sum, log) => sum + log.toTheTeam, 0),
    errors: logs.flatMap((log) => log.errors),
    noticeLatencies: logs.flatMap((log) => log.noticeLatencies),
    seconds: (performance.now() - started) / 1000,
    conversations: logs.filter((log) => log.conversationId && log.token).map((log) => ({ conversationId: log.conversationId!, token: log.token!, acked: log.acked })),
  };
}

/** A Socket.IO server that does the least a chat server can: session on connect, ack, one reply per message. */
async function runEchoServer(port: number): Promise<void> {
  const http = createServer();
  const server = new Server(http, { transports: ['websocket'] });
  let counter = 0;
  server.of('/customer').on('connection', (socket) => {
    let seq = 0;
    socket.emit('session', { conversationId: `echo-${++counter}`, token: 'echo', state: 'bot' });
    socket.on('message', (body: { text: string }, ack: (response: unknown) => void) => {
      const id = `m${++counter}`;
      ack?.({ id, seq: ++seq });
      socket.emit('message', { id: `m${++counter}`, seq: ++seq, role: 'bot', text: body.text, createdAt: new Date().toISOString() });
    });
  });
  await new Promise<void>((resolve) => http.listen(port, '127.0.0.1', resolve));
  console.log('ready');
}

function percentile(sorted: number[], q: number): string {
  if (!sorted.length) return '-';
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
}

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    let buffer = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      if (buffer.includes(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`exited with ${code} before "${line}"`)));
  });
}

function runScript(args: string[]): ChildProcess {
  return spawn(process.execPath, ['-r', '@swc-node/register', __filename, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
}

async function generate(plan: GeneratorPlan): Promise<GeneratorResult> {
  const child = runScript(['--role', 'generator', '--plan', JSON.stringify(plan)]);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  return JSON.parse(output.trim().split('\n').pop()!) as GeneratorResult;
}

async function startKefu(profileDir?: string): Promise<{ url: string; child: ChildProcess; dataDir: string }> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kefu-bench-load-'));
  const child = spawn(process.execPath, [...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []), 'dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'),
      KEFU_DATA_DIR: dataDir,
      KNOWLEDGE_WATCH: 'false',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      JWT_SECRET: 'bench-only-secret-load',
      RATE_LIMIT_PER_IP: '0',
      RATE_LIMIT_PER_CONVERSATION: '0',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 5 * 60_000;
  for (;;) {
    if (await fetch(`${url}/health/ready`).then((response) => response.ok).catch(() => false)) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error('kefu did not become ready');
    await sleep(300);
  }
  return { url, child, dataDir };
}

/** Every acknowledged message must be stored: read each conversation back over REST. */
async function countLost(url: string, result: GeneratorResult): Promise<number> {
  let lost = 0;
  for (const conversation of result.conversations) {
    if (!conversation.acked.length) continue;
    const response = await fetch(`${url}/api/v1/conversations/${conversation.conversationId}/messages?after=0`, { headers: { authorization: `Bearer ${conversation.token}` } });
    const body = (await response.json()) as { messages?: Array<{ id: string }> } | Array<{ id: string }>;
    const stored = new Set((Array.isArray(body) ? body : (body.messages ?? [])).map((message) => message.id));
    lost += conversation.acked.filter((message) => !stored.has(message.id)).length;
  }
  return lost;
}

/** Calls to the embedded database thread so far, summed over operations, from /metrics. */
async function databaseCalls(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith('kefu_embedded_database_calls_total{'))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
}

function summarise(label: string, result: GeneratorResult, extra: Record<string, unknown> = {}) {
  const sorted = [...result.latencies].sort((a, b) => a - b);
  return {
    server: label,
    connected: result.connected,
    'msgs/s': Math.round(result.sent / result.seconds),
    'p50 ms': percentile(sorted, 0.5),
    'p95 ms': percentile(sorted, 0.95),
    'p99 ms': percentile(sorted, 0.99),
    'max ms': sorted.length ? sorted[sorted.length - 1].toFixed(0) : '-',
    errors: result.errors.length,
    unanswered: result.unanswered.length,
    'to the team': result.toTheTeam,
    'busy notices': result.noticeLatencies.length,
    'notice p99 ms': percentile([...result.noticeLatencies].sort((a, b) => a - b), 0.99),
    ...extra,
  };
}

function evalQuestions(): string[] {
  return readFileSync(path.join(ROOT, 'test/fixtures/eval/questions.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as { question: string; expected: string })
    .filter((item) => item.expected && item.expected !== 'none')
    .map((item) => item.question);
}

async function main() {
  const role = process.argv[process.argv.indexOf('--role') + 1];
  if (process.argv.includes('--role') && role === 'generator') {
    const plan = JSON.parse(process.argv[process.argv.indexOf('--plan') + 1]) as GeneratorPlan;
    process.stdout.write(`${JSON.stringify(await runGenerator(plan))}\n`);
    process.exit(0);
  }
  if (process.argv.includes('--role') && role === 'echo') {
    await runEchoServer(Number(process.argv[process.argv.indexOf('--port') + 1]));
    return;
  }

  const burst = process.argv.includes('--burst');
  const customers = numericOption('customers', burst ? 200 : 300);
  const plan: Omit<GeneratorPlan, 'url'> = {
    customers,
    questionsEach: numericOption('questions', burst ? 1 : 4),
    connectSeconds: numericOption('connect-seconds', burst ? 2 : 3),
    questions: burst ? ['我的快递怎么还没到？'] : evalQuestions(),
    sameQuestion: burst,
    seed: 20261202,
  };
  console.log(`${burst ? 'Burst' : 'Steady'}: ${plan.customers} customers connecting over ${plan.connectSeconds} s, ${plan.questionsEach} question(s) each${burst ? ' (the same one)' : `, drawn from ${plan.questions.length} evaluation questions, 1.5–2 s after each reply`}.`);

  const echoPort = await freePort();
  const echo = runScript(['--role', 'echo', '--port', String(echoPort)]);
  await waitForLine(echo, 'ready');
  const echoResult = await generate({ ...plan, url: `http://127.0.0.1:${echoPort}` });
  echo.kill('SIGTERM');

  console.log('Building the server (npm run build)…');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'src/tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const profileDir = process.argv.includes('--cpu-prof') ? mkdtempSync(path.join(tmpdir(), 'kefu-bench-load-prof-')) : undefined;
  const kefu = await startKefu(profileDir);
  const measured = [0, 0];
  try {
    // warm up: JIT and the first snapshot lookups, outside the measurement
    await generate({ ...plan, customers: 10, questionsEach: 2, connectSeconds: 0.5, url: kefu.url });
    const callsBefore = await databaseCalls(kefu.url);
    const before = threadTimes(kefu.child.pid!);
    measured[0] = monotonicMicros();
    const result = await generate({ ...plan, url: kefu.url });
    measured[1] = monotonicMicros();
    const after = threadTimes(kefu.child.pid!);
    const calls = (await databaseCalls(kefu.url)) - callsBefore;
    const lost = await countLost(kefu.url, result);
    const cpu = cpuPerUnit(before, after, result.sent);
    console.table([
      summarise('echo', echoResult),
      summarise('kefu', result, { lost, 'peak RSS MB': peakRssMb(kefu.child.pid!) }),
    ]);
    console.log(`kefu CPU ms per chat message: main thread ${cpu.main}, database thread ${cpu.database}, other threads ${cpu.other}, total ${cpu.total} (${result.sent} messages).`);
    console.log(`Embedded database round trips per chat message: ${(calls / Math.max(1, result.sent)).toFixed(1)} (${calls} in all).`);
    const ratio = Number(percentile([...result.latencies].sort((a, b) => a - b), 0.99)) / Number(percentile([...echoResult.latencies].sort((a, b) => a - b), 0.99));
    console.log(`kefu reply p99 is ${ratio.toFixed(1)}× the echo server's.`);
    if (result.unanswered.length) console.log(`Unanswered within 30 s: ${[...new Set(result.unanswered)].slice(0, 5).join(' | ')}`);
    if (result.errors.length) console.log(`First errors: ${[...new Set(result.errors)].slice(0, 5).join(' | ')}`);
  } finally {
    kefu.child.kill('SIGTERM');
    await new Promise((resolve) => kefu.child.once('exit', resolve));
    rmSync(kefu.dataDir, { recursive: true, force: true });
  }
  if (profileDir) printProfile(profileDir, measured[0], measured[1]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
