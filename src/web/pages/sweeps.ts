import { progressOf } from '../../sweep/collate.js';
import { listSweeps } from '../../store/sweeps.js';
import { html, query, raw, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';

// Sweeps: every sweep (table `sweeps`) with its script, run config and progress, as `simorg
// sweeps` prints it; each links to its page.

const SHOWN = ['succeeded', 'failed', 'timed-out', 'cancelled', 'running', 'queued', 'never-run'] as const;

export function sweepsPage(ctx: WebContext): string {
  const sweeps = listSweeps(ctx.project.db).map((s) => ({ s, p: progressOf(ctx.project, s) }));
  const body = html`<h1>Sweeps</h1>
    <div id="sweeps" data-live>
      <table>
        <thead>
          <tr>
            <th>Id</th>
            <th>Sweep</th>
            <th>Script</th>
            <th>Config</th>
            <th>Jobs</th>
            <th>Progress</th>
            <th>Space</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          ${sweeps.map(
            ({ s, p }) =>
              html`<tr data-sweep="${s.name}">
                <td class="num">${s.id}</td>
                <td><a href="/sweep/${s.id}">${s.name}</a></td>
                <td><a href="/script${raw(query({ path: s.script }))}">${s.script}</a></td>
                <td>${s.runConfig}</td>
                <td class="num">${p.total}</td>
                <td class="progress">
                  ${bar(p)} ${SHOWN.filter((k) => p[k]).map((k) => html`${word(k)} ${p[k]} `)}
                </td>
                <td class="small"><code>${s.spaceText}</code></td>
                <td>${time(s.updatedAt)}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${sweeps.length ? '' : html`<p class="muted">No sweeps yet. Start one with <code>simorg sweep &lt;script&gt; --sweep key=values</code>.</p>`}
    </div>`;
  return page(ctx, 'Sweeps', body);
}

/** A small bar of the jobs by status, in the status colours. */
export function bar(p: Record<string, number> & { total: number }) {
  if (!p.total) return '';
  let x = 0;
  const parts = SHOWN.filter((k) => p[k]).map((k) => {
    const w = (100 * p[k]!) / p.total;
    const r = html`<rect class="fill-${k}" x="${x.toFixed(2)}" y="0" width="${w.toFixed(2)}" height="8" />`;
    x += w;
    return r;
  });
  return html`<svg class="bar" viewBox="0 0 100 8" preserveAspectRatio="none" width="120" height="8">
    ${parts}
  </svg>`;
}
