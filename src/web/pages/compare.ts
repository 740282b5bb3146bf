import { KEEP_RUNS } from '../../run/figure-keep.js';
import { getRunRecord, type RunRecord } from '../../store/run-record.js';
import { fileUrl, html, query, raw, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';
import { COMPARE_JS } from './compare-client.js';
import { recordDiff } from './record-diff.js';
import { scriptHistoryOf } from '../../store/run-neighbours.js';

// Compare: one figure from two runs in four modes (side by side with zoom and pan locked
// together, a slider divider, a fade, and the pixel difference with the count and share of
// differing pixels, vector figures through their rendering), beside the two records' differences.
// Left/right arrow keys step run B through the script's history while A stays pinned.

const MODES = ['side', 'slider', 'fade', 'diff'] as const;
const VIEWABLE = ['png', 'jpg', 'jpeg', 'svg'];

export function comparePage(ctx: WebContext): string | null {
  const p = ctx.url.searchParams;
  const a = getRunRecord(ctx.project.db, p.get('a') ?? '');
  const b = getRunRecord(ctx.project.db, p.get('b') ?? '');
  if (!a || !b) return null;
  const common = [...new Set(a.figures.map((f) => f.index))].filter((i) =>
    b.figures.some((f) => f.index === i),
  );
  const idx = p.has('idx') && common.includes(Number(p.get('idx'))) ? Number(p.get('idx')) : common[0];
  const mode = (MODES as readonly string[]).includes(p.get('mode') ?? '') ? p.get('mode')! : 'side';
  const fa = idx === undefined ? undefined : pick(a, idx);
  const fb = idx === undefined ? undefined : pick(b, idx);
  const pa = fa ? ctx.archive.locate(a, fa) : null;
  const pb = fb ? ctx.archive.locate(b, fb) : null;
  // B's neighbours in the script's history, for the arrow keys.
  const history = scriptHistoryOf(ctx.project.db, b.runId);
  const at = history.indexOf(b.runId);
  const step = (d: number) =>
    history[at + d] ? `/compare${query({ a: a.runId, b: history[at + d], idx, mode })}` : '';
  const link = (m: string) =>
    html`<a
      href="/compare${raw(query({ a: a.runId, b: b.runId, idx, mode: m }))}"
      data-mode="${m}"
      class="${m === mode ? 'on' : ''}"
      >${m === 'side' ? 'side by side' : m === 'diff' ? 'difference' : m}</a
    >`;
  const diff = recordDiff(a, b);
  const head = (r: RunRecord, label: string) =>
    html`<div>
      <b>${label}</b> <a href="/run/${r.runId}">${r.runId}</a> ${word(r.status)} ${time(r.startedAt)}
      <span class="muted small">${r.runConfig}</span>
    </div>`;
  const body = html`<h1>Compare ${a.script === b.script ? a.script : `${a.script} / ${b.script}`}</h1>
    <div class="bar">
      ${head(a, 'A')} ${head(b, 'B')}
      <span class="small muted"
        >${step(-1) ? html`<a href="${step(-1)}" id="prev-b">← B earlier</a>` : ''}
        ${step(1) ? html`<a href="${step(1)}" id="next-b">B later →</a>` : ''} (arrow keys)</span
      >
    </div>
    <div class="bar">
      mode: ${MODES.map((m) => html`${link(m)} &nbsp;`)} figure:
      ${common.map((i) => html`<a href="/compare${raw(query({ a: a.runId, b: b.runId, idx: i, mode }))}" class="${i === idx ? 'on' : ''}">${String(i).padStart(3, '0')} ${pick(a, i)?.name ?? ''}</a> &nbsp;`)}
      <label>zoom <input type="range" id="zoom" min="0.25" max="4" step="0.05" value="1" /></label>
    </div>
    ${
      pa && pb
        ? html`<div id="compare" data-mode="${mode}" data-a="${fileUrl(pa)}" data-b="${fileUrl(pb)}">
            <p id="diffline" class="diffcount"></p>
            <div id="stage"></div>
            ${mode === 'slider' || mode === 'fade' ? html`<input type="range" id="amount" min="0" max="100" value="50" style="width:100%" />` : ''}
          </div>`
        : fa && fb
          ? html`<p class="muted">
              The figure of run ${pa ? b.runId : a.runId} is no longer kept: a later run replaced its file,
              and simorg keeps the figures of a script's ${KEEP_RUNS} latest runs only (or the run was
              recorded by an older simorg).
            </p>`
          : html`<p class="muted">These runs have no figure in common in a format the browser shows.</p>`
    }
    <h2>Record differences (${diff.length})</h2>
    <table id="record-diff">
      <thead>
        <tr>
          <th>Section</th>
          <th>What</th>
          <th>A ${a.runId}</th>
          <th>B ${b.runId}</th>
        </tr>
      </thead>
      <tbody>
        ${diff.map(
          (d) =>
            html`<tr>
              <td>${d.section}</td>
              <td>${d.name}</td>
              <td>${d.a}</td>
              <td>${d.b}</td>
            </tr>`,
        )}
      </tbody>
    </table>
    ${diff.length ? '' : html`<p class="muted">The two records are the same in code, config, params, environment, inputs and packages.</p>`}`;
  return page(ctx, 'Compare', body, COMPARE_JS);
}

function pick(r: RunRecord, idx: number) {
  const fs = r.figures.filter((f) => f.index === idx && VIEWABLE.includes(f.format));
  return fs.find((f) => f.format !== 'svg') ?? fs[0];
}
