import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ATTEMPT_STORE, AttemptStore, MemoryAttemptStore, RedisAttemptStore } from './attempt-store';
import { OriginPolicy } from './origins';
import { addressKey, AttemptThrottlerStorage, RATE_WINDOW_MS, RateLimiter } from './rate-limiter';

/**
 * The origin allow-list (OriginPolicy), the attempt store every limit counts in (Redis when REDIS_URL is set, shared by the instances; else memory), the
 * socket-side RateLimiter, and @nestjs/throttler on the same store for the anonymous REST routes that use
 * ThrottlerGuard.
 */
@Global()
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG, ATTEMPT_STORE],
      useFactory: (config: AppConfig, store: AttemptStore) => ({
        throttlers: [{ name: 'default', ttl: RATE_WINDOW_MS, limit: config.security.rateLimitPerIp }],
        skipIf: () => config.security.rateLimitPerIp === 0,
        storage: new AttemptThrottlerStorage(store),
        generateKey: (_context, tracker) => addressKey(tracker),
        errorMessage: 'Too many requests from your address; try again later (see Retry-After)',
      }),
    }),
  ],
  providers: [
    {
      provide: ATTEMPT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AttemptStore => (config.redisUrl ? new RedisAttemptStore(config.redisUrl, `${config.redisKeyPrefix}limit:`) : new MemoryAttemptStore()),
    },
    RateLimiter,
    OriginPolicy,
  ],
  exports: [ATTEMPT_STORE, RateLimiter, OriginPolicy],
})
export class SecurityModule implements OnApplicationShutdown {
  constructor(@Inject(ATTEMPT_STORE) private readonly store: AttemptStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
