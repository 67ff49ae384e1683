import type { Node } from 'yaml';
import { BotSettings, LANGS, Lang, Localized, ParseResult, Weekday } from '../knowledge.types';
import { isMap, isSeq, mapEntries, scalarString, stringList, suggestKey, YamlSource } from './yaml-source';

const TOP_KEYS = ['bot_name', 'messages', 'business_hours', 'skill_groups', 'synonyms', 'complaint_phrases', 'answering', 'order_numbers'] as const;
const MESSAGE_KEYS = ['greeting', 'fallback', 'clarify', 'handoff', 'offline', 'unattended'] as const;
const WEEKDAYS: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const TIME_RANGE = /^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-4]):[0-5]\d$/;

/** `kefu.yaml` at the folder's root: greeting and other messages, business hours, skill groups, synonyms… */
export function parseSettingsFile(path: string, text: string): ParseResult {
  const source = new YamlSource(path, text);
  const settings: BotSettings = {};
  const root = source.root;
  if (root === null) return { entries: [], problems: source.problems, settings: source.problems.length ? undefined : settings };
  if (!isMap(root)) {
    source.error('kefu.yaml must be a mapping (bot_name, messages, business_hours, …)', root);
    return { entries: [], problems: source.problems };
  }
  for (const { key, keyNode, value } of mapEntries(root)) {
    switch (key) {
      case 'bot_name':
        settings.botName = localized(source, value, 'bot_name');
        break;
      case 'messages':
        settings.messages = messages(source, value);
        break;
      case 'business_hours':
        settings.businessHours = businessHours(source, value);
        break;
      case 'skill_groups':
        settings.skillGroups = skillGroups(source, value);
        break;
      case 'synonyms':
        settings.synonyms = synonyms(source, value);
        break;
      case 'complaint_phrases':
        settings.complaintPhrases = perLanguageLists(source, value, 'complaint_phrases');
        break;
      case 'answering':
        settings.answering = answering(source, value);
        break;
      case 'order_numbers':
        settings.orderNumbers = orderNumberPatterns(source, value);
        break;
      default: {
        const suggestion = suggestKey(key, TOP_KEYS);
        source.warning(`unknown key "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''} is ignored`, keyNode);
      }
    }
  }
  const failed = source.problems.some((problem) => problem.severity === 'error');
  return { entries: [], problems: source.problems, settings: failed ? undefined : settings };
}

function localized(source: YamlSource, node: Node | null, field: string): Localized | undefined {
  const plain = scalarString(node);
  if (plain !== undefined) return { zh: plain, en: plain };
  if (!isMap(node)) {
    source.error(`"${field}" must be text or { zh: …, en: … }`, node);
    return undefined;
  }
  const result: Localized = {};
  for (const { key, keyNode, value } of mapEntries(node)) {
    const text = scalarString(value);
    if (!LANGS.includes(key as Lang)) source.error(`"${field}": language "${key}" must be zh or en`, keyNode);
    else if (text === undefined) source.error(`"${field}.${key}" must be text`, value ?? keyNode);
    else result[key as Lang] = text;
  }
  return result;
}

function messages(source: YamlSource, node: Node | null): BotSettings['messages'] {
  if (!isMap(node)) {
    source.error('"messages" must map greeting / fallback / clarify / handoff / offline / unattended to texts', node);
    return undefined;
  }
  const result: NonNullable<BotSettings['messages']> = {};
  for (const { key, keyNode, value } of mapEntries(node)) {
    if (!(MESSAGE_KEYS as readonly string[]).includes(key)) {
      const suggestion = suggestKey(key, MESSAGE_KEYS);
      source.warning(`unknown message "${key}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''} is ignored`, keyNode);
      continue;
    }
    result[key as (typeof MESSAGE_KEYS)[number]] = localized(source, value, `messages.${key}`);
  }
  return result;
}

