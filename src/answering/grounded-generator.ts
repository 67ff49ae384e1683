import { ChatOpenAI } from '@langchain/openai';
import { z } from 'zod';
import type { StoredEntry } from '../knowledge/knowledge.repository';
import type { Lang } from '../knowledge/knowledge.types';
import { GROUNDED_ANSWER_SYSTEM_PROMPT, groundedAnswerUserPrompt } from './prompts/grounded-answer.prompt';
import { timeModelCall } from '../metrics/metrics';

export const GROUNDED_GENERATOR = Symbol('GROUNDED_GENERATOR');

export interface GroundedAnswer {
  answerable: boolean;
  answer: string;
  citations: string[];
}

export interface GroundedGenerator {
  generate(input: { question: string; lang: Lang; passages: StoredEntry[] }): Promise<GroundedAnswer>;
}

const GroundedAnswerSchema = z.object({
  answerable: z.boolean().describe('true only if the passages contain the answer'),
  answer: z.string().describe('the reply to the customer; empty when not answerable'),
  citations: z.array(z.string()).describe('ids of the passages used'),
});

export interface OpenAiGeneratorOptions {
  apiKey: string;
  baseUrl?: string;
  model: string;
  /** the whole call, retries included: past it the customer gets the offline reply */
  timeoutMs?: number;
}

/**
 * Grounded generation through LangChain's ChatOpenAI with structured output. The reply is accepted only if it is
 * well-formed, cites passages it was given, and its words come from those passages (so an injected instruction the
 * model followed, or an invented fact, falls back to the extractive reply).
 */
export class OpenAiGroundedGenerator implements GroundedGenerator {
  private readonly model;
  private readonly timeoutMs: number;

  constructor(options: OpenAiGeneratorOptions) {
    this.timeoutMs = options.timeoutMs ?? 8000;
    const chat = new ChatOpenAI({
      apiKey: options.apiKey,
      model: options.model,
      temperature: 0,
      maxRetries: 1,
      timeout: this.timeoutMs,
      configuration: options.baseUrl ? { baseURL: options.baseUrl } : undefined,
    });
    this.model = chat.withStructuredOutput(GroundedAnswerSchema, { name: 'grounded_answer', method: 'jsonSchema' });
  }

  async generate({ question, lang, passages }: { question: string; lang: Lang; passages: StoredEntry[] }): Promise<GroundedAnswer> {
    const items = passages.map((entry) => ({ id: entry.id, title: [entry.title, ...entry.headingPath].join(' › '), text: (entry.content as { text: string }).text }));
    const signal = AbortSignal.timeout(this.timeoutMs);
    const result = await timeModelCall('chat', () =>
      this.model.invoke(
        [
          { role: 'system', content: GROUNDED_ANSWER_SYSTEM_PROMPT.replace('{lang}', lang === 'zh' ? 'Chinese' : 'English') },
          { role: 'user', content: groundedAnswerUserPrompt(question, lang, items) },
        ],
        { signal },
      ),
    );
    const parsed = GroundedAnswerSchema.parse(result);
    if (!parsed.answerable) return { answerable: false, answer: '', citations: [] };
    const known = new Set(items.map((item) => item.id));
    const citations = parsed.citations.filter((id) => known.has(id));
    if (citations.length === 0 || !parsed.answer.trim()) throw new Error('the model answered without citing a passage it was given');
    const cited = items.filter((item) => citations.includes(item.id)).map((item) => item.text).join('\n');
    if (groundedShare(parsed.answer, cited) < 0.5) throw new Error('the model answer is not grounded in the cited passages');
    return { answerable: true, answer: parsed.answer.trim(), citations };
  }
}

/** Share of the answer's content units (Latin words, CJK characters) that occur in the passages. */
export function groundedShare(answer: string, passages: string): number {
  const units = (text: string) => text.toLowerCase().match(/[a-z0-9]{3,}|[\u3400-\u9fff]/g) ?? [];
  const available = new Set(units(passages));
  const used = units(answer);
  return used.length === 0 ? 0 : used.filter((unit) => available.has(unit)).length / used.length;
}
