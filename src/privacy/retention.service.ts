import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { INSTANCE_ID } from '../common/instance-id';
import { LeaseRepository } from '../database/lease.repository';
import { AuditService } from '../audit/audit.service';
import { PrivacyRepository } from './privacy.repository';

const RETENTION_LEASE = 'retention-purge';
const PURGE_EVERY_MS = 60 * 60_000;
const DAY_MS = 86_400_000;
const BATCH = 500;

/**
 * RETENTION_DAYS: once an hour, on whichever instance takes the lease (held for the hour, so the others skip that
 * round), closed conversations past the retention period lose their text and photos. Purging is idempotent, so
 * a round that two instances ran would do no harm either.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Retention');
  private firstRound?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly repository: PrivacyRepository,
    private readonly leases: LeaseRepository,
    private readonly audit: AuditService,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.retentionDays === 0) return;
    const round = () => {
      this.running ??= this.purgeIfLeaseHolder()
        .catch((error: Error) => this.logger.error(`Retention purge failed: ${error.message}`))
        .finally(() => (this.running = undefined));
    };
    this.firstRound = setTimeout(round, 5_000).unref();
    this.timer = setInterval(round, PURGE_EVERY_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearTimeout(this.firstRound);
    clearInterval(this.timer);
    await this.running;
  }

  private async purgeIfLeaseHolder(): Promise<void> {
    if (!(await this.leases.tryAcquire(RETENTION_LEASE, this.instanceId, PURGE_EVERY_MS - 60_000))) return;
    await this.purge();
  }

  /** Every conversation closed more than RETENTION_DAYS ago and not purged yet; returns how many. */
  async purge(now = Date.now()): Promise<number> {
    const closedBefore = new Date(now - this.config.retentionDays * DAY_MS);
    let total = 0;
    let purged: number;
    do {
      purged = await this.repository.purgeClosedBefore(closedBefore, BATCH);
      total += purged;
    } while (purged === BATCH);
    if (total > 0) {
      this.logger.log({ event: 'retention_purge', conversations: total, retentionDays: this.config.retentionDays });
      await this.audit.record({ actor: 'system', action: 'retention.purge', details: { conversations: total, closedBefore: closedBefore.toISOString() } });
    }
    return total;
  }
}
