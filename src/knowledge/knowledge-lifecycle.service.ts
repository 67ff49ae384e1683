import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ConfidenceService } from '../retrieval/confidence/confidence.service';
import { KnowledgeSnapshotService } from '../retrieval/knowledge-snapshot.service';
import { ModelStore } from '../retrieval/models/model-store.service';
import { formatProblems, IndexProgress, IndexRunSummary, KnowledgeIndexer } from './knowledge-indexer.service';
import { KnowledgeWatcher } from './knowledge-watcher';
import { KnowledgeRepository } from './knowledge.repository';

/** A failed first pass is tried again after this, then twice as long each time up to MAX_RETRY_MS. */
const FIRST_RETRY_MS = 2000;
const MAX_RETRY_MS = 30_000;

/**
 * Keeps the index current while the service runs: the first pass at start-up (readiness waits for it), then a
 * pass whenever the folder changes (KNOWLEDGE_WATCH), one at a time, with the search snapshot reloaded after each.
 */
@Injectable()
export class KnowledgeLifecycleService implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('Knowledge');
  private watcher?: KnowledgeWatcher;
  private running?: Promise<IndexRunSummary | undefined>;
  private lastProgress?: IndexProgress;
  private rerun = false;
  private firstPass?: Promise<void>;
  private firstPassDone = false;
  private unsubscribe?: () => void;
  private retryTimer?: NodeJS.Timeout;
  private readonly snapshotListeners = new Set<() => void>();
  /** set before the database closes: what fails after that was cut short by the shutdown, not broken */
  private stopping = false;
  lastError?: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly indexer: KnowledgeIndexer,
    private readonly snapshots: KnowledgeSnapshotService,
    private readonly confidence: ConfidenceService,
    private readonly repository: KnowledgeRepository,
    private readonly models: ModelStore,
  ) {}

  get ready(): boolean {
    return this.firstPassDone && this.snapshots.loaded;
  }

  /** Resolves when the first index pass, snapshot load and calibration have finished (successfully or not). */
  whenReady(): Promise<void> {
    return this.firstPass ?? Promise.resolve();
  }

  onApplicationBootstrap(): void {
    // whoever indexes in this process (start-up, watcher, admin, CLI), search sees the result at once
    this.unsubscribe = this.indexer.onIndexChanged(() => this.reloadSnapshot());
    if (!this.config.knowledge.indexOnStart) return;
    this.firstPass = (async () => {
      const summary = await this.runPass('start-up');
      // a pass that changed something has reloaded it already (onIndexChanged)
      if (!this.snapshots.loaded) await this.reloadSnapshot();
      // e.g. the embedding server is down: readiness must turn green once it is back, not wait for a question
      if (!summary || !this.snapshots.loaded) this.retryFirstPass(FIRST_RETRY_MS);
      else await this.becomeReady();
      if (this.config.knowledge.watch) {
        this.watcher = new KnowledgeWatcher(this.config.knowledge.dir, (paths) => {
          this.logger.log(`Changed: ${paths.length} path(s); re-indexing`);
          void this.requestPass('watch');
        });
        await this.watcher.start();
      }
    })().catch((error: Error) => {
      this.lastError = error.message;
      this.reportFailure('Knowledge indexing failed', error);
    });
  }

  /** Ready only once the first questions can be scored with the folder's own calibration. */
  private async becomeReady(): Promise<void> {
    await this.confidence.modelFor(await this.snapshots.get());
    this.firstPassDone = true;
  }

  private retryFirstPass(delayMs: number): void {
    this.retryTimer = setTimeout(() => {
      void (async () => {
        const summary = await this.runPass('start-up retry');
        if (this.stopping) return;
        if (summary && !this.snapshots.loaded) await this.reloadSnapshot();
        if (summary && this.snapshots.loaded) {
          await this.becomeReady();
          this.logger.log('The first index pass succeeded on a retry: ready');
        } else {
          this.retryFirstPass(Math.min(delayMs * 2, MAX_RETRY_MS));
        }
      })().catch((error: Error) => {
        this.reportFailure('Loading the index failed', error);
        if (!this.stopping) this.retryFirstPass(Math.min(delayMs * 2, MAX_RETRY_MS));
      });
    }, delayMs);
    this.retryTimer.unref();
  }

  /**
   * Loads the new index into memory and calibrates its confidence now, so no customer waits for either; the models
   * built for it are stored for the other instances afterwards.
   */
  private async reloadSnapshot(): Promise<void> {
    try {
      await this.models.deferStores(async () => this.confidence.modelFor(await this.snapshots.reload()));
      for (const listener of this.snapshotListeners) listener();
    } catch (error) {
      this.reportFailure('Loading the index failed', error as Error);
    }
  }

  /** Called after this process indexed a change and the new snapshot is loaded and calibrated. */
  onSnapshotReady(listener: () => void): () => void {
    this.snapshotListeners.add(listener);
    return () => this.snapshotListeners.delete(listener);
  }

  /** Runs a pass now, or once more after the running one if one is running. */
  requestPass(trigger: string): Promise<IndexRunSummary | undefined> {
    if (this.running) {
      this.rerun = true;
      return this.running.then(() => this.running ?? this.requestPass(trigger));
    }
    this.running = this.runPass(trigger).finally(() => {
      this.running = undefined;
      if (this.rerun) {
        this.rerun = false;
        void this.requestPass(trigger);
      }
    });
    return this.running;
  }

  /** Where this instance's running pass is (phase, files done of total); undefined when none runs. */
  get progress(): IndexProgress | undefined {
    return this.running ? this.lastProgress : undefined;
  }

  private async runPass(trigger: string): Promise<IndexRunSummary | undefined> {
    this.lastProgress = { phase: 'scan', done: 0, total: 0 };
    try {
      const summary = await this.indexer.index({ onProgress: (progress) => (this.lastProgress = progress) });
      this.lastError = undefined;
      await this.repository.recordPassOutcome(null);
      const { added, updated, removed, failed, unchanged, durationMs } = summary;
      if (added + updated + removed + failed > 0 || trigger === 'start-up') {
        this.logger.log(`Index (${trigger}): ${added} added, ${updated} updated, ${removed} removed, ${failed} failed, ${unchanged} unchanged in ${durationMs} ms`);
      }
      const problems = summary.problems.filter((problem) => problem.severity === 'error');
      if (problems.length > 0) this.logger.warn(`Knowledge problems:\n${formatProblems(problems)}`);
      return summary;
    } catch (error) {
      this.lastError = (error as Error).message;
      this.reportFailure(`Index pass (${trigger}) failed`, error as Error);
      if (!this.stopping) await this.repository.recordPassOutcome(this.lastError).catch(() => undefined);
      return undefined;
    }
  }

  private reportFailure(what: string, error: Error): void {
    if (this.stopping) this.logger.log(`${what}: stopped by the shutdown (${error.message})`);
    else this.logger.error(`${what}: ${error.message}`);
  }

  // before the database closes (Nest destroys dependents first)
  onModuleDestroy(): void {
    this.stopping = true;
    clearTimeout(this.retryTimer);
  }

  async onApplicationShutdown(): Promise<void> {
    this.unsubscribe?.();
    await this.watcher?.stop();
    await this.running?.catch(() => undefined);
  }
}
