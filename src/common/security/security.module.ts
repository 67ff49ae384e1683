import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { ATTEMPT_STORE, AttemptStore, MemoryAttemptStore, RedisAttemptStore } from './attempt-store';

/** The attempt store every limit counts in: Redis when REDIS_URL is set (shared by the instances), else memory. */
@Global()
@Module({
  providers: [
    {
      provide: ATTEMPT_STORE,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig): AttemptStore => (config.redisUrl ? new RedisAttemptStore(config.redisUrl, `${config.redisKeyPrefix}limit:`) : new MemoryAttemptStore()),
    },
  ],
  exports: [ATTEMPT_STORE],
})
export class SecurityModule implements OnApplicationShutdown {
  constructor(@Inject(ATTEMPT_STORE) private readonly store: AttemptStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
