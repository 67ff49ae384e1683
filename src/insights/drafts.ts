import { createHash } from 'node:crypto';
import { stringify } from 'yaml';

/** What content staff replace before publishing a draft whose answer nobody has written yet. */
export const ANSWER_PLACEHOLDER = 'TODO: write the answer before publishing this entry.';
export const NOTICE_PLACEHOLDER = 'TODO: say what happened, who is affected and when it will be fixed.';

export interface FaqDraftInput {
  question: string;
  similar: string[];
  answer?: string | null;
  tags?: string[];
}

/**
 * One FAQ entry as a `*.faq.yaml` file holds it (a one-item list, ready to paste or save as its own file). The id
 * is made from the question's Latin words, or from a hash of it for Chinese, so that two drafts of the same
 * question get the same id and a duplicate is caught by `kb check`.
 */
export function faqDraftYaml(input: FaqDraftInput): string {
  const similar = [...new Set(input.similar.map((text) => text.trim()).filter((text) => text && text !== input.question.trim()))];
  const entry: Record<string, unknown> = { id: draftId(input.question), question: input.question.trim() };
  if (similar.length) entry.similar = similar;
  entry.answer = input.answer?.trim() || ANSWER_PLACEHOLDER;
  if (input.tags?.length) entry.tags = input.tags;
  return stringify([entry], { lineWidth: 0 });
}

/**
 * A notice for `announcements/`, active from today for three days, with the group's words as keywords and the
 * customers' questions as a YAML comment for whoever writes it.
 */
export function announcementDraft(input: { questions: string[]; keywords: string[]; now: Date }): { path: string; text: string } {
  const from = input.now.toISOString().slice(0, 10);
  const until = new Date(input.now.getTime() + 3 * 24 * 3600 * 1000).toISOString().slice(0, 10);
  const frontMatter = stringify({ title: input.questions[0]?.trim().slice(0, 80) || 'Notice', active_from: from, active_until: until, keywords: input.keywords }, { lineWidth: 0 });
  const asked = input.questions.slice(0, 10).map((question) => `# - ${question.replace(/\s+/g, ' ').trim()}`);
  return { path: `announcements/${from}-${draftId(input.questions[0] ?? from)}.md`, text: `---\n# customers asked:\n${asked.join('\n')}\n${frontMatter}---\n${NOTICE_PLACEHOLDER}\n` };
}

function draftId(question: string): string {
  const words = question.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const slug = words.slice(0, 6).join('-').slice(0, 60);
  const hash = createHash('sha1').update(question.trim()).digest('hex').slice(0, 8);
  return words.length >= 2 ? `${slug}-${hash.slice(0, 4)}` : `gap-${hash}`;
}
