import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { getRunRecord, type RunRecord } from '../../store/run-record.js';
import { fileUrl, formatDuration, html, query, raw, time, word, type Raw } from '../html.js';
import { page, tokenField } from '../layout.js';
import type { WebContext } from '../context.js';
import { absoluteOf } from '../safe-path.js';
import { previousRunId } from '../../store/run-neighbours.js';
import { sweepOfRun } from '../../store/sweeps.js';

// A run's page: the whole record `simorg show` prints (store/run-record.ts), its figures, its stdout and
// stderr (fetched again while it runs), links from each file to the runs that wrote or read it,
// "compare with previous" and "run again with the same config".

const TAIL = 256 * 1024;

// The end of a log: a run can print gigabytes, the page shows its last 256 KiB.
function tail(root: string, rel: string | null): { text: string; cut: boolean } | null {
  if (!rel) return null;
  try {
    const abs = absoluteOf(root, rel);
    const size = statSync(abs).size;
    const n = Math.min(size, TAIL);
    const buf = Buffer.alloc(n);
    const fd = openSync(abs, 'r');
    try {
      readSync(fd, buf, 0, n, size - n);
    } finally {
      closeSync(fd);
    }
    return { text: buf.toString('utf8'), cut: size > n };
  } catch {
    return null;
  }
}

export function runPage(ctx: WebContext, params: Record<string, string>): string | null {
  const rec = getRunRecord(ctx.project.db, params.id ?? '');
  if (!rec) return null;
  const previous = previousRunId(ctx.project.db, rec.runId);
  const running = rec.status === 'running';
  const body = html`<h1>Run ${rec.runId} <span class="small">${word(rec.status)}</span></h1>
    <form class="bar" method="post" action="/action/run-again" data-post>
      ${tokenField(ctx.token)}<input type="hidden" name="run" value="${rec.runId}" />
      <button class="primary">Run again with the same config</button>
      ${previous ? html`<a href="/compare${raw(query({ a: previous, b: rec.runId }))}">compare with the previous run</a>` : ''}
      <a href="/script${raw(query({ path: rec.script }))}">script history</a>
    </form>
    <div id="record" data-live ${running ? raw('data-poll="1000"') : ''}>${recordHtml(ctx, rec)}</div>`;
  return page(ctx, `Run ${rec.runId}`, body);
}

