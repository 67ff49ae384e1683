import type { StoredEntry } from '../knowledge/knowledge.repository';
import type { Lang, Localized } from '../knowledge/knowledge.types';
import { detectLanguage } from '../retrieval/text/normalize';

/** An announcement is shown while active and when the question mentions one of its keywords. */
export function matchingAnnouncements(announcements: StoredEntry[], question: string, now: Date): StoredEntry[] {
  const text = question.normalize('NFKC').toLowerCase();
  return announcements.filter((entry) => {
    const { activeFrom, activeUntil, keywords } = entry.meta as { activeFrom?: string | null; activeUntil?: string | null; keywords?: string[] };
    if (activeFrom && new Date(activeFrom) > now) return false;
    if (activeUntil && new Date(activeUntil) < now) return false;
    return (keywords ?? []).some((keyword) => keyword.trim() && text.includes(keyword.normalize('NFKC').toLowerCase()));
  });
}

/**
 * How a notice opens a reply: its title, then its `summary` or else its first whole sentences, in the customer's
 * language where the notice has that language (a "中文 / English" title, a body with a section per language).
 * A notice read from its middle ("此后的订单将于…") does not say what it is about.
 */
export function announcementLead(entry: StoredEntry, lang: Lang, maxChars: number): string {
  const summary = (entry.meta as { summary?: Localized }).summary;
  const lead = summary?.[lang] ?? firstSentences(inLanguage((entry.content as { text?: string }).text ?? '', lang), maxChars) ?? summary?.[lang === 'zh' ? 'en' : 'zh'] ?? '';
  return `📢 ${titleIn(entry.title, lang)}\n${lead}`.trim();
}

function titleIn(title: string, lang: Lang): string {
  const halves = title.split(/\s+\/\s+/);
  return halves.length > 1 ? (halves.find((half) => detectLanguage(half) === lang) ?? title) : title;
}

/** The paragraphs in `lang`, or every paragraph when none is. */
function inLanguage(text: string, lang: Lang): string {
  const paragraphs = text.split(/\n+/).map((paragraph) => paragraph.trim()).filter(Boolean);
  const matching = paragraphs.filter((paragraph) => detectLanguage(paragraph) === lang);
  return (matching.length ? matching : paragraphs).join('\n');
}

const SENTENCE = /[^。！？!?]+?(?:[。！？!?]+|\.(?=\s)|$)/g;
const ENDS_CJK = /[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$/;

/** Whole sentences from the start up to `maxChars`, line breaks kept (at least the first, cut with "…" if it alone is longer). */
function firstSentences(text: string, maxChars: number): string | undefined {
  const lines = text.split('\n').map((line) => line.trim()).filter(Boolean);
  if (lines.length === 0) return undefined;
  let lead = '';
  for (const line of lines) {
    let taken = '';
    for (const sentence of (line.match(SENTENCE) ?? [line]).map((part) => part.trim()).filter(Boolean)) {
      const joined = taken ? `${taken}${ENDS_CJK.test(taken) ? '' : ' '}${sentence}` : sentence;
      if ((lead ? lead.length + 1 : 0) + joined.length > maxChars) return (lead ? `${lead}\n${taken}` : taken).trim() || `${sentence.slice(0, maxChars - 1)}…`;
      taken = joined;
    }
    lead = lead ? `${lead}\n${taken}` : taken;
  }
  return lead;
}
