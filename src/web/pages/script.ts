import { why } from '../../index.js';
import { listRuns } from '../../store/runs.js';
import { formatDuration, html, query, raw, time, word } from '../html.js';
import { page, tokenField } from '../layout.js';
import { wantedOf, type WebContext } from '../context.js';
import { scriptIdOf } from '../../store/scripts.js';

// A script's page: its run history (table and durations chart), `status --why` (every dependency
// with its state), upstream and downstream scripts, and "open in editor".

const short = (h: string | null): string =>
  h === null ? '-' : /^[0-9a-f]{32}$/.test(h) ? h.slice(0, 10) : h;

export async function scriptPage(ctx: WebContext): Promise<string | null> {
  const path = ctx.url.searchParams.get('path') ?? '';
  const id = scriptIdOf(ctx.project.db, path);
  if (id === undefined) return null;
  const wanted = wantedOf(ctx);
  const report = await why(ctx.project, path.replace(/[*?[\]{}()!+@\\]/g, '\\$&'), wanted);
  const runs = listRuns(ctx.project.db, { limit: 200, scriptIds: [id] });
  const link = (s: { script: string; status: string }) =>
    html`<a href="/script${raw(query({ path: s.script }))}">${s.script}</a> ${word(s.status)}`;
  const body = html`<h1>${path} <span class="small">${word(report.status)}</span></h1>
    <form class="bar" method="post" action="/action/queue" data-post>
      ${tokenField(ctx.token)}<input type="hidden" name="script" value="${path}" />
      <label
        >run config
        <select name="runConfig">
          ${Object.keys(ctx.project.config.runConfigs).map((c) => html`<option ${c === wanted.runConfig ? 'selected' : ''}>${c}</option>`)}
        </select></label
      >
      <button class="primary" name="what" value="selected">Queue a run</button>
    </form>
    <form class="bar" method="post" action="/action/editor" data-post>
      ${tokenField(ctx.token)}<input type="hidden" name="path" value="${path}" />
      <button ${ctx.project.config.editor ? '' : 'disabled'}>Open in editor</button>
      <span class="muted small"
        >${ctx.project.config.editor ? `runs: ${ctx.project.config.editor} <file>` : 'set "editor" in the config to use this'}</span
      >
    </form>
    <div id="why" data-live>
      <p>
        ${report.reasons.length ? html`because: ${report.reasons.join('; ')}` : ''}
        <span class="muted small"
          >judged under run config
          ${report.judgedUnder.runConfig}${report.group ? `; group ${report.group}` : ''}</span
        >
      </p>
      <p>
        upstream:
        ${report.upstream.length ? report.upstream.map((u) => html`${link(u)} &nbsp;`) : html`<span class="muted">none</span>`}<br />
        downstream:
        ${report.downstream.length ? report.downstream.map((u) => html`${link(u)} &nbsp;`) : html`<span class="muted">none</span>`}
      </p>
      <h2>Runs (${runs.length})</h2>
      ${durationChart(
        runs
          .filter((r) => r.durationMs !== null)
          .map((r) => r.durationMs!)
          .reverse(),
      )}
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Status</th>
            <th>Started</th>
            <th>Took</th>
            <th>Config</th>
            <th>Figures</th>
            <th>Error</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${runs.map(
            (r, i) =>
              html`<tr class="row-${r.status === 'succeeded' ? 'fresh' : r.status}">
                <td><a href="/run/${r.runId}">${r.runId}</a></td>
                <td>${word(r.status)}</td>
                <td>${time(r.startedAt)}</td>
                <td class="num">${formatDuration(r.durationMs)}</td>
                <td>${r.runConfig}</td>
                <td class="num">${r.figures || ''}</td>
                <td class="why">${r.errorMessage ?? ''}</td>
                <td>
                  ${runs[i + 1] ? html`<a href="/compare${raw(query({ a: runs[i + 1]!.runId, b: r.runId }))}">compare with previous</a>` : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <h2>Dependencies${report.scanned ? ' (from a scan of its imports: never run)' : ''}</h2>
      <table>
        <thead>
          <tr>
            <th>Kind</th>
            <th>Dependency</th>
            <th>State</th>
            <th>Then → now</th>
          </tr>
        </thead>
        <tbody>
          ${report.dependencies.map(
            (d) =>
              html`<tr>
                <td>${d.kind}</td>
                <td>${d.name}</td>
                <td>
                  ${d.state === 'unchanged' || d.state === 'new' ? d.state : html`<span class="st st-stale">${d.state}</span>`}
                </td>
                <td class="small">
                  ${d.kind === 'run-config' || d.kind === 'argv' ? (d.state === 'unchanged' ? (d.now ?? '') : `${d.then ?? '-'} → ${d.now ?? '-'}`) : d.state === 'unchanged' ? short(d.now) : `${short(d.then)} → ${short(d.now)}`}${d.producer ? ` (written by ${d.producer})` : ''}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${report.written.length ? html`<p>wrote: ${report.written.join(', ')}</p>` : ''}
    </div>`;
  return page(ctx, path, body);
}

/** Durations of the runs, oldest first, as bars in inline SVG. */
function durationChart(values: number[]) {
  if (values.length < 2) return '';
  const w = 640;
  const h = 90;
  const max = Math.max(...values) || 1;
  const bw = Math.min(24, w / values.length);
  const bars = values.map((v, i) => {
    const bh = Math.max(1, (v / max) * (h - 14));
    return `<rect x="${(i * bw).toFixed(1)}" y="${(h - bh).toFixed(1)}" width="${Math.max(1, bw - 1).toFixed(1)}" height="${bh.toFixed(1)}" fill="#7fb2ff"><title>${formatDuration(v)}</title></rect>`;
  });
  return raw(
    `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="durations"><text x="0" y="10" font-size="10" fill="#667085">max ${formatDuration(max)}</text>${bars.join('')}</svg>`,
  );
}
