import { StatusIndex } from '../../fresh/status-index.js';
import { STATUS_FILL } from '../../fresh/dot.js';
import { writtenBy } from '../../fresh/graph.js';
import { html, query, raw, word } from '../html.js';
import { page } from '../layout.js';
import { wantedOf, type WebContext } from '../context.js';
import { graphSvg, type GraphNode } from './graph-layout.js';
import { groupNames } from '../../store/scripts.js';

// Dependencies: what `status --dot` describes, drawn in the page: scripts coloured by status, the
// data files between them (read: file -> script, written: script -> file), changed files outlined
// orange and missing ones red. Modules are left out of the drawing (they are on each script's page).

const LIMIT = 400;

export function dependenciesPage(ctx: WebContext): string {
  const group = ctx.url.searchParams.get('group') ?? '';
  const index = new StatusIndex(ctx.project, wantedOf(ctx));
  let svg = '';
  let count = 0;
  try {
    const scripts = index.scripts.filter((s) => !group || s.group === group);
    count = scripts.length;
    if (count <= LIMIT) {
      const nodes = new Map<string, GraphNode>();
      const edges: Array<[string, string]> = [];
      for (const st of index.states(scripts)) {
        const id = `script:${st.script.path}`;
        nodes.set(id, {
          id,
          label: st.script.path,
          kind: 'script',
          fill: STATUS_FILL[st.status],
          href: `/script${query({ path: st.script.path })}`,
          tip: `${st.status}${st.reasons.length ? `: ${st.reasons.join('; ')}` : ''}`,
        });
        const file = (name: string, state: string) => {
          const fid = `file:${name}`;
          const prev = nodes.get(fid);
          const fill = state === 'changed' ? '#ff8c00' : state === 'missing' ? '#d00000' : '#98a2b3';
          if (!prev || prev.fill === '#98a2b3')
            nodes.set(fid, {
              id: fid,
              label: name,
              kind: 'file',
              fill,
              href: `/file-runs${query({ path: name })}`,
              tip: `${name} (${state})`,
            });
          return fid;
        };
        for (const d of st.deps) if (d.kind === 'read') edges.push([file(d.name, d.state), id]);
        for (const w of writtenBy(index.graph, st.script.id)) edges.push([id, file(w, 'unchanged')]);
      }
      svg = graphSvg([...nodes.values()], edges);
    }
  } finally {
    index.finish();
  }
  const groups = groupNames(ctx.project.db, true);
  const body = html`<h1>Dependencies</h1>
    <form class="bar" method="get" action="/dependencies">
      <select name="group" data-autosubmit>
        <option value="">every group</option>
        ${groups.map((g) => html`<option ${g === group ? 'selected' : ''}>${g}</option>`)}
      </select>
      <span class="small"
        >${(['never-run', 'fresh', 'unverified', 'stale', 'failed', 'running'] as const).map((s) => html`${word(s)} &nbsp;`)}
        · files: grey, <span style="color:#ff8c00">changed</span>,
        <span style="color:#d00000">missing</span></span
      >
    </form>
    <div class="graph" id="graph" data-live>
      ${svg ? raw(svg) : html`<p class="muted">${count} scripts are too many to draw at once (at most ${LIMIT}): pick a group.</p>`}
    </div>
    <p class="muted small">
      Scripts link through files: a script that read a file another script wrote is downstream of it. Click a
      node to open it.
    </p>`;
  return page(ctx, 'Dependencies', body);
}
