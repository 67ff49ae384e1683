import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { createServer } from 'node:net';

export interface PgliteServer {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
  /** The server goes away (connections dropped, port closed) while its data stays, until `resume`. */
  pause(): Promise<void>;
  /** Listens again on the same port, with the same data. */
  resume(): Promise<void>;
}

/**
 * A real PostgreSQL (PGlite, with pgvector) behind the PostgreSQL wire protocol: the DATABASE_URL code path
 * — pg driver, @prisma/adapter-pg, pooled connections — exactly as against a server.
 */
export async function startPgliteServer(): Promise<PgliteServer> {
  const db = await PGlite.create('memory://', { extensions: { vector } });
  const port = await freePort();
  const listen = async () => {
    const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 32 });
    keepExtendedQueriesTogether(server);
    await server.start();
    return server;
  };
  let server: PGLiteSocketServer | undefined = await listen();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    db,
    stop: async () => {
      await server?.stop();
      await db.close();
    },
    pause: async () => {
      await server?.stop();
      server = undefined;
    },
    resume: async () => {
      server ??= await listen();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  resolve(bytes: number): void;
  reject(error: unknown): void;
  onData(data: Uint8Array): void;
}

interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: PGlite;
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Parse, Bind, Describe, Execute, Close, Flush: the messages of an extended query before its Sync. */
const EXTENDED_QUERY_PARTS = new Set([0x50, 0x42, 0x44, 0x45, 0x43, 0x48]);

/**
 * pglite-socket 0.2.17 queues each protocol message on its own and interleaves connections between messages
 * outside a transaction, so two connections' extended queries (Parse/Bind/Execute… Sync) mix on PGlite's one
 * session ("bind message supplies 2 parameters, but prepared statement requires 4"); and after a failed message
 * its queue stops for good. A PostgreSQL server keeps each connection's statements apart. This keeps a
 * connection's messages together up to its Sync, as one session must, and keeps the queue going after an error.
 */
function keepExtendedQueriesTogether(server: PGLiteSocketServer): void {
  const queue = (server as unknown as { queryQueue: QueryQueue }).queryQueue;
  let midQuery: number | null = null;
  queue.processQueue = async function processQueue(this: QueryQueue): Promise<void> {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = midQuery ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const index = sticky === null ? 0 : this.queue.findIndex((item) => item.handlerId === sticky);
        if (index === -1) break;
        const [item] = this.queue.splice(index, 1);
        let bytes = 0;
        try {
          await this.db.runExclusive(() => this.db.execProtocolRawStream(item.message, { onRawData: (data: Uint8Array) => ((bytes += data.length), item.onData(data)) }));
        } catch (error) {
          midQuery = null;
          item.reject(error);
          continue;
        }
        midQuery = EXTENDED_QUERY_PARTS.has(item.message[0]) ? item.handlerId : null;
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (midQuery === handlerId) {
      midQuery = null;
      void queue.processQueue();
    }
  };
}
