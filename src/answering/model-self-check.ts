import { Inject, Injectable, Logger, OnApplicationBootstrap, Optional } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { KnowledgeLifecycleService } from '../knowledge/knowledge-lifecycle.service';
import { ModelStatusService } from '../retrieval/model-status.service';
import { Reranker, RERANKER } from '../retrieval/reranker';
import { GROUNDED_GENERATOR, OpenAiGroundedGenerator } from './grounded-generator';

/** The self-check's chat question waits at most this long, so a slow server does not hold up the start. */
const SELF_CHECK_MS = 5000;

/**
 * Says at start-up which model path is active and why: the chat model is asked one small grounded question (so a
 * model name the server does not know, or a structured-output mode it does not support, shows in the log once instead
 * of as a silent fallback on every answer); embeddings and the re-ranker are described once the first index pass has
 * connected them. Registers the chat and re-ranker parts for the readiness checks.
 */
@Injectable()
export class ModelSelfCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('Models');
  private chatProblem?: string;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly status: ModelStatusService,
    private readonly knowledge: KnowledgeLifecycleService,
    @Optional() @Inject(GROUNDED_GENERATOR) private readonly generator?: OpenAiGroundedGenerator,
    @Optional() @Inject(RERANKER) private readonly reranker?: Reranker,
  ) {
    status.register('chat', () => this.describeChat());
    status.register('rerank', () => this.describeReranker());
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.generator?.chat) {
      const chat = this.generator.chat;
      try {
        await this.generator.selfCheck(Math.min(SELF_CHECK_MS, chat.timeoutMs));
        this.chatProblem = undefined;
      } catch (error) {
        this.chatProblem =
          `the self-check question failed (${(error as Error).message}); document answers fall back to extracted passages until it works. ` +
          `Check CHAT_MODEL is a name the server serves${chat.mode === 'json_schema' ? ', or try CHAT_STRUCTURED_OUTPUT=json_object, tools or prompt' : ''}`;
      }
    }
    this.logger.log(`Chat: ${this.describeChat().detail}`);
    void this.knowledge.whenReady().then(() => {
      const parts = this.status.report();
      if (parts.embedding) this.logger.log(`Embeddings: ${parts.embedding.status === 'degraded' ? 'DEGRADED — ' : ''}${parts.embedding.detail}`);
      if (this.reranker) this.logger.log(`Re-ranker: ${this.describeReranker().detail}`);
    });
  }

  private describeChat() {
    const chat = this.generator?.chat;
    if (!chat) return { status: 'off' as const, detail: 'no chat model (no OPENAI_API_KEY): answers are FAQ answers as written or extracted passages' };
    const what = `"${chat.model}" at ${chat.where}, structured output by ${chat.mode}`;
    const circuit = chat.breaker.state;
    if (this.chatProblem && chat.breaker.lastSuccessAt === 0) return { status: 'degraded' as const, detail: `${what}: ${this.chatProblem}` };
    if (circuit.state !== 'closed' || circuit.lastError) return { status: 'degraded' as const, detail: `${what}: ${circuit.lastError ?? 'failing'}; answers use extracted passages meanwhile` };
    return { status: 'ok' as const, detail: `${what}: grounded answers over retrieved passages` };
  }

  private describeReranker() {
    if (!this.reranker) return { status: 'off' as const, detail: 'no re-ranker (RERANK_URL unset)' };
    const circuit = this.reranker.breaker.state;
    if (circuit.state !== 'closed' || circuit.lastError) return { status: 'degraded' as const, detail: `${this.reranker.where}: ${circuit.lastError ?? 'failing'}; the retrieval order is kept meanwhile` };
    return { status: 'ok' as const, detail: `${this.reranker.where}${this.config.rerank?.model ? ` with "${this.config.rerank.model}"` : ''}` };
  }
}
