import OpenAI from 'openai';
import { maskContacts } from '../../escalation/facts';
import { CircuitBreaker } from './circuit-breaker';
import type { EmbeddingModel } from './embedding-model';

/** pgvector's HNSW index takes up to 2,000 dimensions as `vector` and 4,000 as `halfvec` (the repository picks). */
export const MAX_INDEXED_DIMENSIONS = 4000;

export interface OpenAiEmbeddingOptions {
  apiKey?: string;
  baseUrl?: string;
  model: string;
  /** what to ask for; unset asks for base64 and reads whatever comes back, then asks for that */
  encoding?: 'float' | 'base64';
  /** sent as `dimensions` (models that can shorten their vectors, e.g. text-embedding-3-*) */
  dimensions?: number;
  /** TEI accepts 32 inputs per request by default, the smallest limit among common servers */
  batchSize?: number;
  maxRetries?: number;
  timeoutMs?: number;
  /** a question's embedding gets one try of at most this long: past it the question is answered from words */
  queryTimeoutMs?: number;
  breaker?: CircuitBreaker;
  onEncodingDetected?: (encoding: 'float' | 'base64') => void;
}

/** The server answered, but not with embeddings (chat-only server, unknown model) — unlike a server that is down. */
export class EmbeddingServerError extends Error {
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'EmbeddingServerError';
  }

  /** the server has no embeddings for this model, as opposed to being down, overloaded or refusing the key */
  get noEmbeddings(): boolean {
    return this.status !== undefined && [400, 404, 405, 422, 501].includes(this.status);
  }
}

/**
 * Embeddings from any OpenAI-compatible server (OpenAI, vLLM, Ollama, LocalAI, LiteLLM, text-embeddings-inference…)
 * through the `openai` SDK. Servers differ in what they send back: some ignore `encoding_format: "base64"` and send
 * float lists, so each reply is decoded by what it holds, and the first reply settles what is asked for afterwards.
 * Questions are masked (phones, e-mails) before they leave the process, and go through a circuit breaker.
 */
export class OpenAiEmbedding implements EmbeddingModel {
  id = '';
  dimensions = 0;
  private encoding?: 'float' | 'base64';
  private readonly batchSize: number;
  readonly breaker: CircuitBreaker;

  private constructor(
    private readonly client: OpenAI,
    private readonly options: OpenAiEmbeddingOptions,
  ) {
    this.encoding = options.encoding;
    this.batchSize = options.batchSize ?? 32;
    this.breaker = options.breaker ?? new CircuitBreaker('the embedding server');
  }

  get where(): string {
    return this.options.baseUrl ?? 'api.openai.com';
  }

  get activeEncoding(): 'float' | 'base64' | undefined {
    return this.encoding;
  }

  /** Embeds a probe to learn the vector size (any model works) and the encoding the server really sends. */
  static async connect(options: OpenAiEmbeddingOptions): Promise<OpenAiEmbedding> {
    const client = new OpenAI({ apiKey: options.apiKey || 'none', baseURL: options.baseUrl, maxRetries: options.maxRetries ?? 4, timeout: options.timeoutMs ?? 30_000 });
    const model = new OpenAiEmbedding(client, options);
    let probe: number[];
    try {
      [probe] = await model.request(['kefu'], { maxRetries: 1 });
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new EmbeddingServerError(`The embedding server at ${model.where} did not embed with model "${options.model}": ${(error as Error).message}`, status);
    }
    if (options.dimensions && probe.length !== options.dimensions) {
      throw new Error(
        `EMBEDDING_DIMENSIONS=${options.dimensions} was sent as "dimensions", but the server at ${model.where} returned ${probe.length}-dimensional vectors for "${options.model}": ` +
          'this server or model cannot shorten its vectors; unset EMBEDDING_DIMENSIONS or choose a model that supports it',
      );
    }
    if (probe.length > MAX_INDEXED_DIMENSIONS) {
      throw new Error(
        `The embedding model "${options.model}" gives ${probe.length} dimensions; kefu's vector index (pgvector HNSW over halfvec) takes at most ${MAX_INDEXED_DIMENSIONS}. ` +
          'Set EMBEDDING_DIMENSIONS (e.g. 1536) if the model can shorten its vectors (text-embedding-3-*), or choose a smaller model',
      );
    }
    model.dimensions = probe.length;
    model.id = `openai:${options.model}:${probe.length}`;
    return model;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.request(texts.slice(start, start + this.batchSize).map(nonEmpty))));
    }
    return vectors;
  }

  /** One try within queryTimeoutMs, through the breaker, with personal data masked. */
  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.breaker.run(() => this.request([nonEmpty(maskContacts(text))], { maxRetries: 0, timeoutMs: this.options.queryTimeoutMs ?? 2000 }));
    return vector;
  }

  private async request(input: string[], overrides: { maxRetries?: number; timeoutMs?: number } = {}): Promise<number[][]> {
    const asked = this.encoding ?? 'base64';
    const response = await this.client.embeddings.create(
      // an explicit encoding_format makes the SDK hand the reply over as sent, whatever its type
      { model: this.options.model, input, encoding_format: asked, ...(this.options.dimensions ? { dimensions: this.options.dimensions } : {}) },
      // undefined keeps the client's defaults (the SDK rejects an explicit undefined)
      JSON.parse(JSON.stringify({ maxRetries: overrides.maxRetries, timeout: overrides.timeoutMs === undefined ? undefined : Math.max(1, Math.round(overrides.timeoutMs)) })),
    );
    const data = Array.isArray(response?.data) ? [...response.data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0)) : [];
    if (data.length !== input.length) throw new Error(`the embedding server returned ${data.length} embeddings for ${input.length} inputs`);
    if (!this.encoding) {
      this.encoding = typeof data[0].embedding === 'string' ? 'base64' : 'float';
      this.options.onEncodingDetected?.(this.encoding);
    }
    return data.map((item) => this.checked(decodeEmbedding(item.embedding as unknown)));
  }

  private checked(vector: number[]): number[] {
    if (this.dimensions && vector.length !== this.dimensions) throw new Error(`the embedding server returned ${vector.length} dimensions, expected ${this.dimensions}`);
    if (vector.some((value) => !Number.isFinite(value))) throw new Error('the embedding server returned a vector with non-numbers');
    if (vector.every((value) => value === 0)) throw new Error('the embedding server returned a zero vector');
    return vector;
  }
}

/** A float list as sent, or base64 of little-endian float32 (OpenAI's compact form). */
export function decodeEmbedding(raw: unknown): number[] {
  if (Array.isArray(raw)) return raw.map((value) => (typeof value === 'number' ? value : Number.NaN));
  if (typeof raw === 'string') {
    const bytes = Buffer.from(raw, 'base64');
    if (bytes.length === 0 || bytes.length % 4 !== 0) throw new Error('the embedding server returned a base64 embedding that is not float32');
    const copy = new Uint8Array(bytes); // aligned: Buffer.from may share a pool at an odd offset
    return Array.from(new Float32Array(copy.buffer, 0, copy.length / 4));
  }
  throw new Error(`the embedding server returned an embedding of type ${raw === null ? 'null' : typeof raw}`);
}

/** The embeddings endpoint rejects empty input. */
function nonEmpty(text: string): string {
  return text.trim() ? text : ' ';
}
