import { PGlite } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { createServer } from 'node:net';

export interface PgliteServer {
  url: string;
  db: PGlite;
  stop(): Promise<void>;
}

/**
 * A real PostgreSQL (PGlite, with pgvector) behind the PostgreSQL wire protocol: the DATABASE_URL code path
 * — pg driver, @prisma/adapter-pg, pooled connections — exactly as against a server.
 */
export async function startPgliteServer(): Promise<PgliteServer> {
  const db = await PGlite.create('memory://', { extensions: { vector } });
  const port = await freePort();
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port, maxConnections: 32 });
  await server.start();
  return {
    url: `postgresql://postgres:postgres@127.0.0.1:${port}/postgres`,
    db,
    stop: async () => {
      await server.stop();
      await db.close();
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
