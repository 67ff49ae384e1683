import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** Where the benchmarks look at a server process from outside: CPU per thread, peak memory, its V8 CPU profile. */
const ROOT = path.resolve(__dirname, '../..');

export interface ThreadTimes {
  main: number;
  threads: Map<string, number>;
}

/** CPU milliseconds per thread of a process, from /proc (utime + stime, in clock ticks of 10 ms). */
export function threadTimes(pid: number): ThreadTimes {
  const threads = new Map<string, number>();
  let main = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const ms = (Number(fields[11]) + Number(fields[12])) * 10;
      if (tid === String(pid)) main = ms;
      else threads.set(tid, ms);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return { main, threads };
}

/** CPU milliseconds per unit of work between two readings: the main thread, the busiest other thread (the embedded database's worker) and the rest. */
export function cpuPerUnit(before: ThreadTimes, after: ThreadTimes, units: number) {
  const deltas = [...after.threads].map(([tid, ms]) => ms - (before.threads.get(tid) ?? 0)).sort((a, b) => b - a);
  const busiest = deltas[0] ?? 0;
  const rest = deltas.slice(1).reduce((sum, ms) => sum + ms, 0);
  const per = (ms: number) => (units ? ms / units : 0).toFixed(2);
  return { main: per(after.main - before.main), database: per(busiest), other: per(rest), total: per(after.main - before.main + busiest + rest) };
}

export function peakRssMb(pid: number): number {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : 0;
}

/** Now on the clock V8 stamps profile samples with (CLOCK_MONOTONIC, microseconds). */
export const monotonicMicros = () => Number(process.hrtime.bigint() / 1000n);

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/**
 * The functions (and packages) with the most self time in a V8 CPU profile (main thread) between two monotonic
 * instants — the measured load, not the start-up's indexing and training — as shares of the samples in that window.
 */
export function topFunctions(file: string, count: number, from: number, to: number): { functions: string[]; modules: string[] } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; startTime: number; samples: number[]; timeDeltas: number[] };
  const hitsById = new Map<number, number>();
  let at = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, index) => {
    at += profile.timeDeltas[index];
    if (at < from || at > to) return;
    hitsById.set(id, (hitsById.get(id) ?? 0) + 1);
    total++;
  });
  const byFunction = new Map<string, number>();
  const byModule = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = hitsById.get(node.id) ?? 0;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${path.relative(ROOT, url.replace('file://', ''))}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFunction.set(key, (byFunction.get(key) ?? 0) + hits);
    byModule.set(moduleOf(url, functionName), (byModule.get(moduleOf(url, functionName)) ?? 0) + hits);
  }
  const share = ([name, hits]: [string, number]) => `${((100 * hits) / Math.max(1, total)).toFixed(1).padStart(5)}%  ${name}`;
  const top = (map: Map<string, number>) => [...map].sort((a, b) => b[1] - a[1]).slice(0, count).map(share);
  return { functions: top(byFunction), modules: top(byModule) };
}

/** Prints the profile written in `dir` (by node --cpu-prof --cpu-prof-dir) for the window [from, to]. */
export function printProfile(dir: string, from: number, to: number): void {
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) return console.log(`No CPU profile was written in ${dir}.`);
  console.log(`CPU profile of the server's main thread: ${path.join(dir, file)} (open it in Chrome DevTools). Most self time during the measured load:`);
  const top = topFunctions(path.join(dir, file), 25, from, to);
  for (const line of top.functions) console.log(`  ${line}`);
  console.log('By package or kefu folder:');
  for (const line of top.modules.slice(0, 15)) console.log(`  ${line}`);
}

/** An npm package, a folder of kefu's src/, Node's internals, or V8's own entries such as (idle) and (garbage collector). */
function moduleOf(url: string, functionName: string): string {
  if (!url) return functionName || '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  const own = /\/src\/([^/]+)/.exec(url);
  if (own) return `src/${own[1]}`;
  return url.startsWith('node:') ? 'node internals' : url;
}
