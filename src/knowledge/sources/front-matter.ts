import { parse as parseYaml } from 'yaml';

export interface FrontMatter {
  data: Record<string, unknown>;
  body: string;
  /** lines taken by the front matter block, so body line numbers can be reported in file terms */
  bodyLineOffset: number;
  error?: string;
}

export function splitFrontMatter(text: string): FrontMatter {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return { data: {}, body: text, bodyLineOffset: 0 };
  const bodyLineOffset = match[0].split('\n').length - 1;
  try {
    const data = parseYaml(match[1]) ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) return { data: {}, body: text.slice(match[0].length), bodyLineOffset, error: 'front matter must be a YAML mapping' };
    return { data: data as Record<string, unknown>, body: text.slice(match[0].length), bodyLineOffset };
  } catch (error) {
    return { data: {}, body: text.slice(match[0].length), bodyLineOffset, error: `front matter is not valid YAML: ${(error as Error).message.split('\n')[0]}` };
  }
}
