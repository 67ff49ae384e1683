import type { Node } from 'yaml';
import { LANGS, Lang, ParsedEntry, ParseResult } from '../knowledge.types';
import { isMap, isSeq, mapEntries, scalarString, stringList, suggestKey, YamlSource } from './yaml-source';

const FAQ_KEYS = ['id', 'question', 'similar', 'answer', 'tags', 'handoff', 'lang'] as const;
const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,119}$/;
const MAX_TEXT = 8000;

/** `*.faq.yaml`: a list of { id, question, similar?, answer, tags?, handoff? } (README "FAQ files"). */
export function parseFaqFile(path: string, text: string): ParseResult {
  const source = new YamlSource(path, text);
  const entries: ParsedEntry[] = [];
  const root = source.root;
  if (root === null && source.problems.length > 0) return { entries, problems: source.problems };
  if (root === null || (isSeq(root) && root.items.length === 0)) {
    source.warning('the file has no entries');
    return { entries, problems: source.problems };
  }
  if (!isSeq(root)) {
    source.error('an FAQ file must be a YAML list of entries ("- id: …")', root);
    return { entries, problems: source.problems };
  }

  const seen = new Map<string, number | undefined>();
  root.items.forEach((item, position) => {
    const entry = parseEntry(source, item as Node, position);
    if (!entry) return;
    if (seen.has(entry.id)) {
      source.error(`duplicate id "${entry.id}" (first used on line ${seen.get(entry.id)})`, item as Node);
      return;
    }
    seen.set(entry.id, source.lineOf(item as Node));
    entries.push(entry);
  });
  return { entries, problems: source.problems };
}

function parseEntry(source: YamlSource, node: Node, position: number): ParsedEntry | undefined {
  if (!isMap(node)) {
    source.error(`entry ${position + 1} must be a mapping with id, question and answer`, node);
    return undefined;
  }
  const fields = new Map<string, Node | null>();
  for (const { key, keyNode, value } of mapEntries(node)) {
    if ((FAQ_KEYS as readonly string[]).includes(key)) {
      fields.set(key, value);
    } else {
      const suggestion = suggestKey(key, FAQ_KEYS);
      source.warning(`unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''} is ignored`, keyNode);
    }
  }
  const problemsBefore = source.problems.filter((problem) => problem.severity === 'error').length;
  const label = `entry ${position + 1}`;

  const id = scalarString(fields.get('id') ?? null);
  if (!id) source.error(`${label}: "id" is missing`, node);
  else if (!ID_PATTERN.test(id)) source.error(`${label}: id "${id}" may only use letters, digits, ".", "_" and "-" (max 120)`, fields.get('id'));

  const question = scalarString(fields.get('question') ?? null);
  if (!question) source.error(`${label}${id ? ` (${id})` : ''}: "question" is missing or empty`, fields.get('question') ?? node);
  else if (question.length > MAX_TEXT) source.error(`${label}: "question" is longer than ${MAX_TEXT} characters`, fields.get('question'));

  const similar = fields.has('similar') ? stringList(fields.get('similar') ?? null) : [];
  if (similar === undefined) source.error(`${label}: "similar" must be a list of phrasings`, fields.get('similar'));

  const answers = parseAnswer(source, fields.get('answer'), label, id, node);

  const tags = fields.has('tags') ? stringList(fields.get('tags') ?? null) : [];
  if (tags === undefined) source.error(`${label}: "tags" must be a list like [returns, after-sales]`, fields.get('tags'));

  const handoffNode = fields.get('handoff');
  const handoffRaw = handoffNode ? (handoffNode as unknown as { value?: unknown }).value : false;
  if (typeof handoffRaw !== 'boolean') source.error(`${label}: "handoff" must be true or false`, handoffNode);

  const langRaw = scalarString(fields.get('lang') ?? null);
  if (langRaw !== undefined && !LANGS.includes(langRaw as Lang)) source.error(`${label}: "lang" must be zh or en`, fields.get('lang'));

  const errorsAfter = source.problems.filter((problem) => problem.severity === 'error').length;
  if (errorsAfter > problemsBefore || !id || !question || !answers || !similar || !tags) return undefined;

  const answerTexts = Object.values(answers).filter((text): text is string => Boolean(text));
  return {
    id,
    kind: 'faq',
    title: question,
    headingPath: [],
    position,
    lang: langRaw as Lang | undefined,
    content: { answers },
    tags: tags.map((tag) => tag.toLowerCase()),
    handoff: handoffRaw === true,
    // the phrasing shown in "did you mean…" suggestions, in each language the entry has one
    meta: { line: source.lineOf(node), questionByLang: questionByLang([question, ...similar]) },
    phrases: [
      { role: 'question', text: question },
      ...dedupe(similar).filter((text) => text !== question).map((text) => ({ role: 'similar' as const, text })),
      ...answerTexts.map((text) => ({ role: 'answer' as const, text })),
    ],
  };
}

function parseAnswer(source: YamlSource, node: Node | null | undefined, label: string, id: string | undefined, entryNode: Node) {
  const where = `${label}${id ? ` (${id})` : ''}`;
  if (node === undefined || node === null) {
    source.error(`${where}: "answer" is missing`, entryNode);
    return undefined;
  }
  const plain = scalarString(node);
  if (plain !== undefined) {
    if (!plain) source.error(`${where}: "answer" is empty`, node);
    return plain ? ({ [detectAnswerLang(plain)]: plain } as Partial<Record<Lang, string>>) : undefined;
  }
  if (!isMap(node)) {
    source.error(`${where}: "answer" must be text, or a map of languages like { zh: …, en: … }`, node);
    return undefined;
  }
  const answers: Partial<Record<Lang, string>> = {};
  for (const { key, keyNode, value } of mapEntries(node)) {
    const text = scalarString(value);
    if (!LANGS.includes(key as Lang)) source.error(`${where}: answer language "${key}" must be zh or en`, keyNode);
    else if (!text) source.error(`${where}: answer in "${key}" is empty`, value ?? keyNode);
    else if (text.length > MAX_TEXT) source.error(`${where}: answer in "${key}" is longer than ${MAX_TEXT} characters`, value);
    else answers[key as Lang] = text;
  }
  if (Object.keys(answers).length === 0) {
    source.error(`${where}: "answer" has no text`, node);
    return undefined;
  }
  return answers;
}

function questionByLang(phrasings: string[]): Partial<Record<Lang, string>> {
  const result: Partial<Record<Lang, string>> = {};
  for (const text of phrasings) result[detectAnswerLang(text)] ??= text;
  return result;
}

function detectAnswerLang(text: string): Lang {
  return /[\u3400-\u9fff]/.test(text) ? 'zh' : 'en';
}

function dedupe(values: string[]): string[] {
  return [...new Set(values)];
}
