import { Inject, Injectable, Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { PresenceService } from '../agents/routing/presence.service';
import { RoutingSweepService } from '../agents/routing/routing-sweep.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { RealtimeService } from '../realtime/realtime.service';
import { InFlightService } from './in-flight.service';

/**
 * Stopping one instance of several without losing a message (SIGTERM, a rolling deploy): readiness fails so the
 * load balancer stops sending; the listener closes; messages being stored and answered finish (up to
 * SHUTDOWN_GRACE_SECONDS); sockets are dropped so their clients reconnect to another instance and resume; this
 * instance's leases go so others take over at once. Then Nest closes the modules, the database last.
 */
@Injectable()
export class GracefulShutdownService {
  private readonly logger = new Logger('Shutdown');
  private draining?: Promise<void>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adapterHost: HttpAdapterHost,
    private readonly inFlight: InFlightService,
    private readonly realtime: RealtimeService,
    private readonly presence: PresenceService,
    private readonly sweep: RoutingSweepService,
  ) {}

  get isDraining(): boolean {
    return this.draining !== undefined;
  }

  drain(): Promise<void> {
    this.draining ??= this.run();
    return this.draining;
  }

  private async run(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    server?.close();
    server?.closeIdleConnections?.();
    const running = this.inFlight.current;
    const finished = await this.inFlight.idle(this.config.shutdownGraceMs);
    if (running > 0) this.logger.log(finished ? `Finished ${running} request(s) in flight` : `Stopping with work still in flight after ${this.config.shutdownGraceMs} ms`);
    this.realtime.dropConnections();
    await Promise.all([this.presence.release(), this.sweep.stop()]).catch((error: Error) => this.logger.warn(`Releasing leases failed: ${error.message}`));
  }
}
