/** Thrown instead of calling a server that failed just before: the caller answers without it at once. */
export class CircuitOpenError extends Error {
  constructor(name: string, until: number, cause?: string) {
    super(`${name} is not called until ${new Date(until).toISOString()} after repeated failures${cause ? ` (last: ${cause})` : ''}`);
    this.name = 'CircuitOpenError';
  }
}

export interface CircuitState {
  state: 'closed' | 'open' | 'half-open';
  /** the last failure, while it still counts */
  lastError?: string;
  openUntil?: string;
}

export interface CircuitBreakerOptions {
  /** consecutive failures that open the circuit */
  failures?: number;
  /** how long an open circuit rejects calls before letting one through to try */
  cooldownMs?: number;
  /** a server's Retry-After is obeyed up to this */
  maxCooldownMs?: number;
  now?: () => number;
}

/**
 * Stops calling a model server that keeps failing, so that every question does not wait out a timeout: after
 * `failures` failures in a row (or one 429 with Retry-After) calls are rejected for a cooldown, then a single call
 * is let through; its success closes the circuit again.
 */
export class CircuitBreaker {
  private consecutive = 0;
  private openUntil = 0;
  private trial = false;
  private lastError?: string;
  /** when a call last succeeded (0: never) */
  lastSuccessAt = 0;
  private readonly failures: number;
  private readonly cooldownMs: number;
  private readonly maxCooldownMs: number;
  private readonly now: () => number;

  constructor(
    readonly name: string,
    options: CircuitBreakerOptions = {},
  ) {
    this.failures = options.failures ?? 3;
    this.cooldownMs = options.cooldownMs ?? 30_000;
    this.maxCooldownMs = options.maxCooldownMs ?? 300_000;
    this.now = options.now ?? Date.now;
  }

  get state(): CircuitState {
    if (this.openUntil === 0) return { state: 'closed', lastError: this.consecutive > 0 ? this.lastError : undefined };
    const state = this.now() < this.openUntil && !this.trial ? 'open' : 'half-open';
    return { state, lastError: this.lastError, openUntil: new Date(this.openUntil).toISOString() };
  }

  /** Whether a call would be let through now. */
  get allows(): boolean {
    return this.openUntil === 0 || (this.now() >= this.openUntil && !this.trial);
  }

  async run<T>(call: () => Promise<T>): Promise<T> {
    if (!this.allows) throw new CircuitOpenError(this.name, this.openUntil, this.lastError);
    const isTrial = this.openUntil !== 0;
    if (isTrial) this.trial = true;
    try {
      const result = await call();
      this.consecutive = 0;
      this.openUntil = 0;
      this.lastError = undefined;
      this.lastSuccessAt = this.now();
      return result;
    } catch (error) {
      this.recordFailure(error as Error, isTrial);
      throw error;
    } finally {
      if (isTrial) this.trial = false;
    }
  }

  private recordFailure(error: Error, wasTrial: boolean): void {
    this.consecutive++;
    this.lastError = error.message;
    const retryAfterMs = retryAfter(error);
    if (wasTrial || retryAfterMs !== undefined || this.consecutive >= this.failures) {
      this.openUntil = this.now() + Math.min(this.maxCooldownMs, retryAfterMs ?? this.cooldownMs);
    }
  }
}

/** A 429's Retry-After in ms, from an `openai` SDK error or a fetch response we wrapped; seconds or an HTTP date. */
function retryAfter(error: Error): number | undefined {
  const details = error as Error & { status?: number; headers?: Headers | Record<string, string> };
  if (details.status !== 429 && details.status !== 503) return undefined;
  const headers = details.headers;
  const raw = headers instanceof Headers ? headers.get('retry-after') : headers?.['retry-after'];
  if (!raw) return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
