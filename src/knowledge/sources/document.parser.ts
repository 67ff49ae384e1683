import mammoth from 'mammoth';
import { parse as parseHtml, HTMLElement, Node as HtmlNode, NodeType } from 'node-html-parser';
import path from 'node:path';
import { LANGS, Lang, KnowledgeProblem, ParsedEntry, ParseResult } from '../knowledge.types';
import { chunkSections, markdownSections, plainTextSections, Section } from './chunker';
import { splitFrontMatter } from './front-matter';
import { readPdf } from './pdf-reader';

const MAX_DOCUMENT_CHARS = 2_000_000;

/** Markdown, text, HTML, PDF and DOCX documents → chunks that keep file, heading path and position. */
export async function parseDocumentFile(relativePath: string, data: Buffer): Promise<ParseResult> {
  const problems: KnowledgeProblem[] = [];
  const extension = path.extname(relativePath).toLowerCase();
  const fileTitle = path.basename(relativePath, extension).replace(/[-_]+/g, ' ');
  let converted: { title?: string; sections: Section[]; tags?: string[]; lang?: Lang };
  try {
    converted = await toSections(relativePath, extension, data, fileTitle, problems);
  } catch (error) {
    problems.push({ path: relativePath, message: `cannot read ${extension.slice(1).toUpperCase()} file: ${describe(error)}`, severity: 'error' });
    return { entries: [], problems };
  }
  if (problems.some((problem) => problem.severity === 'error')) return { entries: [], problems };

  const title = converted.title?.trim() || fileTitle;
  // the title is shown with every source; a heading path that repeats it says nothing
  const sections = converted.sections.map((section) => (section.headingPath[0] === title ? { ...section, headingPath: section.headingPath.slice(1) } : section));
  const chunks = await chunkSections(sections);
  if (chunks.length === 0) problems.push({ path: relativePath, message: 'the document has no text', severity: 'warning' });
  const entries: ParsedEntry[] = chunks.map((chunk) => ({
    id: `${relativePath}#${chunk.position}`,
    kind: 'document',
    title,
    headingPath: chunk.headingPath,
    position: chunk.position,
    lang: converted.lang ?? guessLang(chunk.text),
    content: { text: chunk.text },
    tags: converted.tags ?? [],
    handoff: false,
    meta: {},
    phrases: [{ role: 'passage', text: [title, ...chunk.headingPath, chunk.text].join('\n') }],
  }));
  return { title, entries, problems };
}

async function toSections(relativePath: string, extension: string, data: Buffer, fileTitle: string, problems: KnowledgeProblem[]) {
  switch (extension) {
    case '.md':
    case '.markdown': {
      const text = decodeText(data, relativePath, problems);
      const frontMatter = splitFrontMatter(text);
      if (frontMatter.error) problems.push({ path: relativePath, line: 1, message: frontMatter.error, severity: 'error' });
      const meta = readDocumentMeta(relativePath, frontMatter.data, problems);
      const parsed = markdownSections(frontMatter.body, fileTitle);
      return { ...parsed, title: meta.title ?? parsed.title, tags: meta.tags, lang: meta.lang };
    }
    case '.txt':
      return { title: undefined, sections: plainTextSections(decodeText(data, relativePath, problems)) };
    case '.html':
    case '.htm':
      return htmlSections(decodeText(data, relativePath, problems), fileTitle);
    case '.docx': {
      const { value: html, messages } = await mammoth.convertToHtml({ buffer: data });
      for (const message of messages.filter((item) => item.type === 'error')) problems.push({ path: relativePath, message: message.message, severity: 'warning' });
      return htmlSections(html, fileTitle);
    }
    case '.pdf':
      return pdfSections(data);
    default:
      throw new Error(`unsupported document type ${extension}`);
  }
}

function decodeText(data: Buffer, relativePath: string, problems: KnowledgeProblem[]): string {
  if (data.includes(0)) throw new Error('the file is binary, not text (wrong extension?)');
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data);
  if (text.includes('\uFFFD')) problems.push({ path: relativePath, message: 'the file is not valid UTF-8; save it as UTF-8', severity: 'error' });
  if (text.length > MAX_DOCUMENT_CHARS) problems.push({ path: relativePath, message: `the document is longer than ${MAX_DOCUMENT_CHARS} characters; split it`, severity: 'error' });
  return text.replace(/^\uFEFF/, '');
}

