// The order a batch goes to Slurm in, from the recorded graph: a script whose last run read a file
// that another script of the batch wrote waits for it (its spec's `after`), writers first. Slurm
// holds each reader until its writers succeed, so one failure blocks only what is downstream of it.
import type { SlurmRunSpec } from '../backends/slurm-prepare.js';
import { upstreamOf } from '../fresh/graph.js';
import type { Wanted } from '../fresh/types.js';
import type { Project } from '../project.js';

export async function slurmOrder(
  project: Project,
  scripts: Array<{ id: number; path: string }>,
  wanted: Wanted,
  params?: Record<string, unknown>,
): Promise<SlurmRunSpec[]> {
  if (scripts.length < 2) return scripts.map((script) => ({ script, params }));
  const { StatusIndex } = await import('../fresh/status-index.js');
  const index = new StatusIndex(project, wanted, { lazy: true });
  const inBatch = new Set(scripts.map((s) => s.id));
  const ups = new Map(
    scripts.map((s) => [s.id, upstreamOf(index.graph, s.id).filter((u) => inBatch.has(u) && u !== s.id)]),
  );
  // Depth-first, writers before readers, the given order kept otherwise; a cycle (two scripts
  // reading each other's files) is cut where it is met.
  const order: Array<{ id: number; path: string }> = [];
  const state = new Map<number, 'visiting' | 'done'>();
  const byId = new Map(scripts.map((s) => [s.id, s]));
  const visit = (id: number) => {
    if (state.has(id)) return;
    state.set(id, 'visiting');
    for (const u of ups.get(id) ?? []) visit(u);
    state.set(id, 'done');
    order.push(byId.get(id)!);
  };
  for (const s of scripts) visit(s.id);
  const at = new Map(order.map((s, i) => [s.id, i]));
  return order.map((script, i) => ({
    script,
    params,
    after: (ups.get(script.id) ?? []).map((u) => at.get(u)!).filter((j) => j < i),
  }));
}
