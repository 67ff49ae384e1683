import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import { KnowledgeLifecycleService } from '../knowledge/knowledge-lifecycle.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseService,
    private readonly knowledge: KnowledgeLifecycleService,
  ) {}

  /** The process is up (for restarts by the orchestrator). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Ready for traffic: database reachable and migrated, first index pass done. */
  @Get('ready')
  async ready() {
    const checks = { database: await this.database.isReachable(), migrations: this.database.migrated, index: this.knowledge.ready };
    const ok = Object.values(checks).every(Boolean);
    if (!ok) throw new DomainError('NOT_READY', this.knowledge.lastError ?? 'starting: the first index pass has not finished', { checks });
    return { status: 'ok', checks };
  }
}
