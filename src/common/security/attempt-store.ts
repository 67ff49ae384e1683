import Redis from 'ioredis';

/** How often a key was hit in its current window, and when the window ends. */
export interface AttemptCount {
  count: number;
  resetInMs: number;
}

/**
 * Counters in fixed windows, for login throttling and rate limits: in memory for one instance, in Redis when
 * REDIS_URL is set so that every instance counts together. Keys expire with their window.
 */
export interface AttemptStore {
  /** Counts one more hit on `key`; a new window of `windowMs` starts when the last one has ended. */
  hit(key: string, windowMs: number): Promise<AttemptCount>;
  /** The count without counting. */
  peek(key: string): Promise<AttemptCount>;
  /** Remembers `key` for `ttlMs` (a flag, such as "signed in from this address"). */
  mark(key: string, ttlMs: number): Promise<void>;
  clear(key: string): Promise<void>;
  close(): Promise<void>;
}

export const ATTEMPT_STORE = Symbol('ATTEMPT_STORE');

const MEMORY_LIMIT = 100_000;

export class MemoryAttemptStore implements AttemptStore {
  private readonly windows = new Map<string, { count: number; until: number }>();

  async hit(key: string, windowMs: number): Promise<AttemptCount> {
    const now = Date.now();
    let window = this.windows.get(key);
    if (!window || window.until <= now) {
      if (this.windows.size >= MEMORY_LIMIT) this.sweep(now);
      window = { count: 0, until: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetInMs: window.until - now };
  }

  async peek(key: string): Promise<AttemptCount> {
    const now = Date.now();
    const window = this.windows.get(key);
    return window && window.until > now ? { count: window.count, resetInMs: window.until - now } : { count: 0, resetInMs: 0 };
  }

  async mark(key: string, ttlMs: number): Promise<void> {
    this.windows.set(key, { count: 1, until: Date.now() + ttlMs });
  }

  async clear(key: string): Promise<void> {
    this.windows.delete(key);
  }

  async close(): Promise<void> {
    this.windows.clear();
  }

  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (window.until <= now) this.windows.delete(key);
    // still full of live windows: forgetting them all is safer than growing without bound
    if (this.windows.size >= MEMORY_LIMIT) this.windows.clear();
  }
}

// INCR and, for a new key, PEXPIRE in one step, so a key never lives without its expiry
const HIT_SCRIPT = `local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return { count, ttl }`;

export class RedisAttemptStore implements AttemptStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'kefu:limit:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 3 });
  }

  async hit(key: string, windowMs: number): Promise<AttemptCount> {
    const [count, ttl] = (await this.redis.eval(HIT_SCRIPT, 1, this.prefix + key, Math.max(1, Math.round(windowMs)))) as [number, number];
    return { count, resetInMs: ttl };
  }

  async peek(key: string): Promise<AttemptCount> {
    const [count, ttl] = await Promise.all([this.redis.get(this.prefix + key), this.redis.pttl(this.prefix + key)]);
    return count === null || ttl <= 0 ? { count: 0, resetInMs: 0 } : { count: Number(count), resetInMs: ttl };
  }

  async mark(key: string, ttlMs: number): Promise<void> {
    await this.redis.set(this.prefix + key, '1', 'PX', Math.max(1, Math.round(ttlMs)));
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.prefix + key);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => undefined);
  }
}
