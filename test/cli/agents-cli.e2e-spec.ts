import { INestApplication } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { testConfig } from '../support/test-config';

const ROOT = path.resolve(__dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `npm run agents -- …` as a child process: the CLI and the test cannot share the embedded database otherwise. */
describe('npm run agents (CLI)', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'kefu-agents-cli-'));
  const dataDir = path.join(work, 'data');

  function agents(...args: string[]): Promise<Run> {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', KEFU_DATA_DIR: dataDir, KNOWLEDGE_DIR: path.join(work, 'knowledge'), KNOWLEDGE_WATCH: 'false' };
    for (const name of ['DATABASE_URL', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'OPENAI_API_KEY', 'EMBEDDING_PROVIDER']) delete env[name];
    return new Promise((resolve) => {
      execFile(process.execPath, ['-r', '@swc-node/register', 'src/cli/agents.ts', ...args], { cwd: ROOT, env, timeout: 50_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }

  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('adds an agent, and list shows it', async () => {
    const added = await agents('add', '--email', 'Li.Lei@Example.com', '--name', 'Li Lei', '--password', 'li-lei-password', '--role', 'admin', '--skills', 'after-sales, billing', '--max-chats', '3');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Added admin li\.lei@example\.com \(Li Lei\): skills after-sales, billing, up to 3 chats at once\. Id [0-9a-f-]{36}\n$/);

    const second = await agents('add', '--email', 'han@example.com', '--name', '韩梅梅', '--password', 'han-mei-mei-password');
    expect(second.code).toBe(0);

    const list = await agents('list');
    expect(list.code).toBe(0);
    const lines = list.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^EMAIL\s+NAME\s+ROLE\s+SKILLS\s+MAX CHATS\s+STATUS\s+PRESENCE$/);
    expect(lines).toContainEqual(expect.stringMatching(/^li\.lei@example\.com\s+Li Lei\s+admin\s+after-sales,billing\s+3\s+enabled\s+offline$/));
    expect(lines).toContainEqual(expect.stringMatching(/^han@example\.com\s+韩梅梅\s+agent\s+-\s+5\s+enabled\s+offline$/));
  });

  it('fails with 1 and a clear message on a duplicate email', async () => {
    const duplicate = await agents('add', '--email', 'LI.LEI@example.com', '--name', 'Another', '--password', 'another-password');
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr.trim()).toBe('An agent with the email li.lei@example.com already exists');
  });

  it('disables and enables by email; an unknown email fails with 1', async () => {
    const disabled = await agents('disable', '--email', 'han@example.com');
    expect(disabled.code).toBe(0);
    expect(disabled.stdout).toMatch(/^Disabled han@example\.com/);
    expect((await agents('list')).stdout).toMatch(/han@example\.com\s+韩梅梅\s+agent\s+-\s+5\s+disabled/);

    const unknown = await agents('enable', '--email', 'nobody@example.com');
    expect(unknown).toMatchObject({ code: 1 });
    expect(unknown.stderr.trim()).toBe('No agent with the email nobody@example.com');
  });

  it('exits 2 with the usage on bad usage, without opening the database', async () => {
    const runs = await Promise.all([
      agents(),
      agents('promote', '--email', 'li.lei@example.com'),
      agents('add', '--email', 'x@example.com', '--name', 'X'),
      agents('add', '--email', 'not-an-email', '--name', 'X', '--password', 'short'),
      agents('add', '--email', 'x@example.com', '--name', 'X', '--password', 'long-enough', '--max-chats', 'many'),
      agents('list', '--verbose'),
      agents('disable'),
      agents('disable', '--email', 'x@example.com', 'extra'),
    ]);
    for (const run of runs) {
      expect(run.code).toBe(2);
      expect(run.stderr).toContain('Usage: npm run agents -- <command> [options]');
    }
    expect(runs[1].stderr).toMatch(/^Unknown command "promote"/);
    expect(runs[2].stderr).toMatch(/^add needs --password/);
    expect(runs[3].stderr).toMatch(/^--email must be an email\n--password must be longer than or equal to 10 characters/);
    expect(runs[4].stderr).toMatch(/^--max-chats must be a whole number/);
    expect(runs[5].stderr).toMatch(/Unknown option '--verbose'/);

    const help = await agents('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/add --email <email> --name <name> --password <password>/);
  });

  it('the accounts it made sign in over HTTP (a disabled one cannot)', async () => {
    const app: INestApplication = await createApp(testConfig({ KEFU_DATA_DIR: dataDir, KNOWLEDGE_DIR: path.join(work, 'knowledge') }), { logger: false });
    try {
      await app.init();
      const { body } = await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: 'li.lei@example.com', password: 'li-lei-password' }).expect(200);
      expect(body.agent).toMatchObject({ email: 'li.lei@example.com', role: 'admin', skills: ['after-sales', 'billing'], maxChats: 3 });
      await request(app.getHttpServer()).post('/api/v1/auth/login').send({ email: 'han@example.com', password: 'han-mei-mei-password' }).expect(401);
    } finally {
      await app.close();
    }
  });
});
