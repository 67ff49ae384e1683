import { Inject, Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { Socket } from 'socket.io';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { DomainError } from '../domain-error';
import { ATTEMPT_STORE, AttemptStore } from './attempt-store';

export const RATE_WINDOW_MS = 60_000;

/** The attempt store's key for one client address: REST (ThrottlerGuard) and socket events count in the same one. */
export const addressKey = (address: string) => `rate:address:${address}`;

/**
 * The per-minute limits of anonymous traffic (README "Security and limits"): RATE_LIMIT_PER_IP over the customer
 * routes and socket events of one client address, RATE_LIMIT_PER_CONVERSATION over the messages of one
 * conversation, whichever way they come. 0 switches a limit off.
 */
@Injectable()
export class RateLimiter {
  constructor(
    @Inject(ATTEMPT_STORE) private readonly store: AttemptStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** RATE_LIMITED (with retryAfterSeconds) past RATE_LIMIT_PER_IP. */
  perAddress(address: string): Promise<void> {
    return this.consume(addressKey(address), this.config.security.rateLimitPerIp, 'from your address');
  }

  /** RATE_LIMITED (with retryAfterSeconds) past RATE_LIMIT_PER_CONVERSATION. */
  perConversation(conversationId: string): Promise<void> {
    return this.consume(`rate:conversation:${conversationId}`, this.config.security.rateLimitPerConversation, 'in this conversation');
  }

  private async consume(key: string, limit: number, where: string): Promise<void> {
    if (limit === 0) return;
    const { count, resetInMs } = await this.store.hit(key, RATE_WINDOW_MS);
    if (count > limit) {
      const retryAfterSeconds = Math.max(1, Math.ceil(resetInMs / 1000));
      throw new DomainError('RATE_LIMITED', `Too many requests ${where}; try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
    }
  }
}

/** @nestjs/throttler's storage on the attempt store, so its guard counts where the socket limits count. */
export class AttemptThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly store: AttemptStore) {}

  async increment(key: string, ttl: number, limit: number): ReturnType<ThrottlerStorage['increment']> {
    const { count, resetInMs } = await this.store.hit(key, ttl);
    const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
    return { totalHits: count, timeToExpire: seconds, isBlocked: count > limit, timeToBlockExpire: count > limit ? seconds : 0 };
  }
}

/**
 * The client's address on a socket: with TRUST_PROXY the last hop the proxy appended to X-Forwarded-For (what
 * Express reads with `trust proxy` 1), else the peer address.
 */
export function socketClientAddress(socket: Socket, trustProxy: boolean): string {
  const forwarded = socket.handshake.headers['x-forwarded-for'];
  if (trustProxy && typeof forwarded === 'string' && forwarded.trim()) return forwarded.split(',').at(-1)!.trim();
  return socket.handshake.address;
}