export function readDocumentMeta(relativePath: string, data: Record<string, unknown>, problems: KnowledgeProblem[]) {
  const title = typeof data.title === 'string' || typeof data.title === 'number' ? String(data.title) : undefined;
  if (data.title !== undefined && title === undefined) problems.push({ path: relativePath, line: 1, message: 'front matter "title" must be text', severity: 'error' });
  let tags: string[] | undefined;
  if (data.tags !== undefined) {
    if (Array.isArray(data.tags) && data.tags.every((tag) => typeof tag === 'string')) tags = data.tags.map((tag: string) => tag.toLowerCase());
    else problems.push({ path: relativePath, line: 1, message: 'front matter "tags" must be a list of words', severity: 'error' });
  }
  let lang: Lang | undefined;
  if (data.lang !== undefined) {
    if (LANGS.includes(data.lang as Lang)) lang = data.lang as Lang;
    else problems.push({ path: relativePath, line: 1, message: 'front matter "lang" must be zh or en', severity: 'error' });
  }
  return { title, tags, lang };
}

/** HTML (and DOCX via mammoth's HTML) → Markdown-like lines → sections, so headings mean the same everywhere. */
function htmlSections(html: string, fileTitle: string) {
  const root = parseHtml(html, { blockTextElements: { script: false, style: false, noscript: false } });
  const lines: string[] = [];
  const documentTitle = root.querySelector('title')?.text.trim();
  walkHtml(root.querySelector('body') ?? root, lines);
  const parsed = markdownSections(lines.join('\n'), documentTitle || fileTitle);
  return { ...parsed, title: parsed.title ?? documentTitle };
}

const BLOCK_TAGS = new Set(['p', 'div', 'section', 'article', 'blockquote', 'pre', 'ul', 'ol', 'table', 'header', 'footer', 'main', 'aside', 'figure', 'dl']);

function walkHtml(node: HtmlNode, lines: string[]): void {
  for (const child of node.childNodes) {
    if (child.nodeType === NodeType.TEXT_NODE) {
      const text = collapse(child.text);
      if (text) appendInline(lines, text);
      continue;
    }
    if (!(child instanceof HTMLElement)) continue;
    const tag = child.rawTagName?.toLowerCase() ?? '';
    if (['script', 'style', 'noscript', 'head', 'nav', 'svg'].includes(tag)) continue;
    const heading = /^h([1-6])$/.exec(tag);
    if (heading) {
      lines.push('', `${'#'.repeat(Number(heading[1]))} ${collapse(child.text)}`, '');
    } else if (tag === 'li') {
      lines.push(`- ${collapse(child.text)}`);
    } else if (tag === 'tr') {
      const cells = child.querySelectorAll('th,td').map((cell) => collapse(cell.text));
      lines.push(`| ${cells.join(' | ')} |`);
    } else if (tag === 'br') {
      lines.push('');
    } else if (tag === 'dt' || tag === 'dd') {
      lines.push(collapse(child.text), '');
    } else if (BLOCK_TAGS.has(tag) || tag === 'body' || tag === 'html') {
      lines.push('');
      walkHtml(child, lines);
      lines.push('');
    } else {
      walkHtml(child, lines);
    }
  }
}

function appendInline(lines: string[], text: string): void {
  const last = lines.length - 1;
  if (last >= 0 && lines[last] !== '' && !/^(#|-|\|)/.test(lines[last])) lines[last] = `${lines[last]}${/[\u3400-\u9fff]$/.test(lines[last]) ? '' : ' '}${text}`;
  else lines.push(text);
}

function collapse(text: string): string {
  return text.replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
}

/** PDF → paragraphs per page. PDFs carry no heading structure pdf.js can read reliably; the page number is kept. */
async function pdfSections(data: Buffer) {
  const { title, pages } = await readPdf(data);
  const sections: Section[] = pages.map((page) => ({ headingPath: [`p. ${page.num}`], paragraphs: joinPdfLines(page.text) }));
  return { title, sections };
}

/** pdf.js gives one line per text row; rows that do not end a sentence are joined back into paragraphs. */
function joinPdfLines(pageText: string): string[] {
  const paragraphs: string[] = [];
  let current = '';
  for (const raw of pageText.split('\n')) {
    const line = raw.trim();
    if (!line) {
      if (current) paragraphs.push(current);
      current = '';
      continue;
    }
    current = current ? `${current}${/[\u3400-\u9fff]$/.test(current) ? '' : ' '}${line}` : line;
    if (/[.!?。！？:：]$/.test(line) && current.length > 200) {
      paragraphs.push(current);
      current = '';
    }
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

function guessLang(text: string): Lang {
  const cjk = (text.match(/[\u3400-\u9fff]/g) ?? []).length;
  return cjk > text.length * 0.15 ? 'zh' : 'en';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] : String(error);
}
