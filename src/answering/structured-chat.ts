import OpenAI from 'openai';
import { z } from 'zod';
import { CircuitBreaker } from '../retrieval/embedding/circuit-breaker';

export type StructuredOutputMode = 'json_schema' | 'json_object' | 'tools' | 'prompt';

export interface StructuredChatOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** the whole call, retries included */
  timeoutMs?: number;
  /** json_schema (strict response_format), json_object, tools (a forced function call) or prompt (instructions only) */
  structuredOutput?: StructuredOutputMode;
}

type Message = { role: 'system' | 'user'; content: string };

/**
 * Asks an OpenAI-compatible chat model for one JSON object matching a zod schema, in whichever way the server supports
 * (CHAT_STRUCTURED_OUTPUT), and reads the reply tolerantly: a `<think>` block first, a code fence around the JSON or a
 * sentence before it are common from local models and say nothing against the answer. Calls go through a circuit
 * breaker, so a server that keeps failing is left alone for a while instead of costing every answer its timeout.
 */
export class StructuredChat {
  private readonly client: OpenAI;
  readonly mode: StructuredOutputMode;
  readonly timeoutMs: number;
  readonly breaker = new CircuitBreaker('the chat model server', { failures: 5 });

  constructor(private readonly options: StructuredChatOptions) {
    this.mode = options.structuredOutput ?? 'json_schema';
    this.timeoutMs = options.timeoutMs ?? 8000;
    this.client = new OpenAI({ apiKey: options.apiKey || 'none', baseURL: options.baseUrl, maxRetries: 1, timeout: this.timeoutMs });
  }

  get model(): string {
    return this.options.model;
  }

  get where(): string {
    return this.options.baseUrl ?? 'api.openai.com';
  }

  async complete<T>(messages: Message[], schema: z.ZodType<T>, call: { name: string; timeoutMs?: number }): Promise<T> {
    const timeoutMs = Math.max(1, Math.round(Math.min(call.timeoutMs ?? this.timeoutMs, this.timeoutMs)));
    const jsonSchema = strictSchema(z.toJSONSchema(schema) as Record<string, unknown>);
    const instructed = this.mode === 'json_object' || this.mode === 'prompt' ? withJsonInstruction(messages, jsonSchema) : messages;
    const request: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = { model: this.options.model, temperature: 0, messages: instructed };
    if (this.mode === 'json_schema') request.response_format = { type: 'json_schema', json_schema: { name: call.name, schema: jsonSchema, strict: true } };
    if (this.mode === 'json_object') request.response_format = { type: 'json_object' };
    if (this.mode === 'tools') {
      request.tools = [{ type: 'function', function: { name: call.name, description: 'Reply by calling this function', parameters: jsonSchema } }];
      request.tool_choice = { type: 'function', function: { name: call.name } };
    }
    return this.breaker.run(async () => {
      const signal = AbortSignal.timeout(timeoutMs);
      const completion = await this.client.chat.completions.create(request, { signal, timeout: timeoutMs });
      const message = completion?.choices?.[0]?.message;
      const toolCall = message?.tool_calls?.find((tool) => tool.type === 'function');
      const text = (toolCall?.type === 'function' ? toolCall.function.arguments : undefined) ?? message?.content ?? '';
      return schema.parse(parseModelJson(text));
    });
  }
}

/**
 * The JSON object in a model's reply: after any reasoning block (`<think>…</think>`, also unclosed at the start), out of
 * a Markdown code fence, from the first `{` to its matching `}`. Throws when there is none.
 */
export function parseModelJson(reply: string): unknown {
  let text = reply.replace(/<think>[\s\S]*?<\/think>/gi, '');
  const unclosed = text.lastIndexOf('</think>');
  if (unclosed >= 0) text = text.slice(unclosed + '</think>'.length);
  const fenced = text.match(/```(?:json|JSON)?\s*\n?([\s\S]*?)```/);
  if (fenced) text = fenced[1];
  const start = text.indexOf('{');
  if (start < 0) throw new Error(`the model did not reply with JSON: ${JSON.stringify(reply.slice(0, 80))}`);
  const end = matchingBrace(text, start);
  if (end < 0) throw new Error(`the model's JSON is cut short: ${JSON.stringify(reply.slice(0, 80))}`);
  return JSON.parse(text.slice(start, end + 1));
}

function matchingBrace(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '{') depth++;
    else if (char === '}' && --depth === 0) return i;
  }
  return -1;
}

/** OpenAI's strict mode wants every property required and no others allowed. */
function strictSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const { $schema: _ignored, ...rest } = schema;
  if (rest.type === 'object' && rest.properties) {
    rest.additionalProperties = false;
    rest.required = Object.keys(rest.properties as object);
  }
  return rest;
}

function withJsonInstruction(messages: Message[], schema: Record<string, unknown>): Message[] {
  const instruction = `\n\nReply with one JSON object only, no other text, matching this JSON Schema:\n${JSON.stringify(schema)}`;
  return messages.map((message, index) => (index === 0 && message.role === 'system' ? { ...message, content: message.content + instruction } : message));
}
