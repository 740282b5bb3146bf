import { fileUrl, html, query, raw, time, word } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';
import { filterOf, matches } from './overview.js';

// Output: the latest figures of every tracked script, grouped by group and script, filterable
// like the Overview. Thumbnails are lazy (loading=lazy) and made once on the server (thumbs.ts).

interface FigureRow {
  script: string;
  grp: string | null;
  run_id: string;
  started_at: number;
  status: string;
  idx: number;
  name: string;
  format: string;
  path: string;
}

// Raster first: what a thumbnail is made from, and what the browser shows fastest.
const PREFER = ['png', 'jpg', 'jpeg', 'svg', 'pdf', 'eps'];

export function outputPage(ctx: WebContext): string {
  const f = filterOf(ctx.url);
  const rows = ctx.project.db
    .prepare<[], FigureRow>(
      `SELECT s.path AS script, s.grp, r.id AS run_id, r.started_at, r.status, f.idx, f.name, f.format, f.path
     FROM scripts s JOIN runs r ON r.id = (SELECT id FROM runs WHERE script_id = s.id AND EXISTS (SELECT 1 FROM figures WHERE run_id = runs.id)
       ORDER BY started_at DESC LIMIT 1)
     JOIN figures f ON f.run_id = r.id
     WHERE s.untracked_at IS NULL ORDER BY s.grp, s.path, f.idx`,
    )
    .all()
    .filter((r) => matches(f, { script: r.script, group: r.grp }));
  // One card per figure: its formats together.
  const cards = new Map<string, FigureRow[]>();
  for (const r of rows) {
    const key = `${r.run_id}\0${r.idx}`;
    cards.set(key, [...(cards.get(key) ?? []), r]);
  }
  const groups = new Map<string, Map<string, FigureRow[][]>>();
  for (const formats of cards.values()) {
    const first = formats[0]!;
    const g = groups.get(first.grp ?? '') ?? new Map<string, FigureRow[][]>();
    g.set(first.script, [...(g.get(first.script) ?? []), formats]);
    groups.set(first.grp ?? '', g);
  }
  const allGroups = ctx.project.db
    .prepare<[], string>('SELECT DISTINCT grp FROM scripts WHERE grp IS NOT NULL ORDER BY grp')
    .pluck()
    .all();
  const body = html`<h1>Output</h1>
    <form class="bar" method="get" action="/output">
      <input name="q" placeholder="filter scripts" value="${f.q}" size="24" />
      <select name="group" data-autosubmit>
        <option value="">any group</option>
        ${allGroups.map((g) => html`<option ${g === f.group ? 'selected' : ''}>${g}</option>`)}
      </select>
      <button>Filter</button> <span class="muted">${cards.size} figures</span>
    </form>
    <div id="gallery" data-live>
      ${[...groups].map(
        ([g, scripts]) =>
          html`${g ? html`<h2>group ${g}</h2>` : ''}
            <div class="gallery">${[...scripts].map(([, figs]) => figs.map(card))}</div>`,
      )}${cards.size ? '' : html`<p class="muted">No figures yet. Scripts that import simorg save theirs when run by simorg.</p>`}
    </div>`;
  return page(ctx, 'Output', body);
}

function card(formats: FigureRow[]) {
  const best = [...formats].sort((a, b) => PREFER.indexOf(a.format) - PREFER.indexOf(b.format))[0]!;
  const viewable = ['png', 'jpg', 'jpeg', 'svg'].includes(best.format);
  const href = `/figure${query({ run: best.run_id, idx: best.idx })}`;
  return html`<figure>
    <a href="${href}"
      >${viewable ? html`<img loading="lazy" alt="${best.name}" src="${fileUrl(best.path).replace(/^\/file\//, '/thumb/')}" />` : html`<div class="muted">${best.format}</div>`}</a
    >
    <figcaption>
      <a href="/script${raw(query({ path: best.script }))}"><b>${best.script}</b></a
      ><br /><a href="${href}">${String(best.idx).padStart(3, '0')} ${best.name}</a>
      <span class="muted"
        >${formats.map((x) => x.format).join(' ')} ·
        <a href="/run/${best.run_id}">${best.run_id}</a> ${word(best.status)} ${time(best.started_at)}</span
      >
    </figcaption>
  </figure>`;
}
