import { plainToInstance, Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsInt, IsNumber, IsOptional, IsPositive, IsString, IsUrl, Matches, Max, Min, MinLength, ValidateIf, validateSync } from 'class-validator';
import type { LanguageResource } from '../retrieval/language/query-expansion';

/** Chosen with npm run bench:quality (README "Language resources"). */
const DEFAULT_LANGUAGE_RESOURCES = 'cross-language';

const toBoolean = ({ value }: { value: unknown }) => {
  if (typeof value !== 'string') return value;
  const normalized = value.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(normalized)) return true;
  if (['false', '0', 'no', 'off'].includes(normalized)) return false;
  return value;
};
const toInteger = ({ value }: { value: unknown }) => (typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value);
const toNumber = ({ value }: { value: unknown }) => (typeof value === 'string' && /^\s*\d+(\.\d+)?\s*$/.test(value) ? Number(value) : value);
const emptyToUndefined = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() === '' ? undefined : value);

/** The process environment, as documented in README.md ("Settings"). Validated once at start-up. */
export class EnvironmentVariables {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInteger)
  @Min(0, { message: 'PORT must be an integer between 0 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 0 and 65535' })
  @IsInt({ message: 'PORT must be an integer between 0 and 65535' })
  PORT = 3000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @IsUrl({ protocols: ['postgres', 'postgresql'], require_tld: false, require_protocol: true }, { message: 'DATABASE_URL must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;

  @IsString()
  KEFU_DATA_DIR = './.kefu';

  @IsString()
  KNOWLEDGE_DIR = './knowledge';

  @Transform(toBoolean)
  @IsBoolean({ message: 'KNOWLEDGE_WATCH must be true or false' })
  KNOWLEDGE_WATCH = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  OPENAI_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'OPENAI_BASE_URL must be an http(s) URL, e.g. http://localhost:8000/v1' })
  OPENAI_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['openai', 'local'], { message: 'EMBEDDING_PROVIDER must be "openai" or "local"' })
  EMBEDDING_PROVIDER?: 'openai' | 'local';

  @IsString()
  @MinLength(1)
  EMBEDDING_MODEL = 'text-embedding-3-small';

  @IsString()
  @MinLength(1)
  CHAT_MODEL = 'gpt-4o-mini';

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'EMBEDDING_BASE_URL must be an http(s) URL, e.g. http://localhost:8080/v1' })
  EMBEDDING_BASE_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  EMBEDDING_API_KEY?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsIn(['float', 'base64'], { message: 'EMBEDDING_ENCODING must be "float" or "base64" (unset: detected from the first reply)' })
  EMBEDDING_ENCODING?: 'float' | 'base64';

  @Transform((params) => toInteger({ value: emptyToUndefined(params) }))
  @IsOptional()
  @Min(2, { message: 'EMBEDDING_DIMENSIONS must be an integer between 2 and 4000' })
  @Max(4000, { message: 'EMBEDDING_DIMENSIONS must be an integer between 2 and 4000' })
  @IsInt({ message: 'EMBEDDING_DIMENSIONS must be an integer between 2 and 4000' })
  EMBEDDING_DIMENSIONS?: number;

  @IsIn(['json_schema', 'json_object', 'tools', 'prompt'], { message: 'CHAT_STRUCTURED_OUTPUT must be json_schema, json_object, tools or prompt' })
  CHAT_STRUCTURED_OUTPUT: 'json_schema' | 'json_object' | 'tools' | 'prompt' = 'json_schema';

  @Transform(toInteger)
  @Min(500, { message: 'ANSWER_BUDGET_MS must be an integer between 500 and 120000' })
  @Max(120_000, { message: 'ANSWER_BUDGET_MS must be an integer between 500 and 120000' })
  @IsInt({ message: 'ANSWER_BUDGET_MS must be an integer between 500 and 120000' })
  ANSWER_BUDGET_MS = 4000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ require_tld: false, require_protocol: true, protocols: ['http', 'https'] }, { message: 'RERANK_URL must be an http(s) URL of a POST /rerank endpoint, e.g. http://localhost:8081/rerank' })
  RERANK_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  RERANK_MODEL?: string;

  @Transform(toInteger)
  @Min(100, { message: 'CHAT_TIMEOUT_MS must be an integer between 100 and 120000' })
  @Max(120_000, { message: 'CHAT_TIMEOUT_MS must be an integer between 100 and 120000' })
  @IsInt({ message: 'CHAT_TIMEOUT_MS must be an integer between 100 and 120000' })
  CHAT_TIMEOUT_MS = 8000;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['redis', 'rediss'], require_tld: false, require_protocol: true }, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsEmail({}, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @ValidateIf((env: EnvironmentVariables) => env.ADMIN_EMAIL !== undefined || env.ADMIN_PASSWORD !== undefined)
  @MinLength(10, { message: 'ADMIN_PASSWORD must be at least 10 characters' })
  @IsString({ message: 'ADMIN_PASSWORD is required with ADMIN_EMAIL' })
  ADMIN_PASSWORD?: string;

  @Transform(emptyToUndefined)
  // every instance of a deployment must sign and verify agent tokens with the same key
  @ValidateIf((env: EnvironmentVariables) => env.NODE_ENV === 'production' || env.DATABASE_URL !== undefined || env.REDIS_URL !== undefined || env.JWT_SECRET !== undefined)
  @MinLength(16, { message: 'JWT_SECRET must be at least 16 characters' })
  @IsString({ message: 'JWT_SECRET is required when NODE_ENV=production, DATABASE_URL or REDIS_URL is set (every instance must share it)' })
  JWT_SECRET?: string;

  @Transform(toInteger)
  @Min(0, { message: 'AGENT_GRACE_SECONDS must be an integer between 0 and 3600' })
  @Max(3600, { message: 'AGENT_GRACE_SECONDS must be an integer between 0 and 3600' })
  @IsInt({ message: 'AGENT_GRACE_SECONDS must be an integer between 0 and 3600' })
  AGENT_GRACE_SECONDS = 30;

  @Transform(toInteger)
  @Min(2, { message: 'PRESENCE_LEASE_SECONDS must be an integer between 2 and 300' })
  @Max(300, { message: 'PRESENCE_LEASE_SECONDS must be an integer between 2 and 300' })
  @IsInt({ message: 'PRESENCE_LEASE_SECONDS must be an integer between 2 and 300' })
  PRESENCE_LEASE_SECONDS = 15;

  @Transform(toInteger)
  @Min(0, { message: 'SHUTDOWN_GRACE_SECONDS must be an integer between 0 and 600' })
  @Max(600, { message: 'SHUTDOWN_GRACE_SECONDS must be an integer between 0 and 600' })
  @IsInt({ message: 'SHUTDOWN_GRACE_SECONDS must be an integer between 0 and 600' })
  SHUTDOWN_GRACE_SECONDS = 20;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsUrl({ protocols: ['smtp', 'smtps'], require_tld: false, require_protocol: true }, { message: 'SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtps://user:pass@smtp.example.com' })
  SMTP_URL?: string;

  @IsString()
  @MinLength(3)
  SMTP_FROM = 'kefu <no-reply@localhost>';

  @Transform(toNumber)
  @Min(0, { message: 'CHAT_IDLE_MINUTES must be a number of minutes between 0 (never) and 1440' })
  @Max(1440, { message: 'CHAT_IDLE_MINUTES must be a number of minutes between 0 (never) and 1440' })
  @IsNumber({}, { message: 'CHAT_IDLE_MINUTES must be a number of minutes between 0 (never) and 1440' })
  CHAT_IDLE_MINUTES = 30;

  @Transform(toInteger)
  @Min(1, { message: 'QUEUE_SLA_SECONDS must be an integer between 1 and 86400' })
  @Max(86_400, { message: 'QUEUE_SLA_SECONDS must be an integer between 1 and 86400' })
  @IsInt({ message: 'QUEUE_SLA_SECONDS must be an integer between 1 and 86400' })
  QUEUE_SLA_SECONDS = 120;

  @Transform(toInteger)
  @Min(2, { message: 'BURST_MIN must be an integer between 2 and 10000' })
  @Max(10_000, { message: 'BURST_MIN must be an integer between 2 and 10000' })
  @IsInt({ message: 'BURST_MIN must be an integer between 2 and 10000' })
  BURST_MIN = 10;

  @Transform(toInteger)
  @Min(0, { message: 'BUSY_NOTICE_AFTER_MS must be an integer between 0 (never) and 60000' })
  @Max(60_000, { message: 'BUSY_NOTICE_AFTER_MS must be an integer between 0 (never) and 60000' })
  @IsInt({ message: 'BUSY_NOTICE_AFTER_MS must be an integer between 0 (never) and 60000' })
  BUSY_NOTICE_AFTER_MS = 2000;

  @Transform(toNumber)
  @IsPositive({ message: 'TICKET_ANSWER_HOURS must be a number of hours above 0, at most 720' })
  @Max(720, { message: 'TICKET_ANSWER_HOURS must be a number of hours above 0, at most 720' })
  @IsNumber({}, { message: 'TICKET_ANSWER_HOURS must be a number of hours above 0, at most 720' })
  TICKET_ANSWER_HOURS = 24;

  @Transform(toBoolean)
  @IsBoolean({ message: 'DEMO_PAGE must be true or false' })
  DEMO_PAGE = true;

  @Transform(toInteger)
  @Min(1024, { message: 'UPLOAD_MAX_BYTES must be an integer between 1024 and 52428800 (50 MB)' })
  @Max(50 * 1024 * 1024, { message: 'UPLOAD_MAX_BYTES must be an integer between 1024 and 52428800 (50 MB)' })
  @IsInt({ message: 'UPLOAD_MAX_BYTES must be an integer between 1024 and 52428800 (50 MB)' })
  UPLOAD_MAX_BYTES = 5 * 1024 * 1024;

  @Transform(emptyToUndefined)
  @IsOptional()
  @MinLength(16, { message: 'WIDGET_IDENTITY_SECRET must be at least 16 characters' })
  @IsString()
  WIDGET_IDENTITY_SECRET?: string;

  @IsIn(['error', 'warn', 'log', 'debug', 'verbose'])
  LOG_LEVEL: 'error' | 'warn' | 'log' | 'debug' | 'verbose' = 'log';

  @IsIn(['json', 'text'], { message: 'LOG_FORMAT must be json (one JSON object per line) or text' })
  LOG_FORMAT: 'json' | 'text' = 'json';

  @Transform(toBoolean)
  @IsBoolean({ message: 'LOG_BODIES must be true or false' })
  LOG_BODIES = false;

  @Transform(toInteger)
  @Min(0, { message: 'RETENTION_DAYS must be an integer between 0 (keep for ever) and 36500' })
  @Max(36_500, { message: 'RETENTION_DAYS must be an integer between 0 (keep for ever) and 36500' })
  @IsInt({ message: 'RETENTION_DAYS must be an integer between 0 (keep for ever) and 36500' })
  RETENTION_DAYS = 0;

  @Transform(toBoolean)
  @IsBoolean({ message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY = false;

  @Transform(toInteger)
  @Min(0, { message: 'RATE_LIMIT_PER_IP must be an integer between 0 (off) and 1000000' })
  @Max(1_000_000, { message: 'RATE_LIMIT_PER_IP must be an integer between 0 (off) and 1000000' })
  @IsInt({ message: 'RATE_LIMIT_PER_IP must be an integer between 0 (off) and 1000000' })
  RATE_LIMIT_PER_IP = 300;

  @Transform(toInteger)
  @Min(0, { message: 'RATE_LIMIT_PER_CONVERSATION must be an integer between 0 (off) and 100000' })
  @Max(100_000, { message: 'RATE_LIMIT_PER_CONVERSATION must be an integer between 0 (off) and 100000' })
  @IsInt({ message: 'RATE_LIMIT_PER_CONVERSATION must be an integer between 0 (off) and 100000' })
  RATE_LIMIT_PER_CONVERSATION = 30;

  @IsString()
  @Matches(/^[\w:.-]{1,64}$/, { message: 'REDIS_KEY_PREFIX may use letters, digits, "_", ":", ".", "-" (at most 64)' })
  REDIS_KEY_PREFIX = 'kefu:';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^\s*https?:\/\/[^\s,]+(\s*,\s*https?:\/\/[^\s,]+)*\s*$/, { message: 'WIDGET_ORIGINS must be a comma-separated list of origins such as https://shop.example.com' })
  WIDGET_ORIGINS?: string;

  @Transform(toBoolean)
  @IsBoolean({ message: 'REDACT_STORED_PII must be true or false' })
  REDACT_STORED_PII = false;

  @Matches(/^\s*(none|(cross-language|zh-to-en|wordnet|zh-synonyms)(\s*,\s*(cross-language|zh-to-en|wordnet|zh-synonyms))*)\s*$/, {
    message: 'LANGUAGE_RESOURCES must be none or a comma-separated list of cross-language, zh-to-en, wordnet, zh-synonyms',
  })
  LANGUAGE_RESOURCES = DEFAULT_LANGUAGE_RESOURCES;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigValidationError';
  }
}

