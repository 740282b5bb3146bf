import type { StatusIndex } from './status-index.js';
import { writtenBy } from './graph.js';
import type { ScriptState, StatusWord } from './types.js';

// The dependency graph in Graphviz dot: scripts (boxes, filled with their status colour), the
// files they load or read (edges file -> script) and write (edges script -> file), so a pipeline
// reads left to right: script -> data file -> script. Changed files are outlined orange, missing
// ones red and dashed.

/** The fill colour of a script's node by its status word: the dot graph's and the web page's. */
export const STATUS_FILL: Record<StatusWord, string> = {
  'never-run': '#f5d742',
  fresh: '#8fd18f',
  unverified: '#d9a6e8',
  stale: '#ffa64d',
  failed: '#ff6b6b',
  queued: '#7fb2ff',
  running: '#7fb2ff',
};

const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export async function toDot(index: StatusIndex, states: ScriptState[]): Promise<string> {
  const lines = ['digraph simorg {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];'];
  const files = new Map<string, { kind: 'module' | 'data'; state: string }>();
  const edges: string[] = [];
  for (const st of states) {
    await index.scan(st);
    const id = `script:${st.script.path}`;
    const tip = st.reasons.length ? `, tooltip=${q(st.reasons.join('\n'))}` : '';
    lines.push(
      `  ${q(id)} [label=${q(st.script.path)}, shape=box, style="filled,rounded", fillcolor=${q(STATUS_FILL[st.status])}${tip}];`,
    );
    for (const d of st.deps) {
      if (d.kind !== 'module' && d.kind !== 'read') continue;
      const prev = files.get(d.name);
      if (!prev || prev.state === 'unchanged' || prev.state === 'new') {
        files.set(d.name, { kind: d.kind === 'module' ? 'module' : (prev?.kind ?? 'data'), state: d.state });
      }
      edges.push(`  ${q(`file:${d.name}`)} -> ${q(id)}${d.kind === 'module' ? ' [style=dashed]' : ''};`);
    }
    for (const w of writtenBy(index.graph, st.script.id)) {
      if (!files.has(w)) files.set(w, { kind: 'data', state: 'unchanged' });
      edges.push(`  ${q(id)} -> ${q(`file:${w}`)};`);
    }
  }
  for (const [name, f] of files) {
    const shape = f.kind === 'module' ? 'note' : 'ellipse';
    const look =
      f.state === 'changed'
        ? ', color="#ff8c00", penwidth=2'
        : f.state === 'missing'
          ? ', color="#d00000", style=dashed'
          : '';
    lines.push(`  ${q(`file:${name}`)} [label=${q(name)}, shape=${shape}${look}];`);
  }
  lines.push(...edges, '}');
  return lines.join('\n') + '\n';
}