function businessHours(source: YamlSource, node: Node | null): BotSettings['businessHours'] {
  if (!isMap(node)) {
    source.error('"business_hours" must have timezone and weekly', node);
    return undefined;
  }
  const fields = new Map(mapEntries(node).map((item) => [item.key, item]));
  const timezone = scalarString(fields.get('timezone')?.value ?? null) ?? 'UTC';
  if (!isValidTimeZone(timezone)) source.error(`business_hours.timezone "${timezone}" is not a known time zone (e.g. Asia/Shanghai)`, fields.get('timezone')?.value);
  const weekly: Partial<Record<Weekday, string[]>> = {};
  const weeklyNode = fields.get('weekly')?.value ?? null;
  if (!isMap(weeklyNode)) {
    source.error('business_hours.weekly must map mon … sun to lists like ["09:00-21:00"]', weeklyNode ?? node);
  } else {
    for (const { key, keyNode, value } of mapEntries(weeklyNode)) {
      if (!WEEKDAYS.includes(key as Weekday)) {
        source.error(`business_hours.weekly: "${key}" is not a weekday (mon, tue, wed, thu, fri, sat, sun)`, keyNode);
        continue;
      }
      const ranges = stringList(value);
      const bad = ranges?.find((range) => !TIME_RANGE.test(range.replace(/\s/g, '')) || range.replace(/\s/g, '').split('-')[0] >= range.replace(/\s/g, '').split('-')[1]);
      if (!ranges || bad !== undefined) source.error(`business_hours.weekly.${key}: "${bad ?? String(value)}" must be a list of "HH:MM-HH:MM" ranges`, value ?? keyNode);
      else weekly[key as Weekday] = ranges.map((range) => range.replace(/\s/g, ''));
    }
  }
  const holidays = fields.has('holidays') ? stringList(fields.get('holidays')!.value) : [];
  if (!holidays || holidays.some((day) => !/^\d{4}-\d{2}-\d{2}$/.test(day))) source.error('business_hours.holidays must be a list of dates like 2027-01-01', fields.get('holidays')?.value);
  const workdaysNode = fields.get('workdays')?.value;
  const workdays = fields.has('workdays') ? makeUpWorkdays(source, workdaysNode ?? null, weekly) : undefined;
  return { timezone, weekly, holidays: holidays ?? [], ...(workdays ? { workdays } : {}) };
}

/**
 * `workdays`: dates open although their weekday is not (调休). A plain date opens with the hours of the first
 * weekday from Monday that has any; `{ date, hours }` names its own.
 */
function makeUpWorkdays(source: YamlSource, node: Node | null, weekly: Partial<Record<Weekday, string[]>>): Record<string, string[]> | undefined {
  if (!isSeq(node)) {
    source.error('business_hours.workdays must be a list of dates like 2027-02-07, or { date, hours: ["09:00-18:00"] }', node);
    return undefined;
  }
  const usual = (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => weekly[day]).find((ranges) => ranges?.length);
  const result: Record<string, string[]> = {};
  for (const item of node.items as Node[]) {
    const fields = isMap(item) ? new Map(mapEntries(item).map((entry) => [entry.key, entry.value])) : undefined;
    const date = fields ? scalarString(fields.get('date') ?? null) : scalarString(item);
    const hours = fields?.has('hours') ? stringList(fields.get('hours') ?? null)?.map((range) => range.replace(/\s/g, '')) : usual;
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) source.error('business_hours.workdays: each must be a date like 2027-02-07, or { date, hours }', item);
    else if (!hours || hours.some((range) => !TIME_RANGE.test(range) || range.split('-')[0] >= range.split('-')[1])) source.error(`business_hours.workdays ${date}: hours must be a list of "HH:MM-HH:MM" ranges (a plain date needs weekday hours to copy)`, item);
    else result[date] = hours;
  }
  return result;
}