export interface AppConfig {
  nodeEnv: EnvironmentVariables['NODE_ENV'];
  port: number;
  logLevel: EnvironmentVariables['LOG_LEVEL'];
  /** json: one object per line for a log collector; text: Nest's coloured lines for a terminal */
  logFormat: EnvironmentVariables['LOG_FORMAT'];
  /** request and event bodies in the log lines, masked; for debugging only */
  logBodies: boolean;
  /** conversations closed longer ago lose their text and photos; 0 = kept for ever */
  retentionDays: number;
  database: { url?: string; dataDir: string };
  /** indexOnStart is not a setting: CLIs that index themselves turn it off */
  knowledge: { dir: string; watch: boolean; indexOnStart: boolean };
  openai: { apiKey?: string; baseUrl?: string; chatModel: string; chatTimeoutMs: number; enabled: boolean };
  embedding: {
    provider: 'openai' | 'local';
    /** EMBEDDING_PROVIDER was set: a server without embeddings is an error, not a reason to use the offline embedding */
    explicit: boolean;
    model: string;
    apiKey?: string;
    baseUrl?: string;
    /** unset: asks for base64 and reads whichever the server sends */
    encoding?: 'float' | 'base64';
    dimensions?: number;
  };
  /** how the chat model is asked for JSON */
  structuredOutput: EnvironmentVariables['CHAT_STRUCTURED_OUTPUT'];
  /** the most one answer may take end to end (query embedding, re-ranking, generation) */
  answerBudgetMs: number;
  rerank?: { url: string; model?: string; apiKey?: string };
  redisUrl?: string;
  /** how long an agent who dropped off keeps their chats */
  agentGraceMs: number;
  /** an agent's instance renews their presence lease every third of this; unrenewed, the agent is offline */
  presenceLeaseMs: number;
  /** on SIGTERM, how long in-flight messages may take to finish before the process stops anyway */
  shutdownGraceMs: number;
  admin?: { email: string; password: string };
  jwtSecret?: string;
  /** answering left messages by email; unset = agents mark tickets handled instead */
  smtp?: { url: string; from: string };
  /** an assigned chat without a message for this long is closed; 0 = never */
  chatIdleMs: number;
  /** a chat waiting longer is highlighted in the console */
  queueSlaSeconds: number;
  /** customers asking one new thing within ten minutes that make an incident burst */
  burstMin: number;
  /** a ticket not answered within this is flagged */
  ticketAnswerMs: number;
  /** when the oldest unanswered customer message is older than this, new customers are told replies are slow; 0 = never */
  busyNoticeAfterMs: number;
  /** the widget: serve the demo storefront at `/`; the photo size limit; the key of identified customers' HMAC */
  widget: { demoPage: boolean; uploadMaxBytes: number; identitySecret?: string };
  /** limits, origins and personal data (README "Security and limits") */
  security: { trustProxy: boolean; rateLimitPerIp: number; rateLimitPerConversation: number; widgetOrigins: string[]; redactStoredPii: boolean };
  /** prefix of kefu's own Redis keys (rate-limit counters), so deployments can share one Redis */
  redisKeyPrefix: string;
  /** dictionaries that add terms to a question's lexical query (README "Language resources") */
  languageResources: LanguageResource[];
}

