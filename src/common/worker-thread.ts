import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker, WorkerOptions } from 'node:worker_threads';

/**
 * Starts the worker script `<name>.js` in `directory` when the code is compiled (`npm start`), or `<name>.ts` through
 * swc when it runs from TypeScript (development, tests, benchmarks).
 */
export function startWorker(directory: string, name: string, options: WorkerOptions = {}): Worker {
  const compiled = path.join(directory, `${name}.js`);
  return existsSync(compiled) ? new Worker(compiled, options) : new Worker(path.join(directory, `${name}.ts`), { ...options, execArgv: ['-r', '@swc-node/register'] });
}
