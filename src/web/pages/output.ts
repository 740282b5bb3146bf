import { fileUrl, html, query, raw, time, word, type Raw } from '../html.js';
import { page } from '../layout.js';
import type { WebContext } from '../context.js';
import { filterOf, matches } from './overview.js';
import { OUTPUT_JS } from './output-client.js';
import { groupNames } from '../../store/scripts.js';
import { latestFigures, type LatestFigure as FigureRow } from '../../store/figures.js';

// Output: the latest figures of every tracked script, grouped by group and script, filterable
// like the Overview. The page carries the first FIRST cards only (a gallery of thousands of cards
// is megabytes of HTML that the browser parses and lays out before it shows anything); the rest
// come in chunks as the page is scrolled (output-client.ts), and ?upto=N asks for N cards at once,
// so a live refresh or a shared link keeps what was scrolled into. Thumbnails are lazy
// (loading=lazy) and made once on the server (thumbs.ts).

// About two screens of cards: the first screen and what lazy loading fetches just below it.
export const FIRST = 40;
const CHUNK = 120;

// Raster first: what a thumbnail is made from, and what the browser shows fastest.
const PREFER = ['png', 'jpg', 'jpeg', 'svg', 'pdf', 'eps'];

export function outputPage(ctx: WebContext): string {
  const p = ctx.url.searchParams;
  const f = filterOf(ctx.url);
  const rows = latestFigures(ctx.project.db).filter((r) => matches(f, { script: r.script, group: r.grp }));
  // One card per figure: its formats together, in group, script and figure order.
  const byFigure = new Map<string, FigureRow[]>();
  for (const r of rows) {
    const key = `${r.run_id}\0${r.idx}`;
    byFigure.set(key, [...(byFigure.get(key) ?? []), r]);
  }
  const cards = [...byFigure.values()];
  const upto = Math.min(cards.length, Math.max(FIRST, Number(p.get('upto')) || FIRST));
  const filters = { q: f.q, group: f.group };
  // A chunk asked for by the page's script: the cards from `from`, and the link to the next chunk.
  if (p.get('part') === '1') {
    const from = Math.min(upto, Math.max(0, Number(p.get('from')) || 0));
    return String(chunk(cards, from, upto, filters));
  }
  const allGroups = groupNames(ctx.project.db, false);
  const body = html`<h1>Output</h1>
    <form class="bar" method="get" action="/output">
      <input name="q" placeholder="filter scripts" value="${f.q}" size="24" />
      <select name="group" data-autosubmit>
        <option value="">any group</option>
        ${allGroups.map((g) => html`<option ${g === f.group ? 'selected' : ''}>${g}</option>`)}
      </select>
      <button>Filter</button> <span class="muted">${cards.length} figures</span>
    </form>
    <div id="gallery" class="gallery" data-live>${chunk(cards, 0, upto, filters)}</div>
    ${cards.length ? '' : html`<p class="muted">No figures yet. Scripts that import simorg save theirs when run by simorg.</p>`}`;
  return page(ctx, 'Output', body, OUTPUT_JS);
}

/** Cards [from, upto): a group heading where the group changes, then the link to the next chunk. */
function chunk(cards: FigureRow[][], from: number, upto: number, filters: Record<string, string>): Raw {
  const out: Raw[] = [];
  for (let i = from; i < upto; i++) {
    const grp = cards[i]![0]!.grp ?? '';
    if (grp && (i === 0 || (cards[i - 1]![0]!.grp ?? '') !== grp))
      out.push(html`<h2 class="group-title">group ${grp}</h2>`);
    out.push(card(cards[i]!));
  }
  if (upto < cards.length) {
    const next = Math.min(cards.length, upto + CHUNK);
    // Without the script the link shows the longer page; with it, the chunk is fetched and appended.
    out.push(
      html`<p class="more">
        <a
          href="/output${raw(query({ ...filters, upto: next }))}"
          data-more="/output${raw(query({ ...filters, from: upto, upto: next, part: 1 }))}"
          >more figures (${upto} of ${cards.length} shown)</a
        >
      </p>`,
    );
  }
  return html`${out}`;
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
