import { html, raw, query, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';

// The runs that wrote or read one file (newest first): where a figure or data file came from, and
// what used it.

export function fileRunsPage(ctx: WebContext): string {
  const path = ctx.url.searchParams.get('path') ?? '';
  const rows = ctx.project.db
    .prepare<
      [string, string],
      {
        id: string;
        script_path: string;
        status: string;
        started_at: number;
        role: string;
        hash: string | null;
      }
    >(
      `SELECT r.id, r.script_path, r.status, r.started_at, f.role, f.hash FROM run_files f JOIN runs r ON r.id = f.run_id WHERE f.path = ?
     UNION ALL SELECT r.id, r.script_path, r.status, r.started_at, 'figure', NULL FROM figures g JOIN runs r ON r.id = g.run_id WHERE g.path = ?
     ORDER BY 4 DESC LIMIT 500`,
    )
    .all(path, path);
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