function skillGroups(source: YamlSource, node: Node | null): BotSettings['skillGroups'] {
  if (!isSeq(node)) {
    source.error('"skill_groups" must be a list of { id, name, tags }', node);
    return undefined;
  }
  const groups: NonNullable<BotSettings['skillGroups']> = [];
  for (const item of node.items as Node[]) {
    if (!isMap(item)) {
      source.error('each skill group must be { id, name, tags }', item);
      continue;
    }
    const fields = new Map(mapEntries(item).map((entry) => [entry.key, entry.value]));
    const id = scalarString(fields.get('id') ?? null);
    const tags = stringList(fields.get('tags') ?? null);
    if (!id || !/^[a-z0-9][a-z0-9_-]*$/i.test(id)) source.error('skill group "id" is missing or not a simple name like after-sales', item);
    else if (groups.some((group) => group.id === id)) source.error(`skill group "${id}" is defined twice`, item);
    if (!tags) source.error(`skill group ${id ?? ''}: "tags" must be a list`, fields.get('tags') ?? item);
    if (id && tags) groups.push({ id, name: fields.has('name') ? (localized(source, fields.get('name') ?? null, `skill_groups.${id}.name`) ?? { en: id }) : { en: id }, tags: tags.map((tag) => tag.toLowerCase()) });
  }
  return groups;
}

/** `order_numbers: ['SO\\d{10}']`: regular expressions, each checked to compile. */
function orderNumberPatterns(source: YamlSource, node: Node | null): string[] | undefined {
  const patterns = stringList(node);
  if (!patterns) {
    source.error('"order_numbers" must be a list of regular expressions, e.g. ["SO\\d{10}"]', node);
    return undefined;
  }
  return patterns.filter((pattern) => {
    try {
      if (pattern.length > 200) throw new Error('longer than 200 characters');
      new RegExp(pattern);
      return true;
    } catch (error) {
      source.error(`order_numbers: "${pattern}" is not a usable regular expression (${(error as Error).message})`, node);
      return false;
    }
  });
}

function synonyms(source: YamlSource, node: Node | null): Record<string, string[]> | undefined {
  if (!isMap(node)) {
    source.error('"synonyms" must map a term to its variants, e.g. 快递: [物流, 包裹]', node);
    return undefined;
  }
  const result: Record<string, string[]> = {};
  for (const { key, value } of mapEntries(node)) {
    const variants = stringList(value);
    if (!variants) source.error(`synonyms.${key} must be a list of variants`, value);
    else result[key] = variants;
  }
  return result;
}

function perLanguageLists(source: YamlSource, node: Node | null, field: string): Partial<Record<Lang, string[]>> | undefined {
  const flat = stringList(node);
  if (flat) return { zh: flat, en: flat };
  if (!isMap(node)) {
    source.error(`"${field}" must be a list, or { zh: [...], en: [...] }`, node);
    return undefined;
  }
  const result: Partial<Record<Lang, string[]>> = {};
  for (const { key, keyNode, value } of mapEntries(node)) {
    const list = stringList(value);
    if (!LANGS.includes(key as Lang)) source.error(`"${field}": language "${key}" must be zh or en`, keyNode);
    else if (!list) source.error(`"${field}.${key}" must be a list`, value);
    else result[key as Lang] = list;
  }
  return result;
}

function answering(source: YamlSource, node: Node | null): BotSettings['answering'] {
  if (!isMap(node)) {
    source.error('"answering" must be { answer_threshold, clarify_threshold }', node);
    return undefined;
  }
  const result: NonNullable<BotSettings['answering']> = {};
  for (const { key, keyNode, value } of mapEntries(node)) {
    const number = Number(scalarString(value));
    if (key !== 'answer_threshold' && key !== 'clarify_threshold') source.warning(`unknown key "answering.${key}" is ignored`, keyNode);
    else if (!(number >= 0 && number <= 1)) source.error(`answering.${key} must be a number between 0 and 1`, value);
    else result[key === 'answer_threshold' ? 'answerThreshold' : 'clarifyThreshold'] = number;
  }
  if (result.answerThreshold !== undefined && result.clarifyThreshold !== undefined && result.clarifyThreshold > result.answerThreshold) {
    source.error('answering.clarify_threshold must not be above answer_threshold', node);
  }
  return result;
}

function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
