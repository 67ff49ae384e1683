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
}

export interface OpenAiCompatibleServer {
  baseUrl: string;
  requests: Array<{ path: string; body: unknown }>;
  options: OpenAiCompatibleServerOptions;
  close(): Promise<void>;
}

/**
 * A small HTTP server that speaks the OpenAI wire format (/v1/embeddings, /v1/chat/completions), for the
 * tests of the OpenAI path: the real `openai` SDK and LangChain talk to it over real HTTP. Its embeddings are
 * a deterministic bag of hashed words, so similar texts get similar vectors.
 */
export async function startOpenAiCompatibleServer(options: OpenAiCompatibleServerOptions = {}): Promise<OpenAiCompatibleServer> {
  const requests: OpenAiCompatibleServer['requests'] = [];
  const server: Server = createServer((request, response) => void handle(request, response));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJson(request);
    const path = (request.url ?? '').replace(/\?.*$/, '');
    requests.push({ path, body });
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    if (options.failWith) return send(response, options.failWith, { error: { message: `test server answers ${options.failWith}`, type: 'server_error' } });
    if (request.method === 'POST' && path.endsWith('/embeddings')) return send(response, 200, embeddings(body as { input: string | string[]; model: string }, options.dimensions ?? 64));
    if (request.method === 'POST' && path.endsWith('/chat/completions')) {
      const result = await (options.chat ?? (() => ''))(body as ChatRequest);
      if (typeof result !== 'string') return send(response, result.status, result.body);
      return send(response, 200, {
        id: `chatcmpl-${requests.length}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model: (body as ChatRequest).model,
        choices: [{ index: 0, message: { role: 'assistant', content: result }, finish_reason: 'stop' }],
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function embeddings(body: { input: string | string[]; model: string; encoding_format?: string }, dimensions: number) {
  const inputs = Array.isArray(body.input) ? body.input : [body.input];
  // the openai SDK asks for base64 (little-endian float32) unless told otherwise, as OpenAI's API allows
  const encode = (vector: number[]) => (body.encoding_format === 'base64' ? Buffer.from(new Float32Array(vector).buffer).toString('base64') : vector);
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

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
