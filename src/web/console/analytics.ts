import { clear, h } from '../shared/dom';
import { PageContext, renderBursts } from './insights';
import { openTranscript } from './transcript';

type Row = Record<string, string | number | null>;

interface Report {
  from: string;
  to: string;
  conversations: number;
  escalated: number;
  botResolvedRate: number | null;
  notEscalatedRate: number | null;
  medianWaitSeconds: number | null;
  medianFirstResponseSeconds: number | null;
  perDay: Array<{ day: string; conversations: number; escalated: number; botResolved: number }>;
  escalationsByReason: Array<{ reason: string; count: number }>;
  agents: Array<{ agentId: string; name: string; chats: number; medianFirstResponseSeconds: number | null; csatAverage: number | null; csatResponses: number }>;
  csat: { responses: number; average: number | null; distribution: Record<string, number> };
  topFaqEntries: Array<{ id: string; title: string; count: number }>;
}
interface Hit {
  conversationId: string;
  createdAt: string;
  state: string;
  reason: string | null;
  agentName: string | null;
  rating: number | null;
  preview: string;
}

const SVG = 'http://www.w3.org/2000/svg';

function svgNode(name: string, attributes: Record<string, string | number>, text?: string): SVGElement {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * A horizontal bar chart drawn as SVG by hand: a few labelled bars need no chart library (and no extra bundle), and
 * text nodes keep every label inert. `rows` is the table behind it, exported whole as CSV.
 */
function barChart(ctx: PageContext, title: string, rows: Row[], label: string, value: string, fileName: string): HTMLElement {
  const values = rows.map((row) => Number(row[value] ?? 0));
  const max = Math.max(1, ...values);
  const rowHeight = 24;
  const svg = svgNode('svg', { viewBox: `0 0 560 ${Math.max(1, rows.length) * rowHeight + 6}`, role: 'img', 'aria-label': `${title}: ${rows.map((row, index) => `${row[label]} ${values[index]}`).join(', ') || '—'}`, class: 'chart' });
  rows.forEach((row, index) => {
    const y = index * rowHeight + 3;
    const width = Math.round((values[index] / max) * 300);
    svg.append(svgNode('text', { x: 0, y: y + 15 }, String(row[label] ?? '').slice(0, 28)), svgNode('rect', { x: 200, y, height: 18, width, class: 'bar' }), svgNode('text', { x: 206 + width, y: y + 15 }, String(values[index])));
  });
  return figure(ctx, title, svg, rows, fileName);
}

/** Columns for a series over days (conversations per day), with the other columns of the table as lighter marks. */
function dayChart(ctx: PageContext, title: string, rows: Report['perDay'], fileName: string): HTMLElement {
  const max = Math.max(1, ...rows.map((row) => row.conversations));
  const width = Math.max(1, rows.length) * 22;
  const svg = svgNode('svg', { viewBox: `0 0 ${width + 40} 180`, role: 'img', 'aria-label': `${title}: ${rows.map((row) => `${row.day} ${row.conversations}`).join(', ') || '—'}`, class: 'chart days' });
  svg.append(svgNode('text', { x: 0, y: 12 }, String(max)));
  rows.forEach((row, index) => {
    const x = 30 + index * 22;
    const height = Math.round((row.conversations / max) * 140);
    const resolved = Math.round((row.botResolved / max) * 140);
    svg.append(svgNode('rect', { x, y: 150 - height, width: 16, height, class: 'bar' }), svgNode('rect', { x, y: 150 - resolved, width: 16, height: resolved, class: 'bar resolved' }));
    if (rows.length <= 16 || index % Math.ceil(rows.length / 16) === 0) svg.append(svgNode('text', { x, y: 172, class: 'tick' }, row.day.slice(5)));
  });
  return figure(ctx, title, svg, rows, fileName);
}

function figure(ctx: PageContext, title: string, chart: SVGElement, rows: Row[], fileName: string): HTMLElement {
  return h('figure', { className: 'chart-box' }, h('figcaption', {}, title), chart as unknown as Node, h('button', { type: 'button', className: 'secondary', 'aria-label': `${ctx.t.exportCsv}: ${title}`, onclick: () => download(fileName, toCsv(rows)) }, ctx.t.exportCsv));
}

function download(fileName: string, text: string): void {
  const url = URL.createObjectURL(new Blob([`\uFEFF${text}`], { type: 'text/csv;charset=utf-8' }));
  h('a', { href: url, download: fileName }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** CSV per RFC 4180, with a leading quote for cells a spreadsheet would run as a formula. */
export function toCsv(rows: Row[]): string {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: string | number | null | undefined) => {
    const text = value === null || value === undefined ? '' : String(value);
    const safe = typeof value === 'string' && /^[=+\-@]/.test(text) ? `'${text}` : text;
    return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
  };
  return [columns.join(','), ...rows.map((row) => columns.map((column) => cell(row[column])).join(','))].join('\n') + '\n';
}

const isoDay = (date: Date) => date.toISOString().slice(0, 10);

/** Supervisors' page: a date range, the headline rates, a chart per table (each with CSV), search, bursts. */
export async function renderAnalytics(main: HTMLElement, ctx: PageContext, range?: { from: string; to: string }): Promise<void> {
  const { t, api } = ctx;
  const today = new Date();
  const chosen = range ?? { from: isoDay(new Date(today.getTime() - 29 * 86_400_000)), to: isoDay(today) };
  clear(main);
  const page = h('section', { className: 'page', 'aria-labelledby': 'analytics-title' }, h('h2', { id: 'analytics-title' }, t.analytics));
  main.append(page);
  const from = h('input', { id: 'range-from', type: 'date', value: chosen.from, required: true });
  const to = h('input', { id: 'range-to', type: 'date', value: chosen.to, required: true });
  page.append(
    h(
      'form',
      { className: 'range', 'aria-label': t.dateRange, onsubmit: (event: Event) => (event.preventDefault(), void renderAnalytics(main, ctx, { from: from.value, to: to.value })) },
      h('label', { for: 'range-from' }, t.rangeFrom),
      from,
      h('label', { for: 'range-to' }, t.rangeTo),
      to,
      h('button', { type: 'submit' }, t.show),
    ),
  );
  const bursts = h('section', { className: 'bursts', 'aria-labelledby': 'bursts-title' });
  page.append(bursts);
  void renderBursts(bursts, ctx);
  const query = `from=${chosen.from}&to=${chosen.to}`;
  let report: Report;
  let gaps: Array<{ question: string; count: number }> = [];
  try {
    [report, gaps] = await Promise.all([api.get<Report>(`/api/v1/analytics/report?${query}`), api.get<{ groups: Array<{ question: string; count: number }> }>(`/api/v1/insights/gaps?${query}&limit=10`).then((body) => body.groups)]);
  } catch (error) {
    ctx.say((error as Error).message, 'error');
    return;
  }
  const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
  const seconds = (value: number | null) => (value === null ? '—' : t.ago(Math.round(value)));
  page.append(
    h(
      'dl',
      { className: 'facts' },
      h('dt', {}, t.conversationsCount),
      h('dd', {}, String(report.conversations)),
      h('dt', {}, t.botResolvedRate),
      h('dd', {}, percent(report.botResolvedRate)),
      h('dt', {}, t.notEscalatedRate),
      h('dd', {}, percent(report.notEscalatedRate)),
      h('dt', {}, t.medianWait),
      h('dd', {}, seconds(report.medianWaitSeconds)),
      h('dt', {}, t.medianFirstResponse),
      h('dd', {}, seconds(report.medianFirstResponseSeconds)),
      h('dt', {}, t.csatAverage),
      h('dd', {}, report.csat.average === null ? '—' : `${report.csat.average} (${report.csat.responses})`),
    ),
    h(
      'div',
      { className: 'charts' },
      dayChart(ctx, t.conversationsPerDay, report.perDay, 'conversations-per-day.csv'),
      barChart(ctx, t.escalationsByReason, report.escalationsByReason.map((row) => ({ reason: t.reasons[row.reason] ?? row.reason, count: row.count })), 'reason', 'count', 'escalations-by-reason.csv'),
      barChart(ctx, t.csatDistribution, ['1', '2', '3', '4', '5'].map((score) => ({ score: `${score} ★`, count: report.csat.distribution[score] ?? 0 })), 'score', 'count', 'csat-distribution.csv'),
      barChart(ctx, t.agentChats, report.agents, 'name', 'chats', 'agents.csv'),
      barChart(ctx, t.topFaq, report.topFaqEntries.map((row) => ({ id: row.id, title: row.title, count: row.count })), 'title', 'count', 'top-faq-entries.csv'),
      barChart(ctx, t.topUnanswered, gaps.map((group) => ({ question: group.question, count: group.count })), 'question', 'count', 'top-unanswered.csv'),
    ),
    agentsTable(ctx, report.agents),
    searchForm(ctx, chosen),
  );
}

function agentsTable(ctx: PageContext, agents: Report['agents']): HTMLElement {
  const { t } = ctx;
  return h(
    'table',
    { className: 'files', 'aria-label': t.perAgent },
    h('thead', {}, h('tr', {}, ...[t.name, t.chats, t.medianFirstResponse, t.csatAverage].map((title) => h('th', { scope: 'col' }, title)))),
    h('tbody', {}, ...agents.map((agent) => h('tr', {}, h('th', { scope: 'row' }, agent.name), h('td', {}, String(agent.chats)), h('td', {}, agent.medianFirstResponseSeconds === null ? '—' : t.ago(Math.round(agent.medianFirstResponseSeconds))), h('td', {}, agent.csatAverage === null ? '—' : `${agent.csatAverage} (${agent.csatResponses})`)))),
  );
}

function searchForm(ctx: PageContext, range: { from: string; to: string }): HTMLElement {
  const { t, api } = ctx;
  const text = h('input', { id: 'conv-q', type: 'search', maxlength: 200 });
  const reason = h('select', { id: 'conv-reason' }, h('option', { value: '' }, '—'), ...['complaint', 'human_requested', 'low_confidence', 'handoff_entry', 'negative_feedback', 'repeated_question'].map((value) => h('option', { value }, t.reasons[value] ?? value)));
  const rating = h('select', { id: 'conv-rating' }, h('option', { value: '' }, '—'), ...[1, 2, 3, 4, 5].map((value) => h('option', { value }, `${value} ★`)));
  const results = h('ul', { className: 'hits', 'aria-label': t.conversationResults });
  const form = h(
    'form',
    {
      role: 'search',
      'aria-label': t.searchConversations,
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const params = new URLSearchParams({ from: range.from, to: range.to });
        if (text.value.trim()) params.set('q', text.value.trim());
        if (reason.value) params.set('reason', reason.value);
        if (rating.value) params.set('rating', rating.value);
        clear(results);
        try {
          const { items } = await api.get<{ items: Hit[] }>(`/api/v1/analytics/conversations?${params}`);
          if (items.length === 0) results.append(h('li', { className: 'empty' }, t.noHits));
          for (const hit of items) {
            results.append(
              h(
                'li',
                {},
                h('button', { type: 'button', className: 'link', onclick: () => void openTranscript(api, t, hit.conversationId) }, hit.preview || hit.conversationId),
                ` · ${new Date(hit.createdAt).toLocaleString()} · ${hit.state}`,
                hit.reason ? ` · ${t.reasons[hit.reason] ?? hit.reason}` : '',
                hit.agentName ? ` · ${hit.agentName}` : '',
                hit.rating ? ` · ${hit.rating} ★` : '',
              ),
            );
          }
        } catch (error) {
          results.append(h('li', { className: 'form-error' }, (error as Error).message));
        }
      },
    },
    h('h3', {}, t.searchConversations),
    h('label', { for: 'conv-q' }, t.words),
    text,
    h('label', { for: 'conv-reason' }, t.reason),
    reason,
    h('label', { for: 'conv-rating' }, t.rating),
    rating,
    h('button', { type: 'submit' }, t.search),
  );
  return h('section', { className: 'conversation-search' }, form, results);
}
