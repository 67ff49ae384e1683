import { clear, h } from '../shared/dom';
import type { PageContext } from './insights';

interface Problem {
  path: string;
  line?: number;
  message: string;
  severity: 'error' | 'warning';
}
interface FileStatus {
  path: string;
  kind: string;
  status: 'ok' | 'failed' | 'failed-serving-last-good';
  entries: number;
  indexedAt: string | null;
  problemsSince: string | null;
  problems: Problem[];
}
interface Progress {
  phase: string;
  done: number;
  total: number;
  path?: string;
}
interface Status {
  ready: boolean;
  indexing: Progress | null;
  version: number;
  lastError: string | null;
  lastRun: { finishedAt?: string; durationMs?: number; [key: string]: unknown } | null;
  counts: Record<string, number>;
  files: FileStatus[];
}
interface Hit {
  id: string;
  kind: string;
  title: string;
  path: string;
  scores: { fused: number; lexical: number; dense: number; classifier: number };
  matched: string;
  preview: string;
}
interface EvalOutcome {
  question: string;
  expect: string;
  passed: boolean;
  got: string;
}
interface EvalRun {
  passed: number;
  failed: number;
  outcomes: EvalOutcome[];
  createdAt?: string;
  changes?: { broken: EvalOutcome[]; fixed: EvalOutcome[]; added: number };
}

/** Knowledge health: the index, every file with its problems, re-index, a search that shows its scores, eval.yaml. */
export async function renderKnowledge(main: HTMLElement, ctx: PageContext): Promise<void> {
  clear(main);
  const page = h('section', { className: 'page', 'aria-labelledby': 'knowledge-title' }, h('h2', { id: 'knowledge-title' }, ctx.t.knowledgeHealth));
  const status = h('div', {});
  const search = searchBox(ctx);
  const evaluation = h('section', { 'aria-labelledby': 'eval-title' });
  page.append(status, search, evaluation);
  main.append(page);
  await Promise.all([renderStatus(status, ctx), renderEvaluation(evaluation, ctx)]);
}

async function renderStatus(container: HTMLElement, ctx: PageContext): Promise<void> {
  const { t, api } = ctx;
  let status: Status;
  try {
    status = await api.get<Status>('/api/v1/knowledge/status');
  } catch (error) {
    ctx.say((error as Error).message, 'error');
    return;
  }
  clear(container);
  const progress = h('p', { role: 'status', className: 'hint' });
  const bar = h('progress', { 'aria-label': t.reindexing, hidden: true });
  const reindex = h('button', { type: 'button' }, t.reindex);
  const showProgress = (step: Progress | null) => {
    if (!step) return;
    bar.hidden = false;
    if (step.total > 0) {
      bar.max = step.total;
      bar.value = step.done;
    } else bar.removeAttribute('value');
    progress.textContent = `${t.reindexing} ${t.phases[step.phase] ?? step.phase}${step.total ? ` ${step.done}/${step.total}` : ''}${step.path ? ` · ${step.path}` : ''}`;
  };
  reindex.addEventListener('click', async () => {
    reindex.disabled = true;
    progress.textContent = t.reindexing;
    // the re-index answers when the pass is over; meanwhile the status says how far it got
    const poll = setInterval(() => void api.get<Status>('/api/v1/knowledge/status').then((next) => showProgress(next.indexing), () => undefined), 400);
    try {
      await api.post('/api/v1/knowledge/reindex');
      clearInterval(poll);
      await renderStatus(container, ctx);
      container.querySelector('[role=status]')!.textContent = t.reindexed;
    } catch (error) {
      progress.textContent = (error as Error).message;
    } finally {
      clearInterval(poll);
      reindex.disabled = false;
    }
  });
  showProgress(status.indexing);
  const run = status.lastRun;
  const counts = Object.entries(status.counts).map(([kind, count]) => `${kind} ${count}`).join(' · ');
  container.append(
    h(
      'dl',
      { className: 'facts' },
      h('dt', {}, t.indexVersion),
      h('dd', {}, String(status.version), status.ready ? '' : ` (${t.notReady})`),
      h('dt', {}, t.lastIndexed),
      h('dd', {}, run?.finishedAt ? new Date(String(run.finishedAt)).toLocaleString() : '—', run?.durationMs !== undefined ? ` · ${Math.round(Number(run.durationMs))} ms` : ''),
      h('dt', {}, t.counts),
      h('dd', {}, counts),
    ),
    reindex,
    bar,
    progress,
  );
  if (status.lastError) container.append(h('p', { className: 'form-error', role: 'alert' }, status.lastError));
  const table = h('table', { className: 'files', 'aria-label': t.files }, h('thead', {}, h('tr', {}, ...[t.file, t.kind, t.state, t.entries, t.problems].map((title) => h('th', { scope: 'col' }, title)))));
  const body = h('tbody', {});
  const files = [...status.files].sort((a, b) => b.problems.length - a.problems.length || a.path.localeCompare(b.path));
  for (const file of files) {
    body.append(
      h(
        'tr',
        { className: file.status === 'ok' ? '' : 'failed' },
        h('th', { scope: 'row' }, file.path),
        h('td', {}, file.kind),
        h('td', {}, t.fileStates[file.status] ?? file.status, file.indexedAt ? ` · ${new Date(file.indexedAt).toLocaleString()}` : ''),
        h('td', {}, String(file.entries)),
        h(
          'td',
          {},
          ...file.problems.map((problem) => h('p', { className: problem.severity }, `${problem.severity === 'error' ? t.error : t.warning}${problem.line ? ` ${t.line} ${problem.line}` : ''}: ${problem.message}`)),
          file.problemsSince ? h('p', { className: 'hint' }, `${t.since} ${new Date(file.problemsSince).toLocaleString()}`) : null,
        ),
      ),
    );
  }
  table.append(body);
  container.append(table);
}

