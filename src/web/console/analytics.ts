import { clear, h } from '../shared/dom';
import { PageContext, renderBursts } from './insights';

interface Overview {
  since: string;
  conversations: number;
  escalated: number;
  deflectionRate: number | null;
  escalationsByReason: Array<{ reason: string; count: number }>;
  csat: { responses: number; average: number | null; distribution: Record<string, number> };
  answerFeedback: { up: number; down: number };
}

const SVG = 'http://www.w3.org/2000/svg';

/**
 * A horizontal bar chart drawn as SVG by hand: a few labelled bars need no chart library, and text nodes keep
 * every label inert. The table behind it is exported as CSV.
 */
function barChart(ctx: PageContext, title: string, rows: Array<{ label: string; value: number }>, fileName: string): HTMLElement {
  const max = Math.max(1, ...rows.map((row) => row.value));
  const rowHeight = 26;
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', `0 0 520 ${Math.max(1, rows.length) * rowHeight + 8}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `${title}: ${rows.map((row) => `${row.label} ${row.value}`).join(', ')}`);
  svg.classList.add('chart');
  rows.forEach((row, index) => {
    const y = index * rowHeight + 4;
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('x', '0');
    label.setAttribute('y', String(y + 16));
    label.textContent = row.label;
    const bar = document.createElementNS(SVG, 'rect');
    bar.setAttribute('x', '180');
    bar.setAttribute('y', String(y));
    bar.setAttribute('height', '20');
    bar.setAttribute('width', String(Math.round((row.value / max) * 290)));
    bar.setAttribute('class', 'bar');
    const value = document.createElementNS(SVG, 'text');
    value.setAttribute('x', String(186 + Math.round((row.value / max) * 290)));
    value.setAttribute('y', String(y + 16));
    value.textContent = String(row.value);
    svg.append(label, bar, value);
  });
  const exportCsv = () => {
    const csv = [`label,value`, ...rows.map((row) => `${csvCell(row.label)},${row.value}`)].join('\n');
    const url = URL.createObjectURL(new Blob([`\uFEFF${csv}\n`], { type: 'text/csv;charset=utf-8' }));
    h('a', { href: url, download: fileName }).click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return h('figure', { className: 'chart-box' }, h('figcaption', {}, title), svg, h('button', { type: 'button', className: 'secondary', 'aria-label': `${ctx.t.exportCsv}: ${title}`, onclick: exportCsv }, ctx.t.exportCsv));
}

/** CSV per RFC 4180, with a leading quote for cells a spreadsheet would run as a formula. */
function csvCell(value: string): string {
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Supervisors' page: the headline rates, charts of the analytics overview, incident bursts. */
export async function renderAnalytics(main: HTMLElement, ctx: PageContext, days = 30): Promise<void> {
  const { t, api } = ctx;
  clear(main);
  const page = h('section', { className: 'page', 'aria-labelledby': 'analytics-title' }, h('h2', { id: 'analytics-title' }, t.analytics));
  main.append(page);
  const range = h('select', { id: 'analytics-days' }, ...[1, 7, 30, 90, 365].map((value) => h('option', { value }, t.lastDays(value))));
  range.value = String(days);
  range.addEventListener('change', () => void renderAnalytics(main, ctx, Number(range.value)));
  page.append(h('label', { for: 'analytics-days' }, t.dateRange), range);
  const bursts = h('section', { className: 'bursts', 'aria-labelledby': 'bursts-title' });
  page.append(bursts);
  void renderBursts(bursts, ctx);
  let data: Overview;
  try {
    data = await api.get<Overview>(`/api/v1/analytics?days=${days}`);
  } catch (error) {
    ctx.say((error as Error).message, 'error');
    return;
  }
  const percent = (value: number | null) => (value === null ? '—' : `${Math.round(value * 1000) / 10}%`);
  page.append(
    h(
      'dl',
      { className: 'facts' },
      h('dt', {}, t.conversationsCount),
      h('dd', {}, String(data.conversations)),
      h('dt', {}, t.notEscalatedRate),
      h('dd', {}, percent(data.deflectionRate)),
      h('dt', {}, t.csatAverage),
      h('dd', {}, data.csat.average === null ? '—' : `${data.csat.average} (${data.csat.responses})`),
    ),
    barChart(ctx, t.escalationsByReason, data.escalationsByReason.map((row) => ({ label: t.reasons[row.reason] ?? row.reason, value: row.count })), 'escalations-by-reason.csv'),
    barChart(ctx, t.csatDistribution, ['1', '2', '3', '4', '5'].map((score) => ({ label: `${score} ★`, value: data.csat.distribution[score] ?? 0 })), 'csat-distribution.csv'),
    barChart(ctx, t.answerFeedback, [{ label: '👍', value: data.answerFeedback.up }, { label: '👎', value: data.answerFeedback.down }], 'answer-feedback.csv'),
  );
}
