/**
 * The Markdown kefu shows: plain text with links — `[label](https://…)` and bare http(s) URLs. Everything else,
 * HTML included, stays literal text. Returned as tokens so the caller builds DOM nodes from them, never HTML.
 */
export type TextToken = { kind: 'text'; text: string } | { kind: 'link'; text: string; href: string };

const LINK = /\[([^\]\n]{1,200})\]\((https?:\/\/[^\s()<>]{1,2000})\)|(https?:\/\/[^\s<>"'）)\]]{1,2000})/g;

export function tokenize(input: string): TextToken[] {
  const tokens: TextToken[] = [];
  let last = 0;
  for (const match of input.matchAll(LINK)) {
    const index = match.index ?? 0;
    if (index > last) tokens.push({ kind: 'text', text: input.slice(last, index) });
    const href = match[2] ?? trimPunctuation(match[3]);
    const label = match[1] ?? href;
    const consumed = match[2] ? match[0].length : href.length;
    if (safeHref(href)) tokens.push({ kind: 'link', text: label, href });
    else tokens.push({ kind: 'text', text: input.slice(index, index + consumed) });
    last = index + consumed;
  }
  if (last < input.length) tokens.push({ kind: 'text', text: input.slice(last) });
  return mergeText(tokens);
}

/** Only absolute http(s) URLs become links (no javascript:, data:, or relative paths). */
export function safeHref(href: string): boolean {
  try {
    const url = new URL(href);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

function trimPunctuation(url: string): string {
  return url.replace(/[.,;:!?。，；：！？]+$/, '');
}

function mergeText(tokens: TextToken[]): TextToken[] {
  const merged: TextToken[] = [];
  for (const token of tokens) {
    const previous = merged[merged.length - 1];
    if (token.kind === 'text' && previous?.kind === 'text') previous.text += token.text;
    else merged.push(token);
  }
  return merged;
}

/** The tokens as DOM nodes: text nodes and `<a>` opening in a new tab without access to this page. */
export function renderText(input: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  for (const token of tokenize(input)) {
    if (token.kind === 'text') fragment.appendChild(document.createTextNode(token.text));
    else {
      const link = document.createElement('a');
      link.href = token.href;
      link.target = '_blank';
      link.rel = 'noopener noreferrer nofollow';
      link.textContent = token.text;
      fragment.appendChild(link);
    }
  }
  return fragment;
}
