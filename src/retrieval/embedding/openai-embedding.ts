import { OpenAIEmbeddings } from '@langchain/openai';
import type { EmbeddingModel } from './embedding-model';
import { timeModelCall } from '../../metrics/metrics';

export interface OpenAiEmbeddingOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  batchSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
}

/**
 * Embeddings from any OpenAI-compatible server through LangChain's OpenAIEmbeddings (batched, retried with
 * backoff on 429/5xx). The vector size is learned by embedding a probe once, so any model works.
 */
export class OpenAiEmbedding implements EmbeddingModel {
  private constructor(
    private readonly client: OpenAIEmbeddings,
    readonly id: string,
    readonly dimensions: number,
  ) {}

  static async connect(options: OpenAiEmbeddingOptions): Promise<OpenAiEmbedding> {
    const client = new OpenAIEmbeddings({
      apiKey: options.apiKey,
      model: options.model,
      batchSize: options.batchSize ?? 256,
      maxRetries: options.maxRetries ?? 4,
      timeout: options.timeoutMs ?? 30_000,
      configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
    });
    let probe: number[];
    try {
      probe = await client.embedQuery('kefu');
    } catch (error) {
      throw new Error(`The embedding server at ${options.baseUrl ?? 'api.openai.com'} did not embed with model "${options.model}": ${(error as Error).message}`);
    }
    return new OpenAiEmbedding(client, `openai:${options.model}:${probe.length}`, probe.length);
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return timeModelCall('embedding', () => this.client.embedDocuments(texts.map(nonEmpty)));
  }

  embedQuery(text: string): Promise<number[]> {
    return timeModelCall('embedding', () => this.client.embedQuery(nonEmpty(text)));
  }
}

/** The embeddings endpoint rejects empty input. */
function nonEmpty(text: string): string {
  return text.trim() ? text : ' ';
}
