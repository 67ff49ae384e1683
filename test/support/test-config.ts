import { cpSync, mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AppConfig, loadConfig } from '../../src/config/app-config';

/** Config for a test: embedded in-memory database unless a DATABASE_URL is given; no watching unless asked. */
export function testConfig(overrides: Record<string, string | undefined> = {}): AppConfig {
  return loadConfig({ NODE_ENV: 'test', KEFU_DATA_DIR: 'memory://', KNOWLEDGE_WATCH: 'false', LOG_LEVEL: 'error', PORT: '0', JWT_SECRET: 'test-secret-shared-by-instances', ...overrides });
}

/** A temporary knowledge folder the test can edit; `files` are written relative to it. */
export class TempKnowledgeFolder {
  readonly dir = mkdtempSync(path.join(tmpdir(), 'kefu-knowledge-'));

  constructor(files: Record<string, string | Buffer> = {}) {
    for (const [name, content] of Object.entries(files)) this.write(name, content);
  }

  static copyOf(source: string): TempKnowledgeFolder {
    const folder = new TempKnowledgeFolder();
    cpSync(source, folder.dir, { recursive: true });
    return folder;
  }

  write(name: string, content: string | Buffer): void {
    const file = path.join(this.dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }

  remove(name: string): void {
    rmSync(path.join(this.dir, name), { force: true });
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export const SAMPLE_KNOWLEDGE = path.resolve(__dirname, '../../knowledge');
