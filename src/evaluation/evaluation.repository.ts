import { Injectable } from '@nestjs/common';
import { DatabaseService } from '../database/database.service';
import type { EvalOutcome, EvalRunResult } from './folder-evaluation';

export interface StoredEvalRun extends EvalRunResult {
  createdAt: Date;
}

/** Runs of a folder's eval.yaml, newest first. */
@Injectable()
export class EvaluationRepository {
  constructor(private readonly database: DatabaseService) {}

  async latest(folder: string): Promise<StoredEvalRun | undefined> {
    const row = await this.database.prisma.folderEvaluationRun.findFirst({ where: { folder }, orderBy: { createdAt: 'desc' } });
    return row ? { outcomes: row.outcomes as unknown as EvalOutcome[], passed: row.passed, failed: row.failed, createdAt: row.createdAt } : undefined;
  }

  /** The last two runs, newest first: what the console compares. */
  async lastTwo(folder: string): Promise<StoredEvalRun[]> {
    const rows = await this.database.prisma.folderEvaluationRun.findMany({ where: { folder }, orderBy: { createdAt: 'desc' }, take: 2 });
    return rows.map((row) => ({ outcomes: row.outcomes as unknown as EvalOutcome[], passed: row.passed, failed: row.failed, createdAt: row.createdAt }));
  }

  async save(folder: string, run: EvalRunResult): Promise<void> {
    await this.database.prisma.folderEvaluationRun.create({ data: { folder, passed: run.passed, failed: run.failed, outcomes: run.outcomes as unknown as object[] } });
  }
}
