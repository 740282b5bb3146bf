import { html, raw, query, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';
import { runsOfFile } from '../../store/run-links.js';

// The runs that wrote or read one file (newest first): where a figure or data file came from, and
// what used it.

export function fileRunsPage(ctx: WebContext): string {
  const path = ctx.url.searchParams.get('path') ?? '';
  const rows = runsOfFile(ctx.project.db, path);
  const body = html`<h1>Runs that wrote or read ${path}</h1>
    <table>
      <thead>
        <tr>
          <th>Run</th>
          <th>Script</th>
          <th>Role</th>
          <th>Status</th>
          <th>Started</th>
          <th>Hash</th>
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (r) =>
            html`<tr>
              <td><a href="/run/${r.id}">${r.id}</a></td>
              <td><a href="/script${raw(query({ path: r.script_path }))}">${r.script_path}</a></td>
              <td>${r.role === 'figure' ? 'wrote (figure)' : r.role}</td>
              <td>${word(r.status)}</td>
              <td>${time(r.started_at)}</td>
              <td class="muted small">${r.hash?.slice(0, 12) ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${rows.length ? '' : html`<p class="muted">No recorded run wrote or read it.</p>`}`;
  return page(ctx, 'File', body);
}
