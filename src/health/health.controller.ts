import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DomainError } from '../common/domain-error';
import { DatabaseService } from '../database/database.service';
import { KnowledgeLifecycleService } from '../knowledge/knowledge-lifecycle.service';
import { ModelStatusService } from '../retrieval/model-status.service';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseService,
    private readonly knowledge: KnowledgeLifecycleService,
    private readonly models: ModelStatusService,
  ) {}

  /** The process is up (for restarts by the orchestrator). */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /**
   * Ready for traffic: database reachable and migrated, first index pass done. A failing model server does not make
   * the instance unready — answers go on from words and the classifier — but shows as `degraded` in `checks.models`.
   */
  @Get('ready')
  async ready() {
    const checks = { database: await this.database.isReachable(), migrations: this.database.migrated, index: this.knowledge.ready };
    const ok = Object.values(checks).every(Boolean);
    const models = this.models.report();
    if (!ok) throw new DomainError('NOT_READY', this.knowledge.lastError ?? 'starting: the first index pass has not finished', { checks: { ...checks, models } });
    return { status: 'ok', checks: { ...checks, models } };
  }
}
