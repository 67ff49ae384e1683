import { ConfigValidationError, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('has defaults that run offline with the embedded database', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      database: { url: undefined, dataDir: './.kefu' },
      knowledge: { dir: './knowledge', watch: true },
      embedding: { provider: 'local', model: 'text-embedding-3-small' },
      openai: { enabled: false, chatModel: 'gpt-4o-mini' },
    });
  });

  it('turns on the OpenAI path with a key', () => {
    expect(loadConfig({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'http://localhost:8000/v1' })).toMatchObject({
      embedding: { provider: 'openai' },
      openai: { enabled: true, baseUrl: 'http://localhost:8000/v1' },
    });
    expect(loadConfig({ OPENAI_API_KEY: 'k', EMBEDDING_PROVIDER: 'local' }).embedding.provider).toBe('local');
  });

  it('lists one clear message per bad value', () => {
    let error: ConfigValidationError | undefined;
    try {
      loadConfig({ PORT: 'eighty', KNOWLEDGE_WATCH: 'sometimes', DATABASE_URL: 'mysql://db', NODE_ENV: 'production', EMBEDDING_PROVIDER: 'openai', ADMIN_EMAIL: 'boss', OPENAI_API_KEY: '' });
    } catch (caught) {
      error = caught as ConfigValidationError;
    }
    expect(error?.problems).toEqual([
      'PORT must be an integer between 0 and 65535 (got "eighty")',
      'DATABASE_URL must be a postgres:// or postgresql:// URL (got "mysql://db")',
      'KNOWLEDGE_WATCH must be true or false (got "sometimes")',
      'ADMIN_EMAIL must be an email address (got "boss")',
      'ADMIN_PASSWORD is required with ADMIN_EMAIL',
      'JWT_SECRET is required when NODE_ENV=production, DATABASE_URL or REDIS_URL is set (every instance must share it)',
      'EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY, or EMBEDDING_BASE_URL (with EMBEDDING_API_KEY if the server wants one)',
    ]);
    expect(error?.message).toMatch(/^Invalid configuration:\n {2}- PORT/);
  });

  it('asks for a shared JWT_SECRET whenever instances may share a database or Redis', () => {
    for (const env of [{ DATABASE_URL: 'postgres://db/kefu' }, { REDIS_URL: 'redis://127.0.0.1:6379' }]) {
      expect(() => loadConfig(env)).toThrow(/JWT_SECRET is required when NODE_ENV=production, DATABASE_URL or REDIS_URL is set/);
      expect(loadConfig({ ...env, JWT_SECRET: 'a-secret-of-16-chars-or-more' }).jwtSecret).toBe('a-secret-of-16-chars-or-more');
    }
    expect(loadConfig({}).jwtSecret).toBeUndefined();
  });

  it('reads the live-chat timings and the SMTP server, and rejects bad ones without echoing an SMTP password', () => {
    expect(loadConfig({})).toMatchObject({ smtp: undefined, chatIdleMs: 30 * 60_000, queueSlaSeconds: 120, ticketAnswerMs: 24 * 3_600_000 });
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', CHAT_IDLE_MINUTES: '0.05', QUEUE_SLA_SECONDS: '30', TICKET_ANSWER_HOURS: '2' })).toMatchObject({
      smtp: { url: 'smtp://127.0.0.1:2525', from: 'kefu <no-reply@localhost>' },
      chatIdleMs: 3000,
      queueSlaSeconds: 30,
      ticketAnswerMs: 7_200_000,
    });
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail' })).toThrow(/SMTP_URL must be an smtp:\/\/ or smtps:\/\/ URL, e\.g\. [^\n]*$/);
    expect(() => loadConfig({ SMTP_URL: 'http://user:hunter2@mail' })).not.toThrow(/hunter2/);
    expect(() => loadConfig({ CHAT_IDLE_MINUTES: 'soon' })).toThrow('CHAT_IDLE_MINUTES must be a number of minutes between 0 (never) and 1440 (got "soon")');
    expect(() => loadConfig({ QUEUE_SLA_SECONDS: '0' })).toThrow('QUEUE_SLA_SECONDS must be an integer between 1 and 86400 (got "0")');
  });

  it('reads which language resources expand questions, cross-language matching by default', () => {
    expect(loadConfig({}).languageResources).toEqual(['cross-language']);
    expect(loadConfig({ LANGUAGE_RESOURCES: 'none' }).languageResources).toEqual([]);
    expect(loadConfig({ LANGUAGE_RESOURCES: 'wordnet, cross-language' }).languageResources).toEqual(['wordnet', 'cross-language']);
    expect(() => loadConfig({ LANGUAGE_RESOURCES: 'wordnet,thesaurus' })).toThrow('LANGUAGE_RESOURCES must be none or a comma-separated list of cross-language, zh-to-en, wordnet, zh-synonyms (got "wordnet,thesaurus")');
  });

  it('reads when to tell new customers that replies are slow (0: never)', () => {
    expect(loadConfig({}).busyNoticeAfterMs).toBe(2000);
    expect(loadConfig({ BUSY_NOTICE_AFTER_MS: '0' }).busyNoticeAfterMs).toBe(0);
    expect(() => loadConfig({ BUSY_NOTICE_AFTER_MS: '-1' })).toThrow('BUSY_NOTICE_AFTER_MS must be an integer between 0 (never) and 60000 (got "-1")');
  });
});
