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
      'JWT_SECRET is required when NODE_ENV=production',
      'EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY, or EMBEDDING_BASE_URL (with EMBEDDING_API_KEY if the server wants one)',
    ]);
    expect(error?.message).toMatch(/^Invalid configuration:\n {2}- PORT/);
  });
});