function searchBox(ctx: PageContext): HTMLElement {
  const { t, api } = ctx;
  const input = h('input', { id: 'kb-search', type: 'search', maxlength: 500 });
  const results = h('div', {});
  const form = h(
    'form',
    {
      className: 'kb-search',
      role: 'search',
      onsubmit: async (event: Event) => {
        event.preventDefault();
        const q = input.value.trim();
        if (!q) return;
        clear(results);
        try {
          const { hits } = await api.get<{ hits: Hit[] }>(`/api/v1/knowledge/search?q=${encodeURIComponent(q)}&limit=10`);
          const table = h('table', { 'aria-label': t.searchResults }, h('thead', {}, h('tr', {}, ...[t.entry, t.fused, t.lexical, t.dense, t.classifier].map((title) => h('th', { scope: 'col' }, title)))));
          const body = h('tbody', {});
          for (const hit of hits) {
            body.append(h('tr', {}, h('th', { scope: 'row' }, `${hit.title} `, h('span', { className: 'hint' }, `${hit.kind} · ${hit.id} · ${hit.matched}`)), ...[hit.scores.fused, hit.scores.lexical, hit.scores.dense, hit.scores.classifier].map((score) => h('td', {}, score.toFixed(3)))));
          }
          table.append(body);
          results.append(hits.length ? table : h('p', { className: 'empty' }, t.noHits));
        } catch (error) {
          results.append(h('p', { className: 'form-error', role: 'alert' }, (error as Error).message));
        }
      },
    },
    h('label', { for: 'kb-search' }, t.searchKnowledge),
    input,
    h('button', { type: 'submit' }, t.search),
  );
  return h('section', {}, form, results);
}

async function renderEvaluation(section: HTMLElement, ctx: PageContext, run?: EvalRun): Promise<void> {
  const { t, api } = ctx;
  clear(section);
  section.append(h('h3', { id: 'eval-title' }, t.evaluation));
  const runButton = h('button', { type: 'button' }, t.runEvaluation);
  runButton.addEventListener('click', async () => {
    runButton.disabled = true;
    try {
      await renderEvaluation(section, ctx, await api.post<EvalRun>('/api/v1/knowledge/evaluation'));
    } catch (error) {
      ctx.say((error as Error).message, 'error');
      runButton.disabled = false;
    }
  });
  section.append(runButton);
  if (!run) {
    try {
      run = await api.get<EvalRun>('/api/v1/knowledge/evaluation');
    } catch {
      section.append(h('p', { className: 'empty' }, t.noEvaluation));
      return;
    }
  }
  section.append(h('p', { role: 'status' }, t.evalSummary(run.passed, run.failed), run.createdAt ? ` · ${new Date(run.createdAt).toLocaleString()}` : ''));
  const list = (title: string, outcomes: EvalOutcome[]) =>
    h('section', { 'aria-label': title }, h('h4', {}, `${title} (${outcomes.length})`), h('ul', {}, ...outcomes.map((outcome) => h('li', {}, `${outcome.question} — ${t.expected} ${outcome.expect}, ${outcome.got}`))));
  if (run.changes) section.append(list(t.broken, run.changes.broken), list(t.fixed, run.changes.fixed));
  section.append(list(t.failing, run.outcomes.filter((outcome) => !outcome.passed)));
}
