import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { BotSettings } from '../knowledge/knowledge.types';
import type { EmbeddingModel } from './embedding/embedding-model';
import { LocalHashEmbedding } from './embedding/local-embedding';
import { OpenAiEmbedding } from './embedding/openai-embedding';
import { Tokenizer } from './text/tokenizer';

/** Bump when tokenising or chunking changes in a way that must re-index every file. */
export const PIPELINE_VERSION = 'kefu-pipeline-3';

/**
 * Dimensions of the local hashed embedding. 256 rather than 512: measured with npm run bench:index on 65k
 * phrases, the HNSW build takes 23 s instead of 33 s and inserts 4 s instead of 11 s, for a small loss in
 * collision-free buckets (the lexical side of hybrid search carries exact matches anyway).
 */
export const LOCAL_EMBEDDING_DIMENSIONS = 256;

export interface Analysis {
  tokenizer: Tokenizer;
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
  private openai?: Promise<OpenAiEmbedding>;
  private cached?: { key: string; analysis: Analysis };

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async forSettings(settings: BotSettings | undefined): Promise<Analysis> {
    const key = JSON.stringify(settings?.synonyms ?? {});
    if (this.cached?.key === key) return this.cached.analysis;
    const tokenizer = new Tokenizer({ synonyms: settings?.synonyms });
    const embedding = this.config.embedding.provider === 'openai' ? await this.openAiEmbedding() : new LocalHashEmbedding(tokenizer, LOCAL_EMBEDDING_DIMENSIONS);
    const analysis = { tokenizer, embedding, fingerprint: `${PIPELINE_VERSION}|${embedding.id}|${tokenizer.fingerprint}` };
    this.cached = { key, analysis };
    return analysis;
  }

  private openAiEmbedding(): Promise<OpenAiEmbedding> {
    const { apiKey, baseUrl } = this.config.openai;
    this.openai ??= OpenAiEmbedding.connect({ apiKey: apiKey ?? '', baseUrl, model: this.config.embedding.model });
    this.openai.catch(() => (this.openai = undefined));
    return this.openai;
  }
}
