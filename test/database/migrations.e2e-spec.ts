import { loadConfig } from '../../src/config/app-config';
import { DatabaseService, MIGRATIONS_DIR } from '../../src/database/database.service';
import { migrate, readMigrations } from '../../src/database/migrator';
import { openEmbeddedDriver, openPostgresDriver, SqlDriver } from '../../src/database/sql-driver';
import { PgliteServer, startPgliteServer } from '../support/pglite-server';

const migrations = readMigrations(MIGRATIONS_DIR);

async function tables(driver: SqlDriver): Promise<string[]> {
  const rows = await driver.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  return rows.map((row) => row.tablename);
}

describe.each([
  ['embedded PGlite, in process', async () => ({ driver: await openEmbeddedDriver('memory://'), stop: async () => undefined })],
  [
    'DATABASE_URL over the PostgreSQL wire protocol',
    async () => {
      const server = await startPgliteServer();
      return { driver: await openPostgresDriver(server.url), stop: () => server.stop() };
    },
  ],
])('migrations (%s)', (_name, open) => {
  let driver: SqlDriver;
  let stop: () => Promise<void>;

  beforeAll(async () => ({ driver, stop } = await open()));
  afterAll(async () => {
    await driver?.close();
    await stop?.();
  });

  it('applies every migration to an empty database, pgvector first', async () => {
    expect(await tables(driver)).toEqual([]);
    const result = await migrate(driver, migrations);
    expect(result.applied).toEqual(migrations.map((migration) => migration.name));
    expect(await tables(driver)).toEqual([
      'agent', 'agent_note', 'agent_presence_lease', 'attachment', 'audit_entry', 'conversation', 'conversation_event', 'faq_suggestion', 'folder_evaluation_run', 'index_state', 'kefu_lease', 'kefu_migrations',
      'knowledge_entry', 'knowledge_file', 'knowledge_model', 'knowledge_phrase', 'message', 'ticket',
    ]);
    const [extension] = await driver.query<{ extname: string }>(`SELECT extname FROM pg_extension WHERE extname = 'vector'`);
    expect(extension).toEqual({ extname: 'vector' });
  });

  it('is idempotent on a migrated database', async () => {
    const result = await migrate(driver, migrations);
    expect(result).toEqual({ applied: [], alreadyApplied: migrations.map((migration) => migration.name), checksumMismatches: [] });
    const recorded = await driver.query<{ name: string }>('SELECT name FROM kefu_migrations ORDER BY name');
    expect(recorded.map((row) => row.name)).toEqual(migrations.map((migration) => migration.name));
  });

  it('reports a migration edited after it was applied', async () => {
    const edited = migrations.map((migration, index) => (index === 0 ? { ...migration, checksum: 'edited' } : migration));
    expect((await migrate(driver, edited)).checksumMismatches).toEqual([migrations[0].name]);
  });

  it('rolls back a failing migration as a whole', async () => {
    const broken = [...migrations, { name: '9999_broken', checksum: 'x', sql: 'CREATE TABLE half_done (id int); SELECT * FROM no_such_table;' }];
    await expect(migrate(driver, broken)).rejects.toThrow(/Migration 9999_broken failed.*no_such_table/s);
    expect(await tables(driver)).not.toContain('half_done');
    expect((await driver.query('SELECT 1 FROM kefu_migrations WHERE name = $1', ['9999_broken'])).length).toBe(0);
  });
});

describe('migrations on a shared server', () => {
  let server: PgliteServer;
  beforeAll(async () => (server = await startPgliteServer()));
  afterAll(async () => server?.stop());

  it('are applied once when several instances start together', async () => {
    const drivers = await Promise.all([1, 2, 3].map(() => openPostgresDriver(server.url)));
    const results = await Promise.all(drivers.map((driver) => migrate(driver, migrations)));
    const appliedBy = results.map((result) => result.applied.length);
    expect(appliedBy.reduce((sum, count) => sum + count, 0)).toBe(migrations.length);
    const recorded = await drivers[0].query('SELECT name FROM kefu_migrations');
    expect(recorded).toHaveLength(migrations.length);
    await Promise.all(drivers.map((driver) => driver.close()));
  });
});

describe('a PostgreSQL server without pgvector', () => {
  // the machine's own PostgreSQL 15 has no pgvector (Debian ships none): exactly the user's situation
  const url = process.env.KEFU_TEST_PLAIN_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

  it('fails at start-up with a message that says how to install the extension', async () => {
    const database = new DatabaseService(loadConfig({ DATABASE_URL: url, JWT_SECRET: 'test-secret-shared-by-instances' }));
    const failure = await database.onModuleInit().then(
      () => new Error('started without pgvector'),
      (error: Error) => error,
    );
    await database.onModuleDestroy();
    expect(failure).toMatchObject({ code: 'DATABASE_SETUP' });
    expect(failure.message).toContain('The pgvector extension is not installed on PostgreSQL at postgresql://postgres@127.0.0.1:5432/test');
    expect(failure.message).toMatch(/apt install postgresql-<version>-pgvector/);
    expect(failure.message).toMatch(/unset DATABASE_URL/);
  });
});
