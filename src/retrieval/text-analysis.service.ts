import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { BotSettings } from '../knowledge/knowledge.types';
import type { EmbeddingModel } from './embedding/embedding-model';
import { LocalHashEmbedding } from './embedding/local-embedding';
import { EmbeddingServerError, OpenAiEmbedding } from './embedding/openai-embedding';
import { queryExpanderFor } from './language/language-resources';
import type { QueryExpander } from './language/query-expansion';
import { ModelStatusService } from './model-status.service';
import { Tokenizer } from './text/tokenizer';

/** Bump when tokenising or chunking changes in a way that must re-index every file. */
export const PIPELINE_VERSION = 'kefu-pipeline-3';

/**
 * Dimensions of the local hashed embedding. 256 rather than 512: half the vectors to store and search, for a small
 * loss in collision-free buckets (the lexical side of hybrid search carries exact matches anyway).
 */
export const LOCAL_EMBEDDING_DIMENSIONS = 256;

export interface Analysis {
  tokenizer: Tokenizer;
  /** adds translations and synonyms to a question's lexical query; questions only, so it does not touch the index */
  expander: QueryExpander;
  embedding: EmbeddingModel;
  /** Identifies everything besides a file's bytes that decides its tokens and vectors. */
  fingerprint: string;
}

/**
 * The tokenizer and the embedding model for the current bot settings: synonyms from kefu.yaml change both
 * the lexical tokens and (with the local embedding) the vectors, so they are built together and cached per settings.
 */
@Injectable()
export class TextAnalysisService {
  private readonly logger = new Logger('Models');
  private openai?: Promise<OpenAiEmbedding>;
  private connected?: OpenAiEmbedding;
  /** why the offline embedding is used although a server is configured; settled for the life of the process */
  private offlineBecause?: string;
  private connectError?: string;
  private cached?: { key: string; analysis: Analysis };
  private expander?: QueryExpander;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly status: ModelStatusService,
  ) {
    status.register('embedding', () => this.describe());
  }

  async forSettings(settings: BotSettings | undefined): Promise<Analysis> {
    const key = JSON.stringify(settings?.synonyms ?? {});
    if (this.cached?.key === key) return this.cached.analysis;
    const tokenizer = new Tokenizer({ synonyms: settings?.synonyms });
    const server = this.config.embedding.provider === 'openai' ? await this.serverEmbedding() : undefined;
    const embedding = server ?? new LocalHashEmbedding(tokenizer, LOCAL_EMBEDDING_DIMENSIONS);
    // built with the first index, so that loading a dictionary never holds up a question
    this.expander ??= queryExpanderFor(this.config.languageResources);
    const analysis = { tokenizer, embedding, expander: this.expander, fingerprint: `${PIPELINE_VERSION}|${embedding.id}|${tokenizer.fingerprint}` };
    this.cached = { key, analysis };
    return analysis;
  }

  /**
   * The server's embedding, or undefined when the server has none and nobody asked for it explicitly (a chat-only
   * vLLM): then the offline embedding is used, and said so. A server that is down is retried by the next index pass.
   */
  private async serverEmbedding(): Promise<OpenAiEmbedding | undefined> {
    if (this.offlineBecause) return undefined;
    const { model, apiKey, baseUrl, encoding, dimensions } = this.config.embedding;
    this.openai ??= OpenAiEmbedding.connect({
      apiKey,
      baseUrl,
      model,
      encoding,
      dimensions,
      queryTimeoutMs: Math.round(Math.min(this.config.answerBudgetMs / 2, 30_000)),
      onEncodingDetected: (found) => {
        if (!encoding) this.logger.log(`The embedding server sends ${found === 'float' ? 'float lists' : 'base64'}; asking for ${found} from now on`);
      },
    });
    try {
      this.connected = await this.openai;
      this.connectError = undefined;
      return this.connected;
    } catch (error) {
      this.openai = undefined;
      this.connectError = (error as Error).message;
      if (error instanceof EmbeddingServerError && error.noEmbeddings && !this.config.embedding.explicit) {
        this.offlineBecause = `${error.message}. Using the offline embedding; set EMBEDDING_BASE_URL to a server that embeds, or EMBEDDING_PROVIDER=local to skip this check`;
        this.logger.warn(this.offlineBecause);
        return undefined;
      }
      if (error instanceof EmbeddingServerError && error.noEmbeddings) {
        throw new Error(`${error.message}. EMBEDDING_PROVIDER=openai (or EMBEDDING_BASE_URL) asks for this server's embeddings: point EMBEDDING_BASE_URL at a server that embeds, or set EMBEDDING_PROVIDER=local`);
      }
      throw error;
    }
  }

  private describe() {
    const { provider, model } = this.config.embedding;
    if (provider === 'local') return { status: 'off' as const, detail: 'offline embedding (EMBEDDING_PROVIDER=local, or no model server configured)' };
    if (this.offlineBecause) return { status: 'off' as const, detail: this.offlineBecause };
    if (!this.connected) return { status: 'degraded' as const, detail: this.connectError ?? `connecting to the embedding server for "${model}"` };
    const circuit = this.connected.breaker.state;
    const what = `"${model}" at ${this.connected.where}, ${this.connected.dimensions} dimensions, ${this.connected.activeEncoding ?? 'base64'} encoding`;
    if (circuit.state === 'closed' && !circuit.lastError) return { status: 'ok' as const, detail: what };
    return { status: 'degraded' as const, detail: `${what}: ${circuit.lastError ?? 'failing'}; questions are answered from words and the classifier${circuit.state === 'open' ? ` until ${circuit.openUntil}` : ''}` };
  }
}
