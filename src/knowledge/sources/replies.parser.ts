import type { Node } from 'yaml';
import { KnowledgeProblem, LANGS, Lang, Localized } from '../knowledge.types';
import { isMap, isSeq, mapEntries, scalarString, stringList, suggestKey, YamlSource } from './yaml-source';

/** A reply agents paste into a chat (`replies.yaml`), in one text or one per language. */
export interface CannedReply {
  id: string;
  title: string;
  text: Localized;
  tags: string[];
}

const KEYS = ['id', 'title', 'text', 'tags'] as const;
const MAX_TEXT_CHARS = 2000;

/**
 * `replies.yaml` at the knowledge folder's root: a list of `{ id, title, text, tags? }`. Agents' canned replies,
 * not knowledge — the indexer never reads it. A broken entry is reported with its line and left out.
 */
export function parseRepliesFile(path: string, text: string): { replies: CannedReply[]; problems: KnowledgeProblem[] } {
  const source = new YamlSource(path, text);
  const replies: CannedReply[] = [];
  const root = source.root;
  if (root === null) return { replies, problems: source.problems };
  if (!isSeq(root)) {
    source.error('replies.yaml must be a list of { id, title, text, tags }', root);
    return { replies, problems: source.problems };
  }
  for (const item of root.items as Node[]) {
    if (!isMap(item)) {
      source.error('each reply must be { id, title, text, tags }', item);
      continue;
    }
    const fields = new Map<string, Node | null>();
    for (const { key, keyNode, value } of mapEntries(item)) {
      if ((KEYS as readonly string[]).includes(key)) fields.set(key, value);
      else source.warning(`unknown key "${key}"${suggestKey(key, KEYS) ? ` (did you mean "${suggestKey(key, KEYS)}"?)` : ''} is ignored`, keyNode);
    }
    const id = scalarString(fields.get('id') ?? null);
    const replyText = localizedText(source, fields.get('text') ?? null);
    if (!id || !/^[\w.-]{1,80}$/.test(id)) {
      source.error('reply "id" is missing or not a simple name like order-delay', item);
      continue;
    }
    if (replies.some((reply) => reply.id === id)) {
      source.error(`reply "${id}" is defined twice`, item);
      continue;
    }
    if (!replyText) {
      source.error(`reply "${id}": "text" must be text or { zh: …, en: … } of at most ${MAX_TEXT_CHARS} characters`, fields.get('text') ?? item);
      continue;
    }
    const tags = fields.has('tags') ? stringList(fields.get('tags') ?? null) : [];
    if (!tags) source.warning(`reply "${id}": "tags" must be a list; ignored`, fields.get('tags'));
    replies.push({ id, title: scalarString(fields.get('title') ?? null) ?? id, text: replyText, tags: tags ?? [] });
  }
  return { replies, problems: source.problems };
}

function localizedText(source: YamlSource, node: Node | null): Localized | undefined {
  const plain = scalarString(node);
  if (plain !== undefined) return plain.trim() && plain.length <= MAX_TEXT_CHARS ? { zh: plain.trim(), en: plain.trim() } : undefined;
  if (!isMap(node)) return undefined;
  const result: Localized = {};
  for (const { key, keyNode, value } of mapEntries(node)) {
    const text = scalarString(value)?.trim();
    if (!LANGS.includes(key as Lang)) source.error(`reply text: language "${key}" must be zh or en`, keyNode);
    else if (text && text.length <= MAX_TEXT_CHARS) result[key as Lang] = text;
  }
  return Object.keys(result).length > 0 ? result : undefined;
}
