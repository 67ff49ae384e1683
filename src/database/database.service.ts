import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import path from 'node:path';
import { projectRoot } from '../common/project-root';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { PrismaClient } from '../generated/prisma/client';
import { lockDataDir } from './data-dir-lock';
import { migrate, readMigrations } from './migrator';
import type { SqlStatement } from './sql-tag';
import { openEmbeddedDriver, openPostgresDriver, SqlDriver } from './sql-driver';

export const MIGRATIONS_DIR = path.join(projectRoot(), 'prisma', 'migrations');

/**
 * How long a Prisma transaction may wait to start. The embedded database runs one transaction at a time (PGlite is a
 * single session), so a chat message may have to wait for an HNSW index build or a large file's write to finish;
 * Prisma's default of 2 s would fail it instead.
 */
export const TRANSACTION_WAIT = { maxWait: 60_000 };

/**
 * The only place a database client is built: embedded PGlite (DATABASE_URL unset) or a PostgreSQL server,
 * migrated before anything else uses it. Repositories take `prisma` from here.
 */
@Injectable()
export class DatabaseService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DatabaseService.name);
  private driver?: SqlDriver;
  private client?: PrismaClient;
  private releaseDataDir?: () => void;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get prisma(): PrismaClient {
    if (!this.client) throw new Error('DatabaseService used before it was initialised');
    return this.client;
  }

  /**
   * Raw SQL on the driver below Prisma, for the hot read path: a pgvector nearest-neighbour query through Prisma's
   * client costs about 1 ms more per question than the same statement on the driver (measured on the embedded database).
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    if (!this.driver) throw new Error('DatabaseService used before it was initialised');
    return this.driver.query<T>(sql, params);
  }

  /** A statement built with the `sql` tag, on the driver below Prisma (see `query`), as the chat path sends them. */
  rows<Rows extends object[]>(statement: SqlStatement): Promise<Rows> {
    return this.query(statement.text, statement.values) as Promise<Rows>;
  }

  get migrated(): boolean {
    return this.client !== undefined;
  }

  get kind(): SqlDriver['kind'] {
    return this.driver?.kind ?? 'embedded';
  }

  async onModuleInit(): Promise<void> {
    const { url, dataDir } = this.config.database;
    if (url) {
      this.driver = await openPostgresDriver(url);
    } else {
      this.releaseDataDir = lockDataDir(dataDir);
      this.driver = await openEmbeddedDriver(dataDir);
    }
    const result = await migrate(this.driver, readMigrations(MIGRATIONS_DIR));
    if (result.applied.length > 0) this.logger.log(`Applied migrations: ${result.applied.join(', ')}`);
    for (const name of result.checksumMismatches) this.logger.warn(`Migration ${name} changed after it was applied; write a new migration instead`);
    this.client = new PrismaClient({ adapter: this.driver.prismaAdapter });
    await this.client.$connect();
    this.logger.log(`Database ready: ${this.driver.description}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.client?.$disconnect().catch(() => undefined);
    await this.driver?.close().catch(() => undefined);
    this.releaseDataDir?.();
    this.client = undefined;
    this.driver = undefined;
  }

  /** A trivial query answered within `timeoutMs` (a database that hangs is as unreachable as one that refuses). */
  async isReachable(timeoutMs = 2_000): Promise<boolean> {
    if (!this.client) return false;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const probe = this.client.$queryRaw`SELECT 1`.then(
      () => true,
      () => false,
    );
    try {
      return await Promise.race([probe, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
