import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../common/domain-error';
import type { SqlDriver } from './sql-driver';

/** 'kefu' in ASCII: the advisory-lock key every instance takes before migrating. */
const MIGRATION_LOCK_KEY = 0x6b656675;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
  checksumMismatches: string[];
}

/**
 * Applies pending migrations in name order, each in its own transaction holding a transaction-level advisory
 * lock, so instances starting together apply each migration exactly once. Prisma's migrate engine is not used
 * because its CLI needs a native binary that cannot be downloaded offline (see prisma/README.md).
 */
export async function migrate(driver: SqlDriver, migrations: Migration[]): Promise<MigrationResult> {
  const result: MigrationResult = { applied: [], alreadyApplied: [], checksumMismatches: [] };
  for (const migration of migrations) {
    try {
      await driver.transaction(async ({ query, exec }) => {
        await query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
        await exec(`CREATE TABLE IF NOT EXISTS kefu_migrations (
          name TEXT PRIMARY KEY, checksum TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
        const [done] = await query<{ checksum: string }>('SELECT checksum FROM kefu_migrations WHERE name = $1', [migration.name]);
        if (done) {
          result.alreadyApplied.push(migration.name);
          if (done.checksum !== migration.checksum) result.checksumMismatches.push(migration.name);
          return;
        }
        await exec(migration.sql);
        await query('INSERT INTO kefu_migrations (name, checksum) VALUES ($1, $2)', [migration.name, migration.checksum]);
        result.applied.push(migration.name);
      });
    } catch (error) {
      throw explainMigrationFailure(error, migration, driver);
    }
  }
  return result;
}

function explainMigrationFailure(error: unknown, migration: Migration, driver: SqlDriver): Error {
  const message = error instanceof Error ? error.message : String(error);
  if (/vector/.test(message) && /(control file|not available|extension)/i.test(message)) {
    return new DomainError(
      'DATABASE_SETUP',
      [
        `The pgvector extension is not installed on ${driver.description}.`,
        `  PostgreSQL said: ${message}`,
        '  kefu stores embeddings with pgvector. Install it on the database server, then start kefu again:',
        '    - Debian/Ubuntu: apt install postgresql-<version>-pgvector (from the PostgreSQL APT repository, apt.postgresql.org)',
        '    - Docker: use the pgvector/pgvector:pg17 image',
        '    - from source: https://github.com/pgvector/pgvector#installation',
        '    - managed services (RDS, Cloud SQL, Azure, Supabase, Neon): enable the "vector" extension',
        '  Or unset DATABASE_URL to use the embedded database (PGlite with pgvector) in KEFU_DATA_DIR.',
      ].join('\n'),
    );
  }
  return new DomainError('DATABASE_SETUP', `Migration ${migration.name} failed on ${driver.description}: ${message}`);
}
