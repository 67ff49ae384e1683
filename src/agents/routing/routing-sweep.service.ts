import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { INSTANCE_ID } from '../../common/instance-id';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { LeaseRepository } from '../../database/lease.repository';
import { agentsOnline, queueLength, queueOldestWait, socketsConnected } from '../../metrics/metrics';
import { MetricsService } from '../../metrics/metrics.service';
import { RealtimeService } from '../../realtime/realtime.service';
import { AgentsRepository } from '../agents.repository';
import { RoutingService } from './routing.service';

const SWEEP_LEASE = 'routing-sweep';
const SWEEP_EVERY_MS = 1_000;

/**
 * Once per deployment, whichever instance holds the `routing-sweep` lease (it passes on when its holder stops):
 * agents whose presence lease ran out go offline, chats of agents offline past the grace period go back to the
 * queue, and a dispatch pass picks up anything an instance that died mid-dispatch left waiting. Each step is a
 * compare-and-set in the database, so even two sweeps at once would requeue a chat only once; the lease only
 * spares the other instances the work.
 */
@Injectable()
export class RoutingSweepService implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RoutingSweepService.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;
  private stopped = false;
  private removeCollector?: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    private readonly leases: LeaseRepository,
    private readonly agents: AgentsRepository,
    private readonly routing: RoutingService,
    private readonly realtime: RealtimeService,
    private readonly metrics: MetricsService,
  ) {}

  /** The queue and presence as every instance reports them, read from the database at scrape time. */
  onModuleInit(): void {
    this.removeCollector = this.metrics.onScrape(async () => {
      const [queue, online] = await Promise.all([this.routing.queue(), this.agents.listByPresence('online')]);
      const oldest = Math.min(...queue.map((item) => (item.waitingSince ? Date.parse(item.waitingSince) : Date.now())), Date.now());
      queueLength.set(queue.length);
      queueOldestWait.set((Date.now() - oldest) / 1000);
      agentsOnline.set(online.length);
      const sockets = this.realtime.localSocketCounts();
      socketsConnected.set({ namespace: '/customer' }, sockets.customer);
      socketsConnected.set({ namespace: '/agent' }, sockets.agent);
    });
  }

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweepIfLeaseHolder()
        .catch((error: Error) => this.logger.error(`Routing sweep failed: ${error.message}`))
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  private async sweepIfLeaseHolder(): Promise<void> {
    if (this.stopped || !(await this.leases.tryAcquire(SWEEP_LEASE, this.instanceId, this.config.presenceLeaseMs))) return;
    await this.sweep();
  }

  /** One sweep; returns what it did. */
  async sweep(now = Date.now()): Promise<{ wentOffline: string[]; requeued: number; assigned: number }> {
    const wentOffline = await this.agents.expirePresence();
    if (wentOffline.length > 0) this.logger.log(`Presence lease expired: ${wentOffline.length} agent(s) offline`);
    const requeued = await this.routing.requeueAbandoned(now);
    const assigned = await this.routing.dispatchOnce();
    if (wentOffline.length > 0 || assigned > 0) await this.routing.publishQueue();
    return { wentOffline, requeued, assigned };
  }

  /** Before the database closes (Nest destroys dependents first). */
  onModuleDestroy(): Promise<void> {
    return this.stop();
  }

  /** Shutting down: no sweep starts or still runs, and the lease is free for another instance at once. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.removeCollector?.();
    clearInterval(this.timer);
    await this.sweeping;
    await this.leases.release(SWEEP_LEASE, this.instanceId).catch(() => undefined);
  }
}
