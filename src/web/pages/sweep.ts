import { collate, type CollatedJob } from '../../sweep/collate.js';
import { listSweeps } from '../../store/sweeps.js';
import { formatDuration, html, query, raw, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';
import { sweepPlot } from './sweep-plot.js';
import { bar } from './sweeps.js';

// A sweep's page: its job table (one row per parameter set of its current space, as `simorg
// collate` gives it: parameters as columns, metrics, status, duration, run), filtered by status
// and text, sorted by any column, rows coloured by status; and a plot of a chosen metric against
// a chosen parameter (sweep-plot.ts). Both parts are live: a job ending updates them.

type Key = string; // 'index' | 'status' | 'duration' | 'param.<k>' | 'metric.<k>'

function valueOf(j: CollatedJob, key: Key): unknown {
  if (key.startsWith('param.')) return j.params[key.slice(6)];
  if (key.startsWith('metric.')) return j.metrics[key.slice(7)];
  if (key === 'status') return j.status;
  if (key === 'duration') return j.durationMs;
  return j.index;
}

// Numbers by value, then text; missing values last whichever the direction.
function compare(a: unknown, b: unknown): number {
  if (a === undefined || a === null) return b === undefined || b === null ? 0 : 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(typeof a === 'string' ? a : JSON.stringify(a)).localeCompare(
    String(typeof b === 'string' ? b : JSON.stringify(b)),
  );
}

const show = (v: unknown): string => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));

export function sweepPage(ctx: WebContext, params: Record<string, string>): string | null {
  const sweep = listSweeps(ctx.project.db).find((s) => String(s.id) === params.id);
  if (!sweep) return null;
  const c = collate(ctx.project, sweep);
  const u = ctx.url.searchParams;
  const state = Object.fromEntries(u) as Record<string, string>;
  const q = (u.get('q') ?? '').trim().toLowerCase();
  const status = u.get('status') ?? '';
  const columns: Key[] = [
    'index',
    ...c.paramNames.map((k) => `param.${k}`),
    ...c.metricNames.map((k) => `metric.${k}`),
    'status',
    'duration',
  ];
  const sort = columns.includes(u.get('sort') ?? '') ? u.get('sort')! : 'index';
  const desc = u.get('dir') === 'desc';
  const text = (j: CollatedJob) =>
    Object.entries(j.params)
      .map(([k, v]) => `${k}=${show(v)}`)
      .join(' ')
      .toLowerCase();
  const jobs = c.jobs
    .filter((j) => (!status || j.status === status) && (!q || text(j).includes(q)))
    .sort((a, b) => {
      const va = valueOf(a, sort);
      const vb = valueOf(b, sort);
      const missing = va === undefined || va === null || vb === undefined || vb === null;
      return (desc && !missing ? -1 : 1) * compare(va, vb) || a.index - b.index;
    });
  const counts = { total: c.jobs.length } as Record<string, number> & { total: number };
  for (const j of c.jobs) counts[j.status] = (counts[j.status] ?? 0) + 1;
  // The plot's axes: a numeric metric against a parameter (the first of each unless chosen).
  const numericMetrics = c.metricNames.filter((m) => c.jobs.some((j) => typeof j.metrics[m] === 'number'));
  const px = c.paramNames.includes(u.get('x') ?? '') ? u.get('x')! : c.paramNames[0];
  const py = numericMetrics.includes(u.get('y') ?? '') ? u.get('y')! : numericMetrics[0];
  const varying = c.paramNames.filter((k) => new Set(c.jobs.map((j) => show(j.params[k]))).size > 1);
  const head = (key: Key, label: string) => {
    const next = sort === key && !desc ? 'desc' : '';
    const arrow = sort === key ? (desc ? ' ▼' : ' ▲') : '';
    return html`<th>
      <a href="${raw(query({ ...state, sort: key, dir: next }))}" data-sort="${key}">${label}${arrow}</a>
    </th>`;
  };
  const hidden = (keep: string[]) =>
    Object.entries(state)
      .filter(([k]) => !keep.includes(k))
      .map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}" />`);
  const body = html`<h1>Sweep ${sweep.name}</h1>
    <p>
      <a href="/script${raw(query({ path: sweep.script }))}">${sweep.script}</a> · run config
      ${sweep.runConfig} · <code>${sweep.spaceText}</code> ·
      <span class="muted">updated ${time(sweep.updatedAt)}</span>
    </p>
    <div id="sweep-summary" data-live>
      ${bar(counts)}
      ${Object.entries(counts)
        .filter(([k]) => k !== 'total')
        .map(([k, n]) => html`${word(k)} ${n} `)}
      <span class="muted">of ${counts.total} jobs</span>
    </div>
    <h2>Plot</h2>
    ${
      px && py
        ? html`<form class="bar" method="get" id="plot-form">
              ${hidden(['x', 'y'])}
              <label
                >metric
                <select name="y" data-autosubmit>
                  ${numericMetrics.map((m) => html`<option ${m === py ? 'selected' : ''}>${m}</option>`)}
                </select></label
              >
              <label
                >against
                <select name="x" data-autosubmit>
                  ${c.paramNames.map((k) => html`<option ${k === px ? 'selected' : ''}>${k}</option>`)}
                </select></label
              >
              <noscript><button>Plot</button></noscript>
            </form>
            <div id="sweep-plot" class="graph" data-live>
              ${sweepPlot(
                c.jobs,
                px,
                py,
                varying.filter((k) => k !== px),
              )}
            </div>`
        : html`<p class="muted">A plot needs a parameter and a metric the jobs recorded as a number.</p>`
    }
    <h2>Jobs</h2>
    <form class="bar" method="get" id="job-filter">
      ${hidden(['q', 'status'])}
      <input name="q" placeholder="filter parameters (tau=0.02)" value="${u.get('q') ?? ''}" size="28" />
      <select name="status" data-autosubmit>
        <option value="">any status</option>
        ${Object.keys(counts)
          .filter((k) => k !== 'total')
          .map((k) => html`<option ${k === status ? 'selected' : ''}>${k}</option>`)}
      </select>
      <button>Filter</button>
    </form>
    <div id="sweep-jobs" data-live>
      <p class="muted small">${jobs.length} of ${c.jobs.length} jobs shown</p>
      <table>
        <thead>
          <tr>
            ${head('index', '#')} ${c.paramNames.map((k) => head(`param.${k}`, k))}
            ${c.metricNames.map((k) => head(`metric.${k}`, k))} ${head('status', 'Status')}
            ${head('duration', 'Took')}
            <th>Run</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          ${jobs.map(
            (j) =>
              html`<tr class="row-${j.status}" data-job="${j.index}">
                <td class="num">${j.index}</td>
                ${c.paramNames.map((k) => html`<td class="num">${show(j.params[k])}</td>`)}
                ${c.metricNames.map((k) => html`<td class="num">${show(j.metrics[k])}</td>`)}
                <td class="status">${word(j.status)}</td>
                <td class="num">${formatDuration(j.durationMs)}</td>
                <td>${j.runId ? html`<a href="/run/${j.runId}">${j.runId}</a>` : '-'}</td>
                <td class="why">${(j.error ?? '').split('\n')[0]}</td>
              </tr>`,
          )}
        </tbody>
      </table>
    </div>`;
  return page(ctx, `Sweep ${sweep.name}`, body);
}
