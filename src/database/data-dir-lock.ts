import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DomainError } from '../common/domain-error';

/**
 * The embedded database is a folder only one process may open (PGlite has no shared-memory locking, so two
 * writers would corrupt it). A pid file makes a second process fail with a clear message instead.
 */
export function lockDataDir(dataDir: string): () => void {
  if (dataDir.startsWith('memory://')) return () => undefined;
  mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'kefu.pid');
  if (existsSync(lockFile)) {
    const pid = Number(readFileSync(lockFile, 'utf8').trim());
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new DomainError(
        'DATABASE_SETUP',
        `The embedded database in ${dataDir} is in use by another kefu process (pid ${pid}). ` +
          'Stop it, or talk to it instead (e.g. POST /api/v1/knowledge/reindex), or use a PostgreSQL server via DATABASE_URL for several processes.',
      );
    }
  }
  writeFileSync(lockFile, String(process.pid));
  return () => {
    if (existsSync(lockFile) && readFileSync(lockFile, 'utf8').trim() === String(process.pid)) rmSync(lockFile, { force: true });
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
