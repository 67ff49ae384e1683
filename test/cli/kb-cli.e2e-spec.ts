import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { TempKnowledgeFolder } from '../support/test-config';

const ROOT = path.resolve(__dirname, '../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

const FAQ = `
- id: return-window
  question: 收到货后多少天内可以退货？
  similar: [退货期限是多久, How long do I have to return an item?]
  answer: 自签收之日起 7 天内可申请无理由退货。
- id: shipping-fee
  question: 运费多少钱？
  similar: [邮费怎么算, How much is shipping?]
  answer: 满 99 元包邮，不满收 8 元运费。
- id: invoice
  question: 怎么开发票？
  similar: [能开发票吗, Can I get an invoice?]
  answer: 在订单详情页点击“申请发票”。
`;

const EVAL = `
- question: 退货期限是多久
  expect: return-window
- question: how much is shipping
  expect: shipping-fee
- question: 今天天气怎么样
  expect: none
`;

/** `npm run kb -- …` as a child process, on a folder given as an argument (not KNOWLEDGE_DIR). */
describe('npm run kb (CLI) on a folder of its own', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'kefu-kb-cli-'));
  const folder = new TempKnowledgeFolder();

  function kb(...args: string[]): Promise<Run> {
    // KNOWLEDGE_DIR points at the sample folder: the argument must win
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', KEFU_DATA_DIR: path.join(work, 'data'), KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') };
    for (const name of ['DATABASE_URL', 'OPENAI_API_KEY', 'EMBEDDING_PROVIDER']) delete env[name];
    return new Promise((resolve) => {
      execFile(process.execPath, ['-r', '@swc-node/register', 'src/cli/kb.ts', ...args], { cwd: ROOT, env, timeout: 150_000 }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
      });
    });
  }

  afterAll(() => {
    folder.dispose();
    rmSync(work, { recursive: true, force: true });
  });

  it('check reads the folder named on the command line, and eval.yaml expectations must name an entry', async () => {
    folder.write('faq/shop.faq.yaml', FAQ);
    folder.write('eval.yaml', `${EVAL}- question: 怎么联系客服\n  expect: contact-us\n`);
    const checked = await kb('check', folder.dir);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain('3 FAQ entries');
    expect(checked.stdout).toMatch(/eval\.yaml:8\b.*expect "contact-us" is neither an FAQ id, a document path nor none/);

    const missing = await kb('check', path.join(work, 'no-such-folder'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
  }, 60_000);

  it('eval fails on a wrong expectation, then reports what a change broke and fixed since the last run', async () => {
    folder.write('faq/shop.faq.yaml', FAQ);
    folder.write('eval.yaml', `${EVAL}- question: 能开发票吗\n  expect: return-window\n`);
    const first = await kb('eval', folder.dir);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('✗ "能开发票吗" — expected return-window, answered from invoice');
    expect(first.stdout).toContain('First run for this folder');
    expect(first.stdout).toContain('eval.yaml: 3 of 4 passed, 1 failed');

    // content staff rename an entry's id and correct the wrong expectation
    folder.write('faq/shop.faq.yaml', FAQ.replace('id: shipping-fee', 'id: shipping-cost'));
    folder.write('eval.yaml', `${EVAL}- question: 能开发票吗\n  expect: invoice\n`);
    const second = await kb('eval', folder.dir);
    expect(second.code).toBe(1);
    expect(second.stdout).toContain('− no longer right: "how much is shipping" (expected shipping-fee, now answered from shipping-cost)');
    expect(second.stdout).toContain('1 question(s) new in eval.yaml');
    expect(second.stdout).toContain('eval.yaml: 3 of 4 passed, 1 failed');

    folder.write('eval.yaml', `${EVAL.replace('expect: shipping-fee', 'expect: shipping-cost')}- question: 能开发票吗\n  expect: invoice\n`);
    const third = await kb('eval', folder.dir);
    expect(third.code).toBe(0);
    expect(third.stdout).toContain('eval.yaml: 4 of 4 passed, 0 failed');
  }, 300_000);
});
