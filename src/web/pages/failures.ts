import { listRuns } from '../../store/runs.js';
import { formatDuration, html, query, raw, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';

// Failures: failed and timed-out runs, newest first, with the error line and a link to the run.

export function failuresPage(ctx: WebContext): string {
  const runs = listRuns(ctx.project.db, { limit: 300, statuses: ['failed', 'timed-out'] });
  const body = html`<h1>Failures</h1>
    <div id="failures" data-live>
      <table>
        <thead>
          <tr>
            <th>Run</th>
            <th>Script</th>
            <th>Status</th>
            <th>Started</th>
            <th>Took</th>
            <th>Config</th>
            <th>Error</th>
          </tr>
        </thead>
        <tbody>
          ${runs.map(
            (r) =>
              html`<tr class="row-failed">
                <td><a href="/run/${r.runId}">${r.runId}</a></td>
                <td><a href="/script${raw(query({ path: r.script }))}">${r.script}</a></td>
                <td>
                  ${word(r.status)}${r.exitCode !== null ? ` (exit ${r.exitCode})` : r.signal ? ` (${r.signal})` : ''}
                </td>
                <td>${time(r.startedAt)}</td>
                <td class="num">${formatDuration(r.durationMs)}</td>
                <td>${r.runConfig}</td>
                <td class="why">${(r.errorMessage ?? '').split('\n')[0]}</td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${runs.length ? '' : html`<p class="muted">No failed or timed-out runs.</p>`}
    </div>`;
  return page(ctx, 'Failures', body);
}
