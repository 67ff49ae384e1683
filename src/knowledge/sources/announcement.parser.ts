import type { KnowledgeProblem, Localized, ParseResult } from '../knowledge.types';
import { markdownSections } from './chunker';
import { readDocumentMeta } from './document.parser';
import { splitFrontMatter } from './front-matter';

const MAX_ANNOUNCEMENT_CHARS = 4000;

/** `announcements/*.md`: front matter title, active_from, active_until, keywords, summary; the body is the notice. */
export function parseAnnouncementFile(relativePath: string, text: string): ParseResult {
  const problems: KnowledgeProblem[] = [];
  const error = (message: string, line = 1) => problems.push({ path: relativePath, line, message, severity: 'error' });
  const frontMatter = splitFrontMatter(text.replace(/^\uFEFF/, ''));
  if (frontMatter.error) error(frontMatter.error);
  const { title, tags, lang } = readDocumentMeta(relativePath, frontMatter.data, problems);
  if (!title) error('an announcement needs a "title" in its front matter');

  const activeFrom = readDate(frontMatter.data.active_from, 'active_from', error);
  const activeUntil = readDate(frontMatter.data.active_until, 'active_until', error);
  if (activeFrom && activeUntil && activeFrom > activeUntil) error('"active_until" is before "active_from"');

  const keywords = frontMatter.data.keywords;
  if (keywords !== undefined && !(Array.isArray(keywords) && keywords.every((word) => typeof word === 'string' || typeof word === 'number'))) {
    error('"keywords" must be a list, e.g. [快递, delivery]');
  }
  const keywordList = Array.isArray(keywords) ? keywords.map(String).filter((word) => word.trim()) : [];
  if (keywordList.length === 0) problems.push({ path: relativePath, line: 1, message: 'no "keywords": the announcement only shows for questions close to its text', severity: 'warning' });

  const summary = readSummary(frontMatter.data.summary, error);

  const body = markdownSections(frontMatter.body).sections.flatMap((section) => section.paragraphs).join('\n').trim();
  if (!body) error('the announcement has no text');
  if (body.length > MAX_ANNOUNCEMENT_CHARS) error(`the announcement is longer than ${MAX_ANNOUNCEMENT_CHARS} characters; keep notices short`);
  if (problems.some((problem) => problem.severity === 'error') || !title) return { entries: [], problems };

  return {
    title,
    problems,
    entries: [
      {
        id: `announcement:${relativePath}`,
        kind: 'announcement',
        title,
        headingPath: [],
        position: 0,
        lang,
        content: { text: body },
        tags: tags ?? [],
        handoff: false,
        meta: { activeFrom: activeFrom?.toISOString() ?? null, activeUntil: activeUntil?.toISOString() ?? null, keywords: keywordList, ...(summary ? { summary } : {}) },
        phrases: [
          { role: 'passage', text: `${title}\n${body}` },
          ...keywordList.map((text) => ({ role: 'keyword' as const, text })),
        ],
      },
    ],
  };
}

/** ISO dates; a bare date is the start of that day in UTC for active_from and the end of it for active_until. */
function readDate(value: unknown, field: 'active_from' | 'active_until', error: (message: string) => void): Date | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const text = value instanceof Date ? value.toISOString() : String(value);
  const bareDate = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const date = new Date(bareDate ? `${text}T${field === 'active_until' ? '23:59:59.999' : '00:00:00.000'}Z` : text);
  if (Number.isNaN(date.getTime())) {
    error(`"${field}" must be an ISO date like 2026-12-31, got "${text}"`);
    return undefined;
  }
  return date;
}

/** `summary`: one text, or one per language ({ zh, en }); what a reply opens with instead of the notice's first sentences. */
function readSummary(value: unknown, error: (message: string) => void): Localized | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() ? { zh: value.trim(), en: value.trim() } : undefined;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.every(([lang, text]) => (lang === 'zh' || lang === 'en') && typeof text === 'string')) {
      const summary = Object.fromEntries(entries.map(([lang, text]) => [lang, (text as string).trim()]).filter(([, text]) => text)) as Localized;
      return Object.keys(summary).length ? summary : undefined;
    }
  }
  error('"summary" must be a text or { zh: …, en: … }');
  return undefined;
}
