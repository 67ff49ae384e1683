import { z } from 'zod';
import { maskContacts } from '../escalation/facts';
import type { StoredEntry } from '../knowledge/knowledge.repository';
import type { Lang } from '../knowledge/knowledge.types';
import { GROUNDED_ANSWER_SYSTEM_PROMPT, groundedAnswerUserPrompt } from './prompts/grounded-answer.prompt';
import { timeModelCall } from '../metrics/metrics';
import { StructuredChat } from './structured-chat';
import { echoesPrompt, findModelInstruction } from '../common/security/model-instructions';

export const GROUNDED_GENERATOR = Symbol('GROUNDED_GENERATOR');

export interface GroundedAnswer {
  answerable: boolean;
  answer: string;
  citations: string[];
}

export interface GroundedGenerator {
  /** `timeoutMs`: what is left of the answer's budget; the model's own CHAT_TIMEOUT_MS applies inside it */
  generate(input: { question: string; lang: Lang; passages: StoredEntry[]; timeoutMs?: number }): Promise<GroundedAnswer>;
}

const GroundedAnswerSchema = z.object({
  answerable: z.boolean().describe('true only if the passages contain the answer'),
  answer: z.string().describe('the reply to the customer; empty when not answerable'),
  citations: z.array(z.string()).describe('ids of the passages used'),
});

/** Below this there is no point in asking the model: the extracted passage is given at once. */
const MIN_GENERATION_MS = 250;

/**
 * Grounded generation over an OpenAI-compatible chat model (StructuredChat). The reply is accepted only if it is
 * well-formed, cites passages it was given, and its words come from those passages (so an injected instruction the
 * model followed, or an invented fact, falls back to the extractive reply).
 */
export class OpenAiGroundedGenerator implements GroundedGenerator {
  constructor(readonly chat: StructuredChat) {}

  async generate({ question, lang, passages, timeoutMs }: { question: string; lang: Lang; passages: StoredEntry[]; timeoutMs?: number }): Promise<GroundedAnswer> {
    if (timeoutMs !== undefined && timeoutMs < MIN_GENERATION_MS) throw new Error('the answer budget is spent');
    const items = passages.map((entry) => ({ id: entry.id, title: [entry.title, ...entry.headingPath].join(' › '), text: (entry.content as { text: string }).text }));
    const parsed = await timeModelCall('chat', () =>
      this.chat.complete(
      [
        { role: 'system', content: GROUNDED_ANSWER_SYSTEM_PROMPT.replace('{lang}', lang === 'zh' ? 'Chinese' : 'English') },
        // the chat model sees customer text masked, as every model server does
        { role: 'user', content: groundedAnswerUserPrompt(maskContacts(question), lang, items) },
      ],
      GroundedAnswerSchema,
      { name: 'grounded_answer', timeoutMs },

      ),
    );
    if (!parsed.answerable) return { answerable: false, answer: '', citations: [] };
    const known = new Set(items.map((item) => item.id));
    const citations = parsed.citations.filter((id) => known.has(id));
    if (citations.length === 0 || !parsed.answer.trim()) throw new Error('the model answered without citing a passage it was given');
    const cited = items.filter((item) => citations.includes(item.id)).map((item) => item.text).join('\n');
    if (groundedShare(parsed.answer, cited) < 0.5) throw new Error('the model answer is not grounded in the cited passages');
    if (echoesPrompt(parsed.answer, GROUNDED_ANSWER_SYSTEM_PROMPT) || findModelInstruction(parsed.answer)) throw new Error('the model answer repeats its instructions or carries new ones');
    return { answerable: true, answer: parsed.answer.trim(), citations };
  }

  /** One small grounded question, to tell at start-up whether this model and CHAT_STRUCTURED_OUTPUT work together. */
  async selfCheck(timeoutMs: number): Promise<void> {
    const passage = { id: 'self-check', kind: 'document', title: 'Store hours', headingPath: [], content: { text: 'The store opens at 9 am every day.' } } as unknown as StoredEntry;
    await this.generate({ question: 'When does the store open?', lang: 'en', passages: [passage], timeoutMs }).catch((error: Error) => {
      // a reply that parsed but was not grounded still shows the path works
      if (!/citing|grounded/.test(error.message)) throw error;
    });
  }
}

/** Share of the answer's content units (Latin words, CJK characters) that occur in the passages. */
export function groundedShare(answer: string, passages: string): number {
  const units = (text: string) => text.toLowerCase().match(/[a-z0-9]{3,}|[\u3400-\u9fff]/g) ?? [];
  const available = new Set(units(passages));
  const used = units(answer);
  return used.length === 0 ? 0 : used.filter((unit) => available.has(unit)).length / used.length;
}
