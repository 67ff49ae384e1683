import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up (for restarts by the orchestrator). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready for traffic: database reachable and migrated, first index pass done, not shutting down. A failing model
   * server does not make the instance unready — answers go on from words and the classifier — but shows as
   * `degraded` in `checks.models`.
   */
  @Get('ready')
  async ready() {
    const { ready, checks, problem } = await this.health.readiness();
    if (!ready) throw new DomainError('NOT_READY', problem ?? 'not ready', { checks });
    return { status: 'ok', checks };
  }
}
