import { clear, h } from '../shared/dom';
import type { Api } from './api';
import type { Strings } from './i18n';
import { openTranscript } from './transcript';

export interface PageContext {
  api: Api;
  t: Strings;
  say(message: string, kind?: 'info' | 'error'): void;
}

interface GapGroup {
  id: string;
  question: string;
  count: number;
  conversations: number;
  lastAskedAt: string;
  signals: Record<string, number>;
  examples: Array<{ text: string; count: number }>;
  agentAnswer: string | null;
  draftYaml: string;
}
interface Suggestion {
  id: string;
  question: string;
  answer: string;
  conversationId: string | null;
  createdAt: string;
}
interface Burst {
  id: string;
  question: string;
  customers: number;
  questions: number;
  previous24h: number;
  firstAskedAt: string;
  examples: string[];
  announcement: { path: string; text: string };
}

/** A read-only text block with copy and download buttons: a draft to paste into the knowledge folder. */
function draftBox(ctx: PageContext, label: string, text: string, fileName: string): HTMLElement {
  const area = h('textarea', { rows: Math.min(16, text.split('\n').length + 1), 'aria-label': label, spellcheck: false, className: 'draft' });
  area.value = text;
  const download = () => {
    const url = URL.createObjectURL(new Blob([area.value], { type: 'text/plain;charset=utf-8' }));
    h('a', { href: url, download: fileName }).click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return h(
    'div',
    { className: 'draft-box' },
    area,
    h('button', { type: 'button', onclick: () => void navigator.clipboard?.writeText(area.value).then(() => ctx.say(ctx.t.copied)) }, ctx.t.copy),
    h('button', { type: 'button', className: 'secondary', onclick: download }, ctx.t.download),
  );
}

/** The gap loop: what the bot could not serve, grouped, with an FAQ draft each; agents' FAQ suggestions. */
export async function renderGaps(main: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, api } = ctx;
  clear(main);
  const section = h('section', { className: 'page', 'aria-labelledby': 'gaps-title' }, h('h2', { id: 'gaps-title' }, t.gaps));
  main.append(section);
  const bursts = h('section', { className: 'bursts', 'aria-labelledby': 'bursts-title' });
  section.append(bursts);
  void renderBursts(bursts, ctx);
  let data: { method: string; questions: number; groups: GapGroup[]; suggestions: Suggestion[] };
  try {
    data = await api.get('/api/v1/insights/gaps');
  } catch (error) {
    ctx.say((error as Error).message, 'error');
    return;
  }
  section.append(h('p', { className: 'hint' }, `${t.groupedBy}: ${data.method}`));
  if (data.groups.length === 0) section.append(h('p', { className: 'empty' }, t.noGaps));
  const list = h('ol', { className: 'gap-list', 'aria-label': t.gapGroups });
  for (const group of data.groups) {
    const draft = h('div', {});
    const item = h(
      'li',
      { className: 'gap', 'aria-label': group.question },
      h('h3', {}, group.question, ' ', h('span', { className: 'count', 'aria-label': t.askedTimes(group.count) }, `×${group.count}`)),
      h('p', { className: 'hint' }, `${t.lastAsked} ${new Date(group.lastAskedAt).toLocaleString()} · ${Object.entries(group.signals).map(([signal, count]) => `${t.signals[signal] ?? signal} ${count}`).join(' · ')}`),
      h('ul', { className: 'examples', 'aria-label': t.examples }, ...group.examples.map((example) => h('li', {}, example.text, example.count > 1 ? ` (×${example.count})` : ''))),
      group.agentAnswer ? h('p', { className: 'hint' }, `${t.agentAnswered}: `, group.agentAnswer) : null,
      h('button', { type: 'button', onclick: () => (clear(draft), draft.append(draftBox(ctx, `${t.faqDraft}: ${group.question}`, group.draftYaml, `${group.id}.faq.yaml`))) }, t.draftFaq),
      draft,
    );
    list.append(item);
  }
  section.append(list);

  const suggestions = h('section', { 'aria-labelledby': 'suggestions-list-title' }, h('h2', { id: 'suggestions-list-title' }, t.faqSuggestions));
  if (data.suggestions.length === 0) suggestions.append(h('p', { className: 'empty' }, t.noFaqSuggestions));
  for (const suggestion of data.suggestions) {
    const slot = h('div', {});
    const card: HTMLElement = h(
      'article',
      { className: 'suggestion', 'aria-label': suggestion.question },
      h('h3', {}, suggestion.question),
      h('p', {}, suggestion.answer),
      suggestion.conversationId ? h('button', { type: 'button', className: 'link', onclick: () => void openTranscript(api, t, suggestion.conversationId!) }, t.openConversation) : null,
      h(
        'button',
        {
          type: 'button',
          onclick: async () => {
            try {
              const accepted = await api.post<{ draftYaml: string }>(`/api/v1/insights/suggestions/${suggestion.id}/accept`);
              clear(slot);
              slot.append(draftBox(ctx, `${t.faqDraft}: ${suggestion.question}`, accepted.draftYaml, 'suggestion.faq.yaml'));
            } catch (error) {
              ctx.say((error as Error).message, 'error');
            }
          },
        },
        t.accept,
      ),
      h(
        'button',
        {
          type: 'button',
          className: 'secondary',
          onclick: async () => {
            try {
              await api.post(`/api/v1/insights/suggestions/${suggestion.id}/dismiss`);
              card.remove();
            } catch (error) {
              ctx.say((error as Error).message, 'error');
            }
          },
        },
        t.dismiss,
      ),
      slot,
    );
    suggestions.append(card);
  }
  section.append(suggestions);
}

/** Incident bursts (many customers, one new thing, minutes), each with an announcement draft. */
export async function renderBursts(section: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, api } = ctx;
  clear(section);
  section.append(h('h2', { id: 'bursts-title' }, t.bursts));
  let data: { burstMin: number; windowMinutes: number; bursts: Burst[] };
  try {
    data = await api.get('/api/v1/insights/bursts');
  } catch (error) {
    ctx.say((error as Error).message, 'error');
    return;
  }
  section.append(h('p', { className: 'hint' }, t.burstRule(data.burstMin, data.windowMinutes)));
  if (data.bursts.length === 0) section.append(h('p', { className: 'empty' }, t.noBursts));
  for (const burst of data.bursts) {
    const slot = h('div', {});
    section.append(
      h(
        'article',
        { className: 'burst', role: 'alert', 'aria-label': `${t.burst}: ${burst.question}` },
        h('h3', {}, `${t.burst}: ${burst.question}`),
        h('p', {}, t.burstFigures(burst.customers, burst.previous24h, new Date(burst.firstAskedAt).toLocaleTimeString())),
        h('ul', {}, ...burst.examples.map((example) => h('li', {}, example))),
        h('button', { type: 'button', onclick: () => (clear(slot), slot.append(h('p', { className: 'hint' }, burst.announcement.path), draftBox(ctx, `${t.announcementDraft}: ${burst.question}`, burst.announcement.text, burst.announcement.path.split('/').pop()!))) }, t.writeAnnouncement),
        slot,
      ),
    );
  }
}
