import { messages } from '@electric-sql/pglite';
import { Logger } from '@nestjs/common';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../common/worker-thread';
import { databaseCalls } from '../metrics/metrics';

export type WorkerRequest =
  | { id: number; op: 'query'; sql: string; params?: unknown[]; rowMode?: 'array' | 'object'; rawTypes?: number[]; tx?: number }
  | { id: number; op: 'exec'; sql: string; tx?: number }
  | { id: number; op: 'begin'; tx?: undefined }
  | { id: number; op: 'rollback'; tx: number }
  | { id: number; op: 'end'; tx: number; failed: boolean }
  | { id: number; op: 'close'; tx?: undefined };

export type WorkerReply = { id: number; result?: unknown; error?: Record<string, unknown> };

type Distribute<T> = T extends unknown ? Omit<T, 'id'> : never;
type Parser = (text: string, typeId: number) => unknown;

export interface QueryOptions {
  rowMode?: 'array' | 'object';
  /** type OID → parser, applied here to the text the worker sends back */
  parsers?: Record<number, Parser>;
}

export interface QueryResult<T> {
  rows: T[];
  fields: Array<{ name: string; dataTypeID: number }>;
  affectedRows?: number;
}

export interface ThreadedTransaction {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<QueryResult<T>>;
  exec(sql: string): Promise<void>;
  rollback(): Promise<void>;
  readonly closed: boolean;
}

/**
 * The embedded PostgreSQL (PGlite with pgvector) in a worker thread, behind the part of PGlite's API that kefu and
 * pglite-prisma-adapter use: query, exec, transaction, close. PGlite runs PostgreSQL on the thread that calls it, so
 * in process every query, index build and bulk insert would hold up HTTP and Socket.IO; on its own thread the event
 * loop keeps serving while the database works (a nearest-neighbour query is about 1.5 ms of CPU at 65,000 phrases).
 * Written by hand because PGlite's own PGliteWorker is for browsers (it needs navigator.locks and web workers).
 */
export class ThreadedPGlite {
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 1;
  private exited?: Error;
  private closing = false;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (reply: WorkerReply) => {
      const waiting = this.pending.get(reply.id);
      if (!waiting) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if (reply.error) waiting.reject(toError(reply.error));
      else waiting.resolve(reply.result);
    });
    const fail = (error: Error) => {
      if (!this.closing && !this.exited) new Logger('EmbeddedDatabase').error(`The embedded database stopped: ${error.message}; every query fails from now on`);
      this.exited = error;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the embedded database thread exited (code ${code})`)));
  }

  /** Starts the thread and waits until PostgreSQL in it is ready (or failed to start). */
  static async create(dataDir: string): Promise<ThreadedPGlite> {
    const worker = startWorker(__dirname, 'embedded-database.worker', { workerData: { dataDir } });
    const client = new ThreadedPGlite(worker);
    try {
      await new Promise<unknown>((resolve, reject) => client.pending.set(0, { resolve, reject }));
    } catch (error) {
      client.closing = true;
      await worker.terminate();
      throw error;
    }
    return client;
  }

  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options: QueryOptions = {}, tx?: number): Promise<QueryResult<T>> {
    const parsers = options.parsers ?? {};
    return this.call({ op: 'query', sql, params, rowMode: options.rowMode, rawTypes: Object.keys(parsers).map(Number), tx }).then((value) => {
      const result = value as QueryResult<T>;
      applyParsers(result, parsers, options.rowMode ?? 'object');
      return result;
    });
  }

  async exec(sql: string, tx?: number): Promise<void> {
    await this.call({ op: 'exec', sql, tx });
  }

  /** Runs `work` in one transaction; other queries wait until it ends, as with PGlite in process. */
  async transaction<T>(work: (tx: ThreadedTransaction) => Promise<T>): Promise<T> {
    const id = (await this.call({ op: 'begin' })) as number;
    let closed = false;
    const tx: ThreadedTransaction = {
      query: (sql, params, options) => this.query(sql, params, options, id),
      exec: (sql) => this.exec(sql, id),
      rollback: async () => {
        await this.call({ op: 'rollback', tx: id });
        closed = true;
      },
      get closed() {
        return closed;
      },
    };
    try {
      const result = await work(tx);
      await this.call({ op: 'end', tx: id, failed: false });
      return result;
    } catch (error) {
      await this.call({ op: 'end', tx: id, failed: true }).catch(() => undefined);
      throw error;
    } finally {
      closed = true;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    if (!this.exited) await this.call({ op: 'close' }).catch(() => undefined);
    await this.worker.terminate();
  }

  private call(request: Distribute<WorkerRequest>): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    databaseCalls.inc({ op: request.op });
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      // the thread keeps the process alive only while a query is under way, like a socket with a request in flight
      this.worker.ref();
      this.worker.postMessage({ ...request, id });
    });
  }
}

function applyParsers(result: QueryResult<unknown>, parsers: Record<number, Parser>, rowMode: 'array' | 'object'): void {
  result.fields.forEach((field, column) => {
    const parse = parsers[field.dataTypeID];
    if (!parse) return;
    for (const row of result.rows as Array<Record<string | number, unknown>>) {
      const key = rowMode === 'array' ? column : field.name;
      const value = row[key];
      if (value !== null && value !== undefined) row[key] = parse(value as string, field.dataTypeID);
    }
  });
}

/** PostgreSQL errors come back as PGlite's DatabaseError (with code, detail, constraint…), so callers can tell them apart. */
function toError(fields: Record<string, unknown>): Error {
  const { message, name, stack, ...rest } = fields as { message: string; name: string; stack?: string } & Record<string, unknown>;
  const error = name === 'error' || 'code' in rest ? new messages.DatabaseError(message, 0, 'error') : new Error(message);
  Object.assign(error, rest);
  if (stack) error.stack = stack;
  return error;
}
