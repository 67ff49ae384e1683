import { maskContacts } from '../escalation/facts';
import { CircuitBreaker } from './embedding/circuit-breaker';

export const RERANKER = Symbol('RERANKER');

export interface Reranker {
  readonly where: string;
  readonly breaker: CircuitBreaker;
  /** A relevance score per document, in the documents' order. */
  rerank(query: string, documents: string[], timeoutMs: number): Promise<number[]>;
}

/** An HTTP error from the re-ranker, with what the circuit breaker reads (status, Retry-After). */
class RerankHttpError extends Error {
  constructor(
    readonly status: number,
    readonly headers: Headers,
    body: string,
  ) {
    super(`the re-ranker answered ${status}: ${body.slice(0, 120)}`);
  }
}

/**
 * A cross-encoder re-ranker behind `POST /rerank`, as Jina, Cohere, text-embeddings-inference, Xinference and
 * LocalAI serve it. The request carries the documents both as `documents` (Jina/Cohere) and `texts` (TEI); the reply is
 * read as `{ results: [{ index, relevance_score }] }` or TEI's `[{ index, score }]`. The question is masked first.
 */
export class HttpReranker implements Reranker {
  readonly breaker = new CircuitBreaker('the re-ranker');

  constructor(private readonly options: { url: string; model?: string; apiKey?: string }) {}

  get where(): string {
    return this.options.url;
  }

  rerank(query: string, documents: string[], timeoutMs: number): Promise<number[]> {
    return this.breaker.run(async () => {
      const response = await fetch(this.options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(this.options.apiKey ? { authorization: `Bearer ${this.options.apiKey}` } : {}) },
        body: JSON.stringify({ model: this.options.model, query: maskContacts(query), documents, texts: documents, top_n: documents.length, return_documents: false }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const text = await response.text();
      if (!response.ok) throw new RerankHttpError(response.status, response.headers, text);
      return readScores(JSON.parse(text) as unknown, documents.length);
    });
  }
}

function readScores(body: unknown, count: number): number[] {
  const results = Array.isArray(body) ? body : (body as { results?: unknown; data?: unknown })?.results ?? (body as { data?: unknown })?.data;
  if (!Array.isArray(results)) throw new Error('the re-ranker reply has no results list');
  const scores = new Array<number>(count).fill(Number.NEGATIVE_INFINITY);
  for (const item of results as Array<{ index?: unknown; relevance_score?: unknown; score?: unknown }>) {
    const score = Number(item.relevance_score ?? item.score);
    if (!Number.isInteger(item.index) || (item.index as number) < 0 || (item.index as number) >= count || !Number.isFinite(score)) {
      throw new Error('the re-ranker reply has an item without a valid index and score');
    }
    scores[item.index as number] = score;
  }
  return scores;
}