function recordHtml(ctx: WebContext, r: RunRecord): Raw {
  const env = Object.entries(r.config.env ?? {})
    .map(([n, v]) => (v === null ? `-${n}` : `${n}=${v}`))
    .join(' ');
  const e = r.environment;
  const mem = typeof e.memoryBytes === 'number' ? `${(e.memoryBytes / 2 ** 30).toFixed(1)} GiB` : '';
  const out = tail(ctx.project.root, r.stdoutPath);
  const err = tail(ctx.project.root, r.stderrPath);
  const byIndex = new Map<number, RunRecord['figures']>();
  for (const f of r.figures) byIndex.set(f.index, [...(byIndex.get(f.index) ?? []), f]);
  const files = (role: string) => r.files.filter((f) => f.role === role);
  // The sweep a job's run belongs to, for a link to its page.
  const sweep = sweepOfRun(ctx.project.db, r.runId);
  return html`<dl class="record">
      <dt>script</dt>
      <dd>
        <a href="/script${raw(query({ path: r.script }))}">${r.script}</a>
        <span class="muted">${r.scriptHash?.slice(0, 12) ?? ''}</span>
      </dd>
      <dt>status</dt>
      <dd>
        ${word(r.status)}
        ${r.signal ? `(signal ${r.signal})` : r.exitCode !== null ? `(exit ${r.exitCode})` : ''}
      </dd>
      <dt>run config</dt>
      <dd>
        ${r.runConfig}: timeout
        ${r.config.timeout === null || r.config.timeout === undefined ? 'none' : `${r.config.timeout} s`}
      </dd>
      ${
        env
          ? html`<dt>env</dt>
              <dd>${env}</dd>`
          : ''
      }
      <dt>argv</dt>
      <dd>${JSON.stringify([...(r.config.argv ?? []), ...r.argv])}</dd>
      ${
        r.reason
          ? html`<dt>reason</dt>
              <dd>${r.reason}</dd>`
          : ''
      }
      ${
        r.tags.length
          ? html`<dt>tags</dt>
              <dd>${r.tags.join(', ')}</dd>`
          : ''
      }
      ${
        Object.keys(r.params).length
          ? html`<dt>parameters</dt>
              <dd>${JSON.stringify(r.params)}</dd>`
          : ''
      }
      ${
        sweep
          ? html`<dt>sweep</dt>
              <dd><a href="/sweep/${sweep.id}" id="run-sweep">${sweep.name}</a></dd>`
          : ''
      }
      <dt>started</dt>
      <dd>${time(r.startedAt)}</dd>
      <dt>ended</dt>
      <dd>${time(r.endedAt)}</dd>
      <dt>duration</dt>
      <dd>${formatDuration(r.durationMs)}</dd>
      <dt>git</dt>
      <dd>${r.git.commit ?? 'not a git repository (or no commit)'}${r.git.dirty ? ' (dirty)' : ''}</dd>
      <dt>machine</dt>
      <dd>
        ${String(e.host ?? '?')} ${String(e.os ?? '')} ${String(e.cpu ?? '')} x${String(e.cpus ?? '?')} ${mem}
      </dd>
      <dt>node</dt>
      <dd>${String(e.node ?? '?')} · user ${String(e.user ?? '?')} · worker ${r.worker ?? '-'}</dd>
    </dl>
    ${
      r.error
        ? html`<h2>Error</h2>
            <pre class="err">
${r.error.message}${r.error.stack && r.error.stack !== r.error.message ? `\n\n${r.error.stack}` : ''}</pre>`
        : ''
    }
    ${
      byIndex.size
        ? html`<h2>Figures (${byIndex.size})</h2>
            <div class="gallery">
              ${[...byIndex].map(([idx, fs]) => {
                const found = fs.find((f) => ['png', 'jpg', 'jpeg', 'svg'].includes(f.format));
                const at = found ? ctx.archive.locate(r, found) : null;
                const href = `/figure${query({ run: r.runId, idx })}`;
                return html`<figure>
                  <a href="${href}"
                    >${at ? html`<img loading="lazy" alt="${found!.name}" src="${fileUrl(at).replace(/^\/file\//, '/thumb/')}" />` : html`<span class="muted small">replaced by a later run</span>`}</a
                  >
                  <figcaption>
                    <a href="${href}">${String(idx).padStart(3, '0')} ${fs[0]!.name}</a>
                    ${fs.map((f) => html`<a href="${fileUrl(f.path)}?download">${f.format}</a> `)}
                  </figcaption>
                </figure>`;
              })}
            </div>`
        : ''
    }
    <h2>stdout</h2>
    ${logHtml(out, r.stdoutPath)}
    <h2>stderr</h2>
    ${logHtml(err, r.stderrPath)}
    ${['read', 'written', 'module'].map((role) => {
      const list = files(role);
      if (!list.length) return '';
      return html`<h2>${role === 'module' ? 'Modules loaded' : `Files ${role}`} (${list.length})</h2>
        <table>
          <tbody>
            ${list.map(
              (f) =>
                html`<tr>
                  <td class="muted small">${f.hash?.slice(0, 12) ?? '(gone)'}</td>
                  <td>
                    ${f.path.startsWith('/') ? f.path : html`<a href="${fileUrl(f.path)}">${f.path}</a>`}
                  </td>
                  <td><a href="/file-runs${raw(query({ path: f.path }))}">runs that wrote or read it</a></td>
                </tr>`,
            )}
          </tbody>
        </table>`;
    })}
    ${
      Object.keys(r.packages).length
        ? html`<h2>Packages (${Object.keys(r.packages).length})</h2>
            <p class="small">
              ${Object.entries(r.packages)
                .sort()
                .map(([n, v]) => `${n}@${v}`)
                .join(', ')}
            </p>`
        : ''
    }`;
}

function logHtml(t: { text: string; cut: boolean } | null, path: string | null): Raw {
  if (!t) return html`<p class="muted">none recorded</p>`;
  if (!t.text) return html`<p class="muted">(empty)</p>`;
  return html`${t.cut ? html`<p class="muted small">the last 256 KiB; <a href="${fileUrl(path!)}">the whole file</a></p>` : ''}
    <pre>${t.text}</pre>`;
}
