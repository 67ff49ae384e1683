import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { ThreadedPGlite } from './threaded-pglite';

export type SqlQuery = <T = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<T[]>;

/**
 * The raw connection below Prisma: what Prisma cannot do (multi-statement migration scripts on one
 * connection inside a transaction) goes through here. Everything else uses the Prisma client built on `adapter`.
 */
export interface SqlDriver {
  readonly kind: 'embedded' | 'postgres';
  readonly description: string;
  readonly prismaAdapter: PrismaPGlite | PrismaPg;
  query: SqlQuery;
  /** Runs `work` in one transaction on one connection; `exec` accepts several statements. */
  transaction<T>(work: (tx: { query: SqlQuery; exec: (sql: string) => Promise<void> }) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export async function openEmbeddedDriver(dataDir: string): Promise<SqlDriver> {
  const inMemory = dataDir.startsWith('memory://');
  // PostgreSQL's own files go one level down, so KEFU_DATA_DIR can also hold kefu's lock file
  const pgData = inMemory ? dataDir : path.join(dataDir, 'pgdata');
  if (!inMemory) mkdirSync(pgData, { recursive: true });
  const db = await ThreadedPGlite.create(pgData).catch((error: Error) => {
    throw new Error(`Cannot open the embedded database in ${pgData}: ${error.message}. Check that KEFU_DATA_DIR is a writable folder.`);
  });
  return {
    kind: 'embedded',
    description: dataDir.startsWith('memory://') ? 'embedded PostgreSQL (in memory)' : `embedded PostgreSQL in ${dataDir}`,
    // the adapter calls only query, exec and transaction, which ThreadedPGlite provides
    prismaAdapter: new PrismaPGlite(db as unknown as PGlite),
    query: async (sql, params) => (await db.query(sql, params)).rows as never,
    transaction: (work) =>
      db.transaction((tx) =>
        work({
          query: async (sql, params) => (await tx.query(sql, params)).rows as never,
          exec: async (sql) => void (await tx.exec(sql)),
        }),
      ),
    close: () => db.close(),
  };
}

export async function openPostgresDriver(url: string): Promise<SqlDriver> {
  const pool = new Pool({ connectionString: url, max: 10, connectionTimeoutMillis: 10_000 });
  // an idle connection dropped by the server (restart, failover) is an event, not a crash: the pool replaces it
  pool.on('error', () => undefined);
  const probe = await pool.connect().catch(async (error: Error) => {
    await pool.end().catch(() => undefined);
    throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${error.message}`);
  });
  probe.release();
  return {
    kind: 'postgres',
    description: `PostgreSQL at ${redact(url)}`,
    prismaAdapter: new PrismaPg(pool),
    query: async (sql, params) => (await pool.query(sql, params as unknown[])).rows,
    transaction: async (work) => {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({
          query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
          exec: async (sql) => void (await client.query(sql)),
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}
