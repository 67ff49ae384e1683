import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import { KnowledgeLifecycleService } from '../knowledge/knowledge-lifecycle.service';
import { KnowledgeRepository } from '../knowledge/knowledge.repository';
import { indexAge, indexVersion } from '../metrics/metrics';
import { MetricsService } from '../metrics/metrics.service';
import { ModelStatusService } from '../retrieval/model-status.service';
import { GracefulShutdownService } from '../shutdown/graceful-shutdown.service';

export interface Readiness {
  ready: boolean;
  checks: { database: boolean; migrations: boolean; index: boolean; accepting: boolean; models: ReturnType<ModelStatusService['report']> };
  problem?: string;
}

/** Whether this instance should get traffic: asked afresh on every probe, so it recovers by itself. */
@Injectable()
export class HealthService implements OnModuleInit, OnModuleDestroy {
  private removeCollector?: () => void;

  constructor(
    private readonly database: DatabaseService,
    private readonly knowledge: KnowledgeLifecycleService,
    private readonly repository: KnowledgeRepository,
    private readonly shutdown: GracefulShutdownService,
    private readonly metrics: MetricsService,
    private readonly models: ModelStatusService,
  ) {}

  onModuleInit(): void {
    this.removeCollector = this.metrics.onScrape(async () => {
      const state = await this.repository.getState();
      indexVersion.set(state.version);
      indexAge.set((Date.now() - state.updatedAt.getTime()) / 1000);
    });
  }

  onModuleDestroy(): void {
    this.removeCollector?.();
  }

  async readiness(): Promise<Readiness> {
    const required = { database: await this.database.isReachable(), migrations: this.database.migrated, index: this.knowledge.ready, accepting: !this.shutdown.isDraining };
    const ready = Object.values(required).every(Boolean);
    const checks = { ...required, models: this.models.report() };
    if (ready) return { ready, checks };
    const problem = !required.accepting
      ? 'shutting down'
      : !required.database
        ? 'the database is unreachable'
        : (this.knowledge.lastError ?? 'starting: the first index pass has not finished');
    return { ready, checks, problem };
  }
}
