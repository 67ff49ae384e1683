import { findModelInstruction } from '../../common/security/model-instructions';
import type { KnowledgeProblem, ParseResult } from '../knowledge.types';

/**
 * Keeps entries that carry instructions to a model out of the index, and says so as a warning on the file: the rest
 * of the file is served, the entry neither reaches a model nor is quoted to a customer.
 */
export function withoutModelInstructions(path: string, parsed: ParseResult): ParseResult {
  const problems: KnowledgeProblem[] = [];
  const entries = parsed.entries.filter((entry) => {
    const found = [...textsOf(entry.content), ...entry.phrases.map((phrase) => phrase.text)].map(findModelInstruction).find(Boolean);
    if (!found) return true;
    const where = entry.kind === 'document' ? `section "${[entry.title, ...entry.headingPath].join(' › ')}"` : `entry "${entry.id}"`;
    problems.push({
      path,
      line: typeof entry.meta.line === 'number' ? entry.meta.line : undefined,
      message: `${where} is not served: "${found}" reads as an instruction to a language model (prompt injection); remove or reword it`,
      severity: 'warning',
    });
    return false;
  });
  return problems.length === 0 ? parsed : { ...parsed, entries, problems: [...parsed.problems, ...problems] };
}

function textsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (value && typeof value === 'object') return Object.values(value).flatMap(textsOf);
  return [];
}
