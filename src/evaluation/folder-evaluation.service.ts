import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AnsweringService } from '../answering/answering.service';
import { DomainError } from '../common/domain-error';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeLifecycleService } from '../knowledge/knowledge-lifecycle.service';
import { EVAL_FILE, EvalQuestion, parseEvalFile } from '../knowledge/sources/eval-file.parser';
import { EvaluationRepository, StoredEvalRun } from './evaluation.repository';
import { compareRuns, EvalChanges, EvalRunResult, judge, summarize } from './folder-evaluation';

export interface EvalReport extends EvalRunResult {
  changes: EvalChanges;
  /** when the run compared against was made; undefined for the first run */
  previousAt?: Date;
}

/**
 * The folder's own regression check: asks every question of `eval.yaml` as a customer would (POST /ask), judges each
 * against its expectation, and compares with the last run stored for this folder. Runs after every change of the
 * index made by this process, and on demand (`npm run kb -- eval`, the admin API).
 */
@Injectable()
export class FolderEvaluationService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Evaluation');
  private unsubscribe?: () => void;
  private running?: Promise<unknown>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly answering: AnsweringService,
    private readonly lifecycle: KnowledgeLifecycleService,
    private readonly repository: EvaluationRepository,
  ) {}

  private get folder(): string {
    return path.resolve(this.config.knowledge.dir);
  }

  onApplicationBootstrap(): void {
    // the CLI runs it on demand instead
    if (!this.config.knowledge.indexOnStart) return;
    this.unsubscribe = this.lifecycle.onSnapshotReady(() => {
      this.running = this.runIfPresent().catch((error: Error) => this.logger.warn(`eval.yaml could not be run: ${error.message}`));
    });
  }

  // before the database closes (Nest destroys dependents first)
  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await this.running;
  }

  /** The questions of eval.yaml, or undefined when the folder has none; a malformed file is a 400 with its problems. */
  async questions(): Promise<EvalQuestion[] | undefined> {
    const text = await readFile(path.join(this.folder, EVAL_FILE), 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const { questions, problems } = parseEvalFile(text);
    const errors = problems.filter((problem) => problem.severity === 'error');
    if (errors.length > 0) throw new DomainError('VALIDATION_FAILED', `${EVAL_FILE} has ${errors.length} error(s)`, errors);
    return questions;
  }

  /** Runs eval.yaml now and stores the run; undefined when the folder has none. */
  async run(): Promise<EvalReport | undefined> {
    const questions = await this.questions();
    if (!questions) return undefined;
    const outcomes = [];
    for (const item of questions) outcomes.push(judge(item, await this.answering.ask(item.question, { lang: item.lang })));
    const result = summarize(outcomes);
    const previous = await this.repository.latest(this.folder);
    await this.repository.save(this.folder, result);
    return { ...result, changes: compareRuns(previous?.outcomes, outcomes), previousAt: previous?.createdAt };
  }

  /**
   * The last stored run of this folder, with what changed since the run before it: runs happen after every change
   * of the folder, so the latest run's changes are what the latest change did.
   */
  async latest(): Promise<(StoredEvalRun & Pick<EvalReport, 'changes' | 'previousAt'>) | undefined> {
    const [latest, previous] = await this.repository.lastTwo(this.folder);
    if (!latest) return undefined;
    return { ...latest, changes: compareRuns(previous?.outcomes, latest.outcomes), previousAt: previous?.createdAt };
  }

  private async runIfPresent(): Promise<void> {
    const report = await this.run();
    if (!report) return;
    const line = `${EVAL_FILE}: ${report.passed} passed, ${report.failed} failed`;
    const { broken, fixed } = report.changes;
    if (broken.length > 0) this.logger.warn(`${line}; no longer answered right since the last run: ${broken.map((outcome) => `"${outcome.question}" (${outcome.got}, expected ${outcome.expect})`).join('; ')}`);
    else this.logger.log(`${line}${fixed.length ? `; ${fixed.length} newly right` : ''}`);
  }
}
