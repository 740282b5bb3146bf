import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitoredDirs, scanProject } from '../../track/scan.js';
import { listScripts } from '../../track/scripts.js';
import { html, query, raw } from '../html.js';
import { page, tokenField } from '../layout.js';
import type { WebContext } from '../context.js';

// Tracking: the monitored folders (there or not), the untracked scripts a scan finds in them (a
// dry run: nothing is tracked until asked), track with a group, untrack.

export function trackingPage(ctx: WebContext): string {
  const dirs = monitoredDirs(ctx.project);
  const scan = scanProject(ctx.project, { dryRun: true });
  const tracked = listScripts(ctx.project);
  const groups = Object.keys(ctx.project.config.groups);
  const isDir = (p: string) =>
    existsSync(join(ctx.project.root, p)) && statSync(join(ctx.project.root, p)).isDirectory();
  const body = html`<h1>Tracking</h1>
    <h2>Monitored folders</h2>
    <table>
      <thead>
        <tr>
          <th>Folder</th>
          <th>There</th>
          <th>Recurse</th>
          <th>Auto-track</th>
          <th>Group</th>
        </tr>
      </thead>
      <tbody>
        ${dirs.map(
          (d) =>
            html`<tr>
              <td>${d.path}</td>
              <td>
                ${isDir(d.path) ? html`<span class="st st-fresh">yes</span>` : html`<span class="st st-failed">missing</span>${d.shouldExist ? ' (should exist)' : ''}`}
              </td>
              <td>${d.recurse ? 'yes' : 'no'}</td>
              <td>${d.autoTrack ? 'yes' : 'no'}</td>
              <td>${d.group ?? ''}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    <div id="tracking" data-live>
      <h2>Untracked scripts found (${scan.untracked.length})</h2>
      <form method="post" action="/action/track" data-post>
        ${tokenField(ctx.token)}<input type="hidden" name="back" value="/tracking" />
        <div class="bar">
          <label>group <input name="group" list="groups" placeholder="(none)" size="12" /></label
          ><datalist id="groups">${groups.map((g) => html`<option>${g}</option>`)}</datalist>
          <button class="primary">Track selected</button>
          <label>or a path or glob <input name="pattern" placeholder="sims/**/*.mjs" size="22" /></label>
        </div>
        <table>
          <thead>
            <tr>
              <th><input type="checkbox" data-all="path" /></th>
              <th>Script</th>
              <th>Folder</th>
            </tr>
          </thead>
          <tbody>
            ${scan.untracked.map(
              (s) =>
                html`<tr data-untracked="${s.path}">
                  <td><input type="checkbox" name="path" value="${s.path}" /></td>
                  <td>${s.path}</td>
                  <td>${s.monitor}</td>
                </tr>`,
            )}
          </tbody>
        </table>
        ${scan.untracked.length ? '' : html`<p class="muted">Every script in the monitored folders is tracked.</p>`}
      </form>
      <h2>Tracked scripts (${tracked.length})</h2>
      <table>
        <thead>
          <tr>
            <th>Script</th>
            <th>Group</th>
            <th></th>
          </tr>
        </thead>
        <tbody>
          ${tracked.map(
            (s) =>
              html`<tr data-tracked="${s.path}">
                <td><a href="/script${raw(query({ path: s.path }))}">${s.path}</a></td>
                <td>${s.group ?? ''}</td>
                <td>
                  <form method="post" action="/action/untrack" data-post style="display:inline">
                    ${tokenField(ctx.token)}<input type="hidden" name="path" value="${s.path}" /><input
                      type="hidden"
                      name="back"
                      value="/tracking"
                    /><button class="danger">Untrack</button>
                  </form>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      ${
        scan.missing.length
          ? html`<h2>Tracked but missing on disk</h2>
              <p>${scan.missing.join(', ')}</p>`
          : ''
      }
    </div>`;
  return page(ctx, 'Tracking', body);
}
