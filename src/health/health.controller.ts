import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { LiveResponseDto, ReadyResponseDto } from './dto/health-response.dto';
import { HealthService } from './health.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /** The process is up (for restarts by the orchestrator). */
  @Get('live')
  @ApiOkResponse({ type: LiveResponseDto })
  live(): LiveResponseDto {
    return { status: 'ok' };
  }

  /**
   * Ready for traffic: database reachable and migrated, first index pass done, not shutting down. A failing model
   * server does not make the instance unready — answers go on from words and the classifier — but shows as
   * `degraded` in `checks.models`.
   */
  @Get('ready')
  @ApiOkResponse({ type: ReadyResponseDto })
  @ApiServiceUnavailableResponse({ description: 'not ready: error.details.checks says which check failed' })
  async ready(): Promise<ReadyResponseDto> {
    const { ready, checks, problem } = await this.health.readiness();
    if (!ready) throw new DomainError('NOT_READY', problem ?? 'not ready', { checks });
    return { status: 'ok', checks };
  }
}
