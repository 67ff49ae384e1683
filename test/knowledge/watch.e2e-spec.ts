import { Logger } from '@nestjs/common';
import { KnowledgeContext, startKnowledgeContext } from '../support/knowledge-context';
import { testConfig, TempKnowledgeFolder } from '../support/test-config';
import { fixtureFolder } from './fixture-folder';

async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('KNOWLEDGE_WATCH=true', () => {
  let folder: TempKnowledgeFolder;
  let kb: KnowledgeContext;

  beforeAll(async () => {
    folder = fixtureFolder();
    kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir, KNOWLEDGE_WATCH: 'true' }), { indexOnStart: true });
    await kb.lifecycle.whenReady();
  });

  afterAll(async () => {
    await kb?.close();
    folder?.dispose();
  });

  it('is ready after the first pass', () => {
    expect(kb.lifecycle.ready).toBe(true);
  });

  it('serves an edited file within seconds', async () => {
    const started = Date.now();
    folder.write('faq/shipping.faq.yml', '- id: shipping-fee\n  question: 运费怎么算？\n  answer: 全场包邮，不收运费。\n  tags: [shipping]\n');
    const answer = await eventually(
      async () => (await kb.search.search('运费怎么算', { limit: 1 }))[0]?.entry.content,
      (content) => JSON.stringify(content).includes('全场包邮'),
    );
    expect(answer).toEqual({ answers: { zh: '全场包邮，不收运费。' } });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('drops a deleted file and picks up a new one', async () => {
    folder.remove('docs/membership.txt');
    folder.write('docs/gift.md', '# Gift cards\n\nGift cards are valid for three years.\n');
    const ids = await eventually(
      () => kb.topIds('gift cards valid years membership points', 10),
      (found) => found.includes('docs/gift.md#0') && !found.some((id) => id.startsWith('docs/membership.txt')),
    );
    expect(ids).toContain('docs/gift.md#0');
    expect(ids.some((id) => id.startsWith('docs/membership.txt'))).toBe(false);
  });
});

describe('shutting down during the first pass', () => {
  it('stops the pass without reporting it as a failure', async () => {
    const folder = fixtureFolder();
    const errors = jest.spyOn(Logger.prototype, 'error');
    try {
      const kb = await startKnowledgeContext(testConfig({ KNOWLEDGE_DIR: folder.dir }), { indexOnStart: true });
      await kb.close(); // the first pass has only just started
      await kb.lifecycle.whenReady();
      expect(kb.lifecycle.ready).toBe(false);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      folder.dispose();
    }
  });
});
