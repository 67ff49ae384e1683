import { PGlite, Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerReply, WorkerRequest } from './threaded-pglite';

/**
 * The embedded PostgreSQL's own thread (see threaded-pglite.ts): it opens PGlite on `workerData.dataDir` and runs
 * what the main thread sends, one message at a time through PGlite's own locks, exactly as if PGlite were called
 * in process.
 */
const port = parentPort!;
/** open transactions; `queue` runs each one's requests in the order they were sent */
const transactions = new Map<number, { tx: Transaction; finish: (error?: unknown) => void; done: Promise<unknown>; queue: Promise<unknown> }>();
let nextTransaction = 1;

async function open(): Promise<PGlite> {
  return PGlite.create(workerData.dataDir as string, { extensions: { vector } });
}

const ready = open();
ready.then(
  () => port.postMessage({ id: 0, result: 'ready' } satisfies WorkerReply),
  (error: Error) => port.postMessage({ id: 0, error: serializeError(error) } satisfies WorkerReply),
);

port.on('message', (request: WorkerRequest) => {
  const open = request.tx ? transactions.get(request.tx) : undefined;
  // a transaction's requests run one after another; everything else goes straight to PGlite, which queues it
  const run = open ? (open.queue = open.queue.then(() => handle(request), () => handle(request))) : handle(request);
  run.then(
    (result) => port.postMessage({ id: request.id, result } satisfies WorkerReply),
    (error: Error) => port.postMessage({ id: request.id, error: serializeError(error) } satisfies WorkerReply),
  );
});

async function handle(request: WorkerRequest): Promise<unknown> {
  const db = await ready;
  const target = request.tx ? transactions.get(request.tx)?.tx : db;
  if (request.tx && !target) throw new Error(`transaction ${request.tx} is not open`);
  switch (request.op) {
    case 'query': {
      // columns the caller parses itself arrive as the text PostgreSQL sent
      const parsers = Object.fromEntries((request.rawTypes ?? []).map((oid) => [oid, (text: string) => text]));
      const result = await target!.query(request.sql, request.params ?? [], { rowMode: request.rowMode, parsers });
      return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows };
    }
    case 'exec':
      await target!.exec(request.sql);
      return null;
    case 'begin':
      return begin(db);
    case 'rollback':
      await transactions.get(request.tx!)!.tx.rollback();
      return null;
    case 'end': {
      const open = transactions.get(request.tx!)!;
      open.finish(request.failed ? new Error('rolled back by the caller') : undefined);
      await open.done.catch(() => undefined);
      transactions.delete(request.tx!);
      return null;
    }
    case 'close':
      await db.close();
      return null;
  }
}

/** Opens a PGlite transaction that stays open until an `end` message settles it. */
function begin(db: PGlite): Promise<number> {
  const id = nextTransaction++;
  return new Promise<number>((resolve, reject) => {
    let finish!: (error?: unknown) => void;
    const settled = new Promise<void>((resolveSettled, rejectSettled) => (finish = (error) => (error ? rejectSettled(error) : resolveSettled())));
    const done = db.transaction(async (tx) => {
      transactions.set(id, { tx, finish, done, queue: Promise.resolve() });
      resolve(id);
      await settled;
    });
    done.catch(reject);
  });
}

function serializeError(thrown: Error): Record<string, unknown> {
  const error = thrown as Error & Record<string, unknown>;
  // PGlite's file system errors (Emscripten's) carry only an errno
  const message = error.message || (typeof error.errno === 'number' ? `file system error (errno ${error.errno})` : String(error));
  const fields: Record<string, unknown> = { message, name: error.name, stack: error.stack };
  for (const key of Object.keys(error)) {
    const value = error[key];
    if (key === 'message') continue;
    if (value === undefined || typeof value === 'function') continue;
    try {
      structuredClone(value);
      fields[key] = value;
    } catch {
      fields[key] = String(value);
    }
  }
  return fields;
}
