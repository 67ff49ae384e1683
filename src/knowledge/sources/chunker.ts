import { RecursiveCharacterTextSplitter } from '@langchain/textsplitters';

/** A document as headed sections: what every document format is turned into before chunking. */
export interface Section {
  headingPath: string[];
  paragraphs: string[];
}

export interface Chunk {
  headingPath: string[];
  text: string;
  position: number;
}

/** Sized for retrieval: a chunk answers one question, and a customer can read it in the chat window. */
export const CHUNK_TARGET_CHARS = 600;
const CHUNK_OVERLAP_CHARS = 80;

const splitter = new RecursiveCharacterTextSplitter({
  chunkSize: CHUNK_TARGET_CHARS,
  chunkOverlap: CHUNK_OVERLAP_CHARS,
  // Chinese sentences end in full-width punctuation, with no space after them.
  separators: ['\n\n', '\n', '。', '！', '？', '；', '. ', '! ', '? ', '; ', '，', ', ', ' ', ''],
  keepSeparator: true,
});

/**
 * Splits sections along headings, then paragraphs: paragraphs of one section are packed together up to the
 * target size, and only a paragraph longer than that is cut (by LangChain's recursive splitter, at sentence ends).
 */
export async function chunkSections(sections: Section[]): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const section of sections) {
    let buffer = '';
    const flush = () => {
      if (buffer.trim()) chunks.push({ headingPath: section.headingPath, text: buffer.trim(), position: chunks.length });
      buffer = '';
    };
    for (const paragraph of section.paragraphs.map((text) => text.trim()).filter(Boolean)) {
      if (paragraph.length > CHUNK_TARGET_CHARS) {
        flush();
        for (const piece of reattachSentenceEnds(await splitter.splitText(paragraph))) {
          chunks.push({ headingPath: section.headingPath, text: piece, position: chunks.length });
        }
      } else if (buffer.length + paragraph.length + 1 > CHUNK_TARGET_CHARS) {
        flush();
        buffer = paragraph;
      } else {
        buffer = buffer ? `${buffer}\n${paragraph}` : paragraph;
      }
    }
    flush();
  }
  return chunks;
}

/** The splitter keeps a separator at the start of the next piece ("。商品…"); move it back to where it ends a sentence. */
function reattachSentenceEnds(pieces: string[]): string[] {
  const result = pieces.map((piece) => piece.trim());
  for (let i = 1; i < result.length; i++) {
    const lead = /^[。！？；，.!?;,]+/.exec(result[i]);
    if (!lead) continue;
    result[i - 1] += lead[0];
    result[i] = result[i].slice(lead[0].length).trim();
  }
  return result.filter(Boolean);
}

/** Markdown (and anything converted to it) → sections along `#` headings; list items and table rows stay paragraphs. */
export function markdownSections(markdown: string, titleFallback?: string): { title?: string; sections: Section[] } {
  const sections: Section[] = [];
  const headings: string[] = [];
  let title: string | undefined;
  let current: Section = { headingPath: [], paragraphs: [] };
  let paragraph: string[] = [];
  let inCodeBlock = false;

  const endParagraph = () => {
    if (paragraph.length > 0) current.paragraphs.push(paragraph.join('\n'));
    paragraph = [];
  };
  const startSection = (level: number, heading: string) => {
    endParagraph();
    if (current.paragraphs.length > 0) sections.push(current);
    headings.length = Math.max(0, level - 1);
    headings[level - 1] = heading;
    current = { headingPath: headings.filter(Boolean), paragraphs: [] };
  };

  for (const rawLine of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trimEnd();
    if (/^\s*(```|~~~)/.test(line)) {
      inCodeBlock = !inCodeBlock;
      paragraph.push(line);
      continue;
    }
    const heading = inCodeBlock ? null : /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(line);
    if (heading) {
      const text = stripInlineMarkdown(heading[2]);
      if (heading[1].length === 1 && title === undefined) title = text;
      startSection(heading[1].length, text);
    } else if (line.trim() === '' && !inCodeBlock) {
      endParagraph();
    } else if (/^\s*([-*+]|\d+[.)])\s+/.test(line) || /^\s*\|/.test(line)) {
      // list items and table rows: each its own line in the paragraph, so the splitter can cut between them
      if (/^\s*\|?\s*:?-{3,}/.test(line)) continue;
      paragraph.push(stripInlineMarkdown(line.replace(/^\s*\|\s*|\s*\|\s*$/g, '').replace(/\s*\|\s*/g, ' | ')));
    } else {
      paragraph.push(stripInlineMarkdown(line));
    }
  }
  endParagraph();
  if (current.paragraphs.length > 0) sections.push(current);
  return { title: title ?? titleFallback, sections };
}

/** Plain text → paragraphs separated by blank lines; one section. */
export function plainTextSections(text: string): Section[] {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.replace(/[ \t]+\n/g, '\n').trim())
    .filter(Boolean);
  return [{ headingPath: [], paragraphs }];
}

function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]+)\]\([^)]*\)/g, '$1')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/`([^`]+)`/g, '$1');
}