/** Validates the environment and returns the typed configuration; throws one message listing every bad value. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const relevant = Object.fromEntries(SETTING_NAMES.filter((name) => env[name] !== undefined).map((name) => [name, env[name]]));
  const vars = plainToInstance(EnvironmentVariables, relevant);
  const errors = validateSync(vars, { stopAtFirstError: true });
  const problems = errors.flatMap((error) => Object.values(error.constraints ?? {}).map((message) => withValue(message, error.property, env[error.property])));
  if (vars.EMBEDDING_PROVIDER === 'openai' && !vars.OPENAI_API_KEY && !vars.EMBEDDING_API_KEY && !vars.EMBEDDING_BASE_URL) problems.push('EMBEDDING_PROVIDER=openai needs OPENAI_API_KEY, or EMBEDDING_BASE_URL (with EMBEDDING_API_KEY if the server wants one)');
  if (problems.length > 0) throw new ConfigValidationError(problems);

  return {
    nodeEnv: vars.NODE_ENV,
    port: vars.PORT,
    logLevel: vars.LOG_LEVEL,
    logFormat: vars.LOG_FORMAT,
    logBodies: vars.LOG_BODIES,
    retentionDays: vars.RETENTION_DAYS,
    database: { url: vars.DATABASE_URL, dataDir: vars.KEFU_DATA_DIR },
    knowledge: { dir: vars.KNOWLEDGE_DIR, watch: vars.KNOWLEDGE_WATCH, indexOnStart: true },
    openai: { apiKey: vars.OPENAI_API_KEY, baseUrl: vars.OPENAI_BASE_URL, chatModel: vars.CHAT_MODEL, chatTimeoutMs: vars.CHAT_TIMEOUT_MS, enabled: Boolean(vars.OPENAI_API_KEY) },
    embedding: {
      provider: vars.EMBEDDING_PROVIDER ?? (vars.OPENAI_API_KEY || vars.EMBEDDING_BASE_URL ? 'openai' : 'local'),
      explicit: vars.EMBEDDING_PROVIDER !== undefined || vars.EMBEDDING_BASE_URL !== undefined,
      model: vars.EMBEDDING_MODEL,
      apiKey: vars.EMBEDDING_API_KEY ?? (vars.EMBEDDING_BASE_URL ? undefined : vars.OPENAI_API_KEY),
      baseUrl: vars.EMBEDDING_BASE_URL ?? vars.OPENAI_BASE_URL,
      encoding: vars.EMBEDDING_ENCODING,
      dimensions: vars.EMBEDDING_DIMENSIONS,
    },
    structuredOutput: vars.CHAT_STRUCTURED_OUTPUT,
    answerBudgetMs: vars.ANSWER_BUDGET_MS,
    rerank: vars.RERANK_URL ? { url: vars.RERANK_URL, model: vars.RERANK_MODEL, apiKey: vars.EMBEDDING_API_KEY ?? vars.OPENAI_API_KEY } : undefined,
    redisUrl: vars.REDIS_URL,
    agentGraceMs: vars.AGENT_GRACE_SECONDS * 1000,
    presenceLeaseMs: vars.PRESENCE_LEASE_SECONDS * 1000,
    shutdownGraceMs: vars.SHUTDOWN_GRACE_SECONDS * 1000,
    admin: vars.ADMIN_EMAIL && vars.ADMIN_PASSWORD ? { email: vars.ADMIN_EMAIL, password: vars.ADMIN_PASSWORD } : undefined,
    jwtSecret: vars.JWT_SECRET,
    smtp: vars.SMTP_URL ? { url: vars.SMTP_URL, from: vars.SMTP_FROM } : undefined,
    chatIdleMs: Math.round(vars.CHAT_IDLE_MINUTES * 60_000),
    queueSlaSeconds: vars.QUEUE_SLA_SECONDS,
    burstMin: vars.BURST_MIN,
    ticketAnswerMs: Math.round(vars.TICKET_ANSWER_HOURS * 3_600_000),
    busyNoticeAfterMs: vars.BUSY_NOTICE_AFTER_MS,
    widget: { demoPage: vars.DEMO_PAGE, uploadMaxBytes: vars.UPLOAD_MAX_BYTES, identitySecret: vars.WIDGET_IDENTITY_SECRET },
    security: {
      trustProxy: vars.TRUST_PROXY,
      rateLimitPerIp: vars.RATE_LIMIT_PER_IP,
      rateLimitPerConversation: vars.RATE_LIMIT_PER_CONVERSATION,
      widgetOrigins: (vars.WIDGET_ORIGINS ?? '').split(',').map((origin) => origin.trim().replace(/\/+$/, '')).filter(Boolean),
      redactStoredPii: vars.REDACT_STORED_PII,
    },
    redisKeyPrefix: vars.REDIS_KEY_PREFIX,
    languageResources: vars.LANGUAGE_RESOURCES.split(',').map((name) => name.trim()).filter((name): name is LanguageResource => name !== 'none'),
  };
}

const SETTING_NAMES = [
  'NODE_ENV', 'PORT', 'DATABASE_URL', 'KEFU_DATA_DIR', 'KNOWLEDGE_DIR', 'KNOWLEDGE_WATCH', 'OPENAI_API_KEY', 'OPENAI_BASE_URL',
  'EMBEDDING_PROVIDER', 'EMBEDDING_MODEL', 'CHAT_MODEL', 'CHAT_TIMEOUT_MS', 'REDIS_URL', 'AGENT_GRACE_SECONDS', 'ADMIN_EMAIL', 'ADMIN_PASSWORD', 'JWT_SECRET', 'LOG_LEVEL',
  'LOG_FORMAT', 'LOG_BODIES', 'RETENTION_DAYS',
  'PRESENCE_LEASE_SECONDS', 'SHUTDOWN_GRACE_SECONDS',
  'TRUST_PROXY', 'RATE_LIMIT_PER_IP', 'RATE_LIMIT_PER_CONVERSATION', 'REDIS_KEY_PREFIX', 'WIDGET_ORIGINS', 'REDACT_STORED_PII', 'LANGUAGE_RESOURCES',
  'EMBEDDING_BASE_URL', 'EMBEDDING_API_KEY', 'EMBEDDING_ENCODING', 'EMBEDDING_DIMENSIONS', 'CHAT_STRUCTURED_OUTPUT', 'ANSWER_BUDGET_MS', 'RERANK_URL', 'RERANK_MODEL',
  'DEMO_PAGE', 'UPLOAD_MAX_BYTES', 'WIDGET_IDENTITY_SECRET',
  'SMTP_URL', 'SMTP_FROM', 'CHAT_IDLE_MINUTES', 'QUEUE_SLA_SECONDS', 'BURST_MIN', 'TICKET_ANSWER_HOURS', 'BUSY_NOTICE_AFTER_MS',
] as const;

function withValue(message: string, property: string, raw: string | undefined): string {
  const secret = /PASSWORD|SECRET|KEY|SMTP_URL/.test(property);
  return raw === undefined || secret ? message : `${message} (got "${raw}")`;
}

/** What every LangChain chat model of the OpenAI path is built from (grounded answers, handoff summaries). */
export function chatModelOptions(config: AppConfig): { apiKey: string; baseUrl?: string; model: string; timeoutMs: number; structuredOutput: AppConfig['structuredOutput'] } {
  return { apiKey: config.openai.apiKey ?? '', baseUrl: config.openai.baseUrl, model: config.openai.chatModel, timeoutMs: config.openai.chatTimeoutMs, structuredOutput: config.structuredOutput };
}
