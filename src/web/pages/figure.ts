import { fileUrl, html, query, raw, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';
import { getRunRecord } from '../../store/run-record.js';
import { previousRunWithFigure } from '../../store/run-neighbours.js';

// One figure full size with its provenance (run, script, commit, time, run config) and a
// download link for each format it was saved in; links to compare it with the script's other runs.

export function figurePage(ctx: WebContext): string | null {
  const runId = ctx.url.searchParams.get('run') ?? '';
  const idx = Number(ctx.url.searchParams.get('idx'));
  const rec = getRunRecord(ctx.project.db, runId);
  if (!rec) return null;
  const formats = rec.figures.filter((f) => f.index === idx);
  if (!formats.length) return null;
  const shown =
    formats.find((f) => ['png', 'jpg', 'jpeg'].includes(f.format)) ?? formats.find((f) => f.format === 'svg');
  const shownPath = shown ? ctx.archive.locate(rec, shown) : null;
  const previous = previousRunWithFigure(ctx.project.db, runId, idx);
  const body = html`<h1>Figure ${String(idx).padStart(3, '0')} ${formats[0]!.name}</h1>
    <section id="provenance">
      <dl class="record">
        <dt>script</dt>
        <dd><a href="/script${raw(query({ path: rec.script }))}">${rec.script}</a></dd>
        <dt>run</dt>
        <dd><a href="/run/${rec.runId}">${rec.runId}</a> ${word(rec.status)}</dd>
        <dt>time</dt>
        <dd>${time(rec.startedAt)}</dd>
        <dt>run config</dt>
        <dd>${rec.runConfig} ${JSON.stringify([...(rec.config.argv ?? []), ...rec.argv])}</dd>
        <dt>commit</dt>
        <dd>${rec.git.commit ?? 'not a git repository (or no commit)'}${rec.git.dirty ? ' (dirty)' : ''}</dd>
        <dt>download</dt>
        <dd>
          ${formats.map((f) => {
            const at = ['png', 'jpg', 'jpeg', 'svg'].includes(f.format)
              ? (ctx.archive.locate(rec, f) ?? f.path)
              : f.path;
            return html`<a href="${fileUrl(at)}?download" download>${f.format}</a> `;
          })}
        </dd>
        <dt>compare</dt>
        <dd>
          ${previous ? html`<a href="/compare${raw(query({ a: previous, b: rec.runId, idx }))}">with the previous run</a>` : html`<span class="muted">no earlier run has this figure</span>`}
        </dd>
      </dl>
    </section>
    <div class="figure-full">
      ${shownPath ? html`<img alt="${shown!.name}" src="${fileUrl(shownPath)}" />` : shown ? html`<p class="muted">This run's figure was replaced by a later run's before the server kept it.</p>` : html`<p class="muted">saved only as ${formats.map((f) => f.format).join(', ')}: download it above</p>`}
    </div>`;
  return page(ctx, `Figure ${formats[0]!.name}`, body);
}
