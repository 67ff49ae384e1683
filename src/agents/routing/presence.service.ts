import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { INSTANCE_ID } from '../../common/instance-id';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { RealtimeService } from '../../realtime/realtime.service';
import { AgentPresence, AgentsRepository } from '../agents.repository';
import { RoutingService } from './routing.service';

/**
 * Agent presence across instances. The instance holding an agent's socket keeps a lease for them in the database,
 * renewed by a heartbeat every third of PRESENCE_LEASE_SECONDS; an agent with no live lease is offline however
 * their instance went away (closed socket, crash, network split). The sweep (RoutingSweepService) marks them
 * offline and, after AGENT_GRACE_SECONDS, gives their chats back to the queue.
 */
@Injectable()
export class PresenceService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(PresenceService.name);
  private heartbeat?: NodeJS.Timeout;
  private released = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(INSTANCE_ID) private readonly instanceId: string,
    private readonly agents: AgentsRepository,
    private readonly realtime: RealtimeService,
    private readonly routing: RoutingService,
  ) {}

  onApplicationBootstrap(): void {
    this.heartbeat = setInterval(() => {
      void this.renew().catch((error: Error) => this.logger.warn(`Presence heartbeat failed: ${error.message}`));
    }, Math.max(500, Math.floor(this.config.presenceLeaseMs / 3)));
    this.heartbeat.unref();
  }

  /** Renews the leases of every agent with a socket on this instance. */
  renew(): Promise<void> {
    return this.agents.renewPresenceLeases(this.instanceId, this.realtime.localAgentIds(), this.config.presenceLeaseMs);
  }

  /** A socket of the agent connected here: leased and online (the caller dispatches once the console has its state). */
  async connected(agentId: string): Promise<void> {
    await this.agents.renewPresenceLeases(this.instanceId, [agentId], this.config.presenceLeaseMs);
    await this.agents.setPresence(agentId, 'online');
  }

  /** A socket closed: the agent is offline once no instance holds a socket of theirs (the grace period starts now). */
  async disconnected(agentId: string): Promise<void> {
    if (this.realtime.localAgentIds().includes(agentId)) return;
    const elsewhere = await this.agents.releasePresenceLease(agentId, this.instanceId);
    if (!elsewhere) await this.set(agentId, 'offline');
  }

  async set(agentId: string, presence: AgentPresence): Promise<void> {
    await this.agents.setPresence(agentId, presence);
    await this.routing.dispatch();
  }

  /** Shutting down: no more heartbeats, and this instance's leases go now rather than when they would expire. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    clearInterval(this.heartbeat);
    await this.agents.releaseInstancePresence(this.instanceId);
  }

  /** Before the database closes (Nest destroys dependents first). */
  async onModuleDestroy(): Promise<void> {
    await this.release().catch((error: Error) => this.logger.warn(`Releasing presence leases failed: ${error.message}`));
  }
}
