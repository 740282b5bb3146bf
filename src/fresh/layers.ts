import type { ScriptRow } from '../track/scripts.js';
import type { StatusIndex } from './evaluate.js';

// Orders scripts for running: a script's layer is its depth in the whole recorded graph (longest
// chain of upstream scripts), so a script runs after everything it reads from, even through
// scripts that are not in this batch; scripts at the same depth share a layer and run in parallel.
// Never-run scripts have no recorded edges; they go last, since a new script is far more often a
// consumer of existing outputs than a producer for existing scripts.
export function layersOf(index: StatusIndex, scripts: ScriptRow[]): ScriptRow[][] {
  const depth = new Map<number, number>();
  const visiting = new Set<number>();
  const depthOf = (id: number): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (visiting.has(id)) return -1; // a cycle: ignore the edge that closes it
    visiting.add(id);
    let d = 0;
    for (const u of index.upstreamIds(id)) d = Math.max(d, depthOf(u) + 1);
    visiting.delete(id);
    depth.set(id, d);
    return d;
  };
  const known = new Map<number, ScriptRow[]>();
  const neverRun: ScriptRow[] = [];
  for (const s of scripts) {
    if (!index.lastRun(s.id)) {
      neverRun.push(s);
      continue;
    }
    const d = depthOf(s.id);
    const layer = known.get(d) ?? [];
    layer.push(s);
    known.set(d, layer);
  }
  const byPath = (a: ScriptRow, b: ScriptRow) => a.path.localeCompare(b.path);
  const layers = [...known.entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l.sort(byPath));
  if (neverRun.length) layers.push(neverRun.sort(byPath));
  return layers;
}
