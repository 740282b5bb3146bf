import { esc, formatDuration, html, query, raw, time, word } from '../html.js';
import { page, tokenField } from '../layout.js';
import { wantedOf, type WebContext } from '../context.js';
import { verdicts } from '../verdicts.js';
import {
  sparkline,
  withDetails,
  withFigures,
  withGroups,
  type GroupedRow,
  type OverviewRow,
} from './overview-data.js';

// Overview: one row per tracked script with its status (the CLI's words and colours), why, its
// last run and a trend of its durations. Filter and sort are in the URL (bookmarkable, and they
// work without the script); selecting rows and queueing them posts to /action/queue. Rows come a
// page at a time (filter and sort apply to all): 10,000 rows would be 7 MB of page to send and lay out.

export const PAGE_ROWS = 250;

const STATUSES = ['never-run', 'fresh', 'unverified', 'stale', 'failed', 'queued', 'running'];

const SORTS: Record<string, (a: GroupedRow, b: GroupedRow) => number> = {
  script: (a, b) => cmp(a.script, b.script),
  status: (a, b) => cmp(a.status, b.status) || cmp(a.script, b.script),
  group: (a, b) => cmp(a.group ?? '', b.group ?? '') || cmp(a.script, b.script),
  last: (a, b) => (a.lastRun?.startedAt ?? 0) - (b.lastRun?.startedAt ?? 0),
  took: (a, b) => (a.lastRun?.durationMs ?? -1) - (b.lastRun?.durationMs ?? -1),
  config: (a, b) => cmp(a.lastRun?.runConfig ?? '', b.lastRun?.runConfig ?? ''),
  figures: (a, b) => (a.figures ?? 0) - (b.figures ?? 0),
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export interface ScriptFilter {
  q: string;
  status: string;
  group: string;
}

export function filterOf(url: URL): ScriptFilter {
  return {
    q: url.searchParams.get('q') ?? '',
    status: url.searchParams.get('status') ?? '',
    group: url.searchParams.get('group') ?? '',
  };
}

export function matches(
  f: ScriptFilter,
  row: { script: string; status?: string; group: string | null },
): boolean {
  if (f.q && !row.script.toLowerCase().includes(f.q.toLowerCase())) return false;
  if (f.status && row.status !== f.status) return false;
  if (f.group && (row.group ?? '') !== f.group) return false;
  return true;
}

export function overviewPage(ctx: WebContext): string {
  const wanted = wantedOf(ctx);
  const all = withGroups(ctx.project, verdicts(ctx.project, wanted));
  const f = filterOf(ctx.url);
  const sort = ctx.url.searchParams.get('sort') ?? 'script';
  const desc = ctx.url.searchParams.get('dir') === 'desc';
  const picked = all.filter((r) => matches(f, r));
  const rows = (sort === 'figures' ? withFigures(ctx.project, picked) : picked).sort(
    SORTS[sort] ?? SORTS.script!,
  );
  if (desc) rows.reverse();
  const pages = Math.max(1, Math.ceil(rows.length / PAGE_ROWS));
  const pageNo = Math.min(pages, Math.max(1, Number(ctx.url.searchParams.get('page')) || 1));
  const shown = withDetails(ctx.project, rows.slice((pageNo - 1) * PAGE_ROWS, pageNo * PAGE_ROWS));
  const params = Object.fromEntries(ctx.url.searchParams);
  const pageLink = (n: number, label: string) =>
    html`<a href="/${raw(query({ ...params, page: n === 1 ? undefined : n }))}">${label}</a>`;
  const pager =
    pages > 1
      ? html`<p class="small">
          rows ${(pageNo - 1) * PAGE_ROWS + 1}–${Math.min(rows.length, pageNo * PAGE_ROWS)} of ${rows.length}
          &nbsp; ${pageNo > 1 ? pageLink(pageNo - 1, '« previous') : ''}
          ${pageNo < pages ? pageLink(pageNo + 1, 'next »') : ''}
          <span class="muted">(page ${pageNo} of ${pages})</span>
        </p>`
      : '';
  const groups = [...new Set(all.map((r) => r.group).filter((g): g is string => g !== null))].sort();
  const configs = Object.keys(ctx.project.config.runConfigs);
  const counts = STATUSES.map((s) => [s, all.filter((r) => r.status === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const head = (key: string, label: string) => {
    const next = sort === key && !desc ? 'desc' : undefined;
    return html`<th>
      <a href="/${raw(query({ ...params, sort: key, dir: next, page: undefined }))}"
        >${label}${sort === key ? (desc ? ' ▾' : ' ▴') : ''}</a
      >
    </th>`;
  };
  const body = html`<h1>Overview</h1>
    <p class="small">
      ${counts.map(([s, n]) => html`${word(s)} ${n} &nbsp; `)}<span class="muted"
        >judged under run config <b>${wanted.runConfig}</b>${
          ctx.workers
            ? `; ${ctx.workers} worker${ctx.workers > 1 ? 's' : ''} in this server`
            : '; queued runs wait for a `simorg worker` (or serve --workers N)'
        }</span
      >
    </p>
    <form class="bar" method="get" action="/">
      <input name="q" placeholder="filter scripts" value="${f.q}" size="24" />
      <select name="status" data-autosubmit>
        <option value="">any status</option>
        ${STATUSES.map((s) => html`<option ${s === f.status ? 'selected' : ''}>${s}</option>`)}
      </select>
      <select name="group" data-autosubmit>
        <option value="">any group</option>
        ${groups.map((g) => html`<option ${g === f.group ? 'selected' : ''}>${g}</option>`)}
      </select>
      <label
        >judge under
        <select name="config" data-autosubmit>
          ${configs.map((c) => html`<option ${c === wanted.runConfig ? 'selected' : ''}>${c}</option>`)}
        </select></label
      >
      <input type="hidden" name="sort" value="${sort}" /><button>Filter</button>
      <span class="muted">${rows.length} of ${all.length}</span>
    </form>
    <form method="post" action="/action/queue" data-post id="queue-form">
      ${tokenField(ctx.token)}
      <div class="bar">
        <label
          >run config
          <select name="runConfig">
            ${configs.map((c) => html`<option ${c === wanted.runConfig ? 'selected' : ''}>${c}</option>`)}
          </select></label
        >
        <button class="primary" name="what" value="selected">Queue selected</button>
        <button name="what" value="stale">Run what is stale</button>
        <span class="muted small"
          >(stale, failed and never-run scripts among those the filter shows, on every page)</span
        >
      </div>
      ${pager}
      <table>
        <thead>
          <tr>
            <th><input type="checkbox" data-all="script" title="select all shown" /></th>
            ${head('script', 'Script')}${head('group', 'Group')}${head('status', 'Status')}
            <th>Why</th>
            ${head('last', 'Last run')}${head('took', 'Took')}${head('config', 'Config')}${head('figures', 'Figures')}
            <th>Trend</th>
          </tr>
        </thead>
        <tbody id="rows" data-live>
          ${raw(shown.map(rowHtml).join(''))}
        </tbody>
      </table>
      ${pager} <input type="hidden" name="q" value="${f.q}" /><input
        type="hidden"
        name="status"
        value="${f.status}"
      /><input type="hidden" name="group" value="${f.group}" />
    </form>`;
  return page(ctx, 'Overview', body);
}

// Built by hand, not through the html tag: 10,000 rows of it are the page's cost.
function rowHtml(r: OverviewRow): string {
  const s = esc(r.script);
  const href = `/script?path=${encodeURIComponent(r.script)}`;
  const l = r.lastRun;
  return (
    `<tr class="row-${r.status}" data-script="${s}"><td><input type="checkbox" name="script" value="${s}"></td><td><a href="${esc(href)}">${s}</a></td>` +
    `<td>${esc(r.group ?? '')}</td><td class="status">${word(r.status).html}</td><td class="why">${esc(r.reasons.join('; '))}</td>` +
    `<td>${l ? `<a href="/run/${l.id}">${time(l.startedAt).html}</a>` : '-'}</td><td class="num">${formatDuration(l?.durationMs)}</td>` +
    `<td>${esc(l?.runConfig ?? '-')}</td><td class="num">${r.figures || ''}</td><td>${sparkline(r.trend)}</td></tr>`
  );
}
