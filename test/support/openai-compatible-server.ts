import { createHash } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';

export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string }>;
  [key: string]: unknown;
}

export interface OpenAiCompatibleServerOptions {
  /** dimensions of /v1/embeddings vectors */
  dimensions?: number;
  /** what /v1/chat/completions answers; default: echoes nothing useful */
  chat?: (request: ChatRequest) => string | { status: number; body: unknown } | Promise<string | { status: number; body: unknown }>;
  /** delay before every response, to test time-outs */
  delayMs?: number;
  /** answer this status instead (429, 500…) */
  failWith?: number;
  /** sent with failWith, as a 429 or 503 may carry it */
  retryAfterSeconds?: number;
  /**
   * How /v1/embeddings encodes vectors: `honour` (default) sends base64 when asked as OpenAI does; `float` always
   * sends float lists (LocalAI, LiteLLM in front of Ollama, text-embeddings-inference, infinity); `base64` always base64.
   */
  embeddingEncoding?: 'honour' | 'float' | 'base64';
  /** shorten vectors to the request's `dimensions` (as text-embedding-3-* do); otherwise the parameter is ignored */
  honourDimensions?: boolean;
  /** trouble on /v1/embeddings only: a delay, a status (with Retry-After), or a reply that is not an embedding list */
  embeddingFault?: { delayMs?: number; status?: number; retryAfterSeconds?: number; malformed?: boolean };
  /** a chat-only server (vLLM serving one chat model): /v1/embeddings answers 404 */
  chatOnly?: boolean;
  /** chat model names the server serves; another answers 404 "model not found" (unset: any) */
  chatModels?: string[];
  /** a server without strict structured output: response_format json_schema answers 400 */
  rejectJsonSchema?: boolean;
  /** how the chat reply is wrapped: in a Markdown code fence, or after a reasoning block, as local models often do */
  chatWrapping?: 'fence' | 'think';
  /** POST /rerank (Jina/Cohere style, also TEI's `texts`): a score per document; unset answers 404 */
  rerank?: (query: string, documents: string[]) => number[];
  /** answer /rerank in TEI's shape ([{ index, score }]) instead of { results: [{ index, relevance_score }] } */
  rerankTeiShape?: boolean;
}

export interface OpenAiCompatibleServer {
  baseUrl: string;
  requests: Array<{ path: string; body: unknown }>;
  options: OpenAiCompatibleServerOptions;
  close(): Promise<void>;
}

/**
 * A small HTTP server that speaks the OpenAI wire format (/v1/embeddings, /v1/chat/completions) and a Jina/Cohere
 * style POST /rerank, for the tests of the OpenAI path; its options switch it into the behaviours of real servers
 * (float-only embeddings, chat-only, slow, failing, fenced or reasoning replies…): the real `openai` SDK and LangChain talk to it over real HTTP. Its embeddings are
 * a deterministic bag of hashed words, so similar texts get similar vectors.
 */
export async function startOpenAiCompatibleServer(options: OpenAiCompatibleServerOptions = {}): Promise<OpenAiCompatibleServer> {
  const requests: OpenAiCompatibleServer['requests'] = [];
  const server: Server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const path = (request.url ?? '').replace(/\?.*$/, '');
    requests.push({ path, body });
    if (options.delayMs) await pause(options.delayMs);
    if (options.failWith) return send(response, options.failWith, { error: { message: `test server answers ${options.failWith}`, type: 'server_error' } }, retryAfter(options.retryAfterSeconds));
    if (request.method === 'POST' && path.endsWith('/embeddings')) {
      if (options.chatOnly) return send(response, 404, { error: { message: 'The model does not support the Embeddings API', type: 'NotFoundError' } });
      const fault = options.embeddingFault;
      if (fault?.delayMs) await pause(fault.delayMs);
      if (fault?.status) return send(response, fault.status, { error: { message: `test server answers ${fault.status}`, type: 'server_error' } }, retryAfter(fault.retryAfterSeconds));
      if (fault?.malformed) return send(response, 200, { object: 'list', data: 'not a list' });
      return send(response, 200, embeddings(body as EmbeddingRequest, options));
    }
    if (request.method === 'POST' && path.endsWith('/rerank')) {
      if (!options.rerank) return send(response, 404, { error: { message: 'no re-ranker here' } });
      const { query, documents, texts } = body as { query: string; documents?: string[]; texts?: string[] };
      const scores = options.rerank(query, documents ?? texts ?? []);
      const order = scores.map((score, index) => ({ index, score })).sort((a, b) => b.score - a.score);
      return send(response, 200, options.rerankTeiShape ? order : { results: order.map(({ index, score }) => ({ index, relevance_score: score })) });
    }
    if (request.method === 'POST' && path.endsWith('/chat/completions')) {
      const chatRequest = body as ChatRequest & { response_format?: { type: string }; tools?: Array<{ function: { name: string } }> };
      if (options.chatModels && !options.chatModels.includes(chatRequest.model)) {
        return send(response, 404, { error: { message: `The model \`${chatRequest.model}\` does not exist.`, type: 'NotFoundError' } });
      }
      if (options.rejectJsonSchema && chatRequest.response_format?.type === 'json_schema') {
        return send(response, 400, { error: { message: 'response_format json_schema is not supported', type: 'BadRequestError' } });
      }
      const result = await (options.chat ?? (() => ''))(chatRequest);
      if (typeof result !== 'string') return send(response, result.status, result.body);
      const tool = chatRequest.tools?.[0]?.function.name;
      const content = options.chatWrapping === 'fence' ? `\`\`\`json\n${result}\n\`\`\`` : options.chatWrapping === 'think' ? `<think>\nThe customer asks about {"a": 1}. Let me look at the passages.\n</think>\n\n${result}` : result;
      const message = tool
        ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: tool, arguments: result } }] }
        : { role: 'assistant', content };
      return send(response, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: chatRequest.model,
        choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      });
    }
    send(response, 404, { error: { message: `no route ${request.method} ${path}` } });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    options,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // requests held by a delay would keep it open
      }),
  };
}

type EmbeddingRequest = { input: string | string[]; model: string; encoding_format?: string; dimensions?: number };

function embeddings(body: EmbeddingRequest, options: OpenAiCompatibleServerOptions) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  const full = options.dimensions ?? 64;
  const dimensions = options.honourDimensions && body.dimensions ? Math.min(body.dimensions, full) : full;
  const encoding = options.embeddingEncoding ?? 'honour';
  // the openai SDK asks for base64 (little-endian float32) unless told otherwise, as OpenAI's API allows
  const base64 = encoding === 'base64' || (encoding === 'honour' && body.encoding_format === 'base64');
  const encode = (vector: number[]) => (base64 ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector);
  return {
    object: 'list',
    model: body.model,
    data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: encode(hashedVector(String(text), dimensions)) })),
    usage: { prompt_tokens: inputs.length, total_tokens: inputs.length },
  };
}

export function hashedVector(text: string, dimensions: number): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  const units = text.toLowerCase().match(/[a-z0-9]+|[\u3400-\u9fff]/g) ?? [];
  for (const unit of units) vector[createHash('md5').update(unit).digest().readUInt32LE(0) % dimensions] += 1;
  vector[0] += 0.01;
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

function readJson(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      } catch {
        resolve({});
      }
    });
  });
}

/** A delay that does not keep the test process alive after the server has closed. */
function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

function retryAfter(seconds: number | undefined): Record<string, string> {
  return seconds === undefined ? {} : { 'retry-after': String(seconds) };
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
