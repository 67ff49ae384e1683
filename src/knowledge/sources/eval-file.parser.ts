import type { KnowledgeProblem, Lang } from '../knowledge.types';
import { isMap, isSeq, mapEntries, scalarString, suggestKey, YamlSource } from './yaml-source';

/** `eval.yaml` at the folder's root: questions content staff expect answered from an entry, or not at all. */
export const EVAL_FILE = 'eval.yaml';

/** `expect` that means "the bot must not answer this on its own". */
export const EXPECT_NONE = 'none';

export interface EvalQuestion {
  question: string;
  /** an FAQ id, a document path, or `none` */
  expect: string;
  lang?: Lang;
  line?: number;
}

const KEYS = ['question', 'expect', 'lang'] as const;

export function parseEvalFile(text: string, path = EVAL_FILE): { questions: EvalQuestion[]; problems: KnowledgeProblem[] } {
  const source = new YamlSource(path, text);
  const questions: EvalQuestion[] = [];
  if (source.root === null) return { questions, problems: source.problems };
  if (!isSeq(source.root)) {
    source.error('eval.yaml must be a list of { question, expect } items', source.root);
    return { questions, problems: source.problems };
  }
  for (const item of source.root.items) {
    const node = item as Parameters<YamlSource['lineOf']>[0];
    const line = source.lineOf(node);
    if (!isMap(item)) {
      source.error('each item needs a question and what to expect: { question: …, expect: faq-id | docs/file.md | none }', node);
      continue;
    }
    const fields = new Map(mapEntries(item).map((entry) => [entry.key, entry]));
    for (const { key, keyNode } of fields.values()) {
      if ((KEYS as readonly string[]).includes(key)) continue;
      const suggestion = suggestKey(key, KEYS);
      source.warning(`unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`, keyNode);
    }
    const question = scalarString(fields.get('question')?.value ?? null);
    const expect = scalarString(fields.get('expect')?.value ?? null);
    const lang = scalarString(fields.get('lang')?.value ?? null);
    if (!question) source.error('missing "question"', node);
    if (!expect) source.error('missing "expect" (an FAQ id, a document path, or none)', node);
    const langOk = lang === undefined || lang === 'zh' || lang === 'en';
    if (!langOk) source.error(`lang must be zh or en, not "${lang}"`, fields.get('lang')?.value);
    if (question && expect && langOk) questions.push({ question, expect, line, ...(lang ? { lang: lang as Lang } : {}) });
  }
  return { questions, problems: source.problems };
}
