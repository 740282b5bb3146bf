import type { Project } from '../project.js';
import { listScripts, type ScriptRow } from '../track/scripts.js';
import { loadLatestRuns, loadWrites, type LatestRun } from '../store/latest-runs.js';
import { runsRecording } from '../store/run-links.js';

// What StatusIndex judges from: the tracked scripts, the latest finished run of each, and the
// links between them through files (a reader is downstream of the script whose latest run wrote
// what it read). Two ways to read it that answer alike: all of it up front (FullGraph: `status`
// of every script, `run --stale`, make), or only the parts asked for (LazyGraph, lazy-graph.ts:
// a `status` after one file changed, which judges again the few scripts that used it).
export interface RunGraph {
  /** Every tracked script, by path. */
  scripts(): ScriptRow[];
  /** A tracked script; undefined when untracked or unknown. */
  script(id: number): ScriptRow | undefined;
  /** The latest finished run of a tracked script. */
  run(id: number): LatestRun | undefined;
  /** Loads the scripts and runs of `ids` together (a hint; the full graph has them already). */
  prefetch(ids: Iterable<number>): void;
  /** The runs read so far (all of them, for the full graph). */
  loadedRuns(): Iterable<LatestRun>;
  /** The script whose latest run (or latest good run) wrote `path` last. */
  producer(path: string): number | undefined;
  /** Whether some script's latest run read `path`. */
  consumed(path: string): boolean;
  /** The scripts that read a file `id` is the producer of. */
  downstream(id: number): number[];
  /**
   * The tracked scripts whose latest run has a file row (any role) for one of `paths` (as
   * stored); null when one of the paths has none.
   */
  users(paths: string[]): Set<number> | null;
}

export class FullGraph implements RunGraph {
  private readonly list: ScriptRow[];
  private readonly byId: Map<number, ScriptRow>;
  private readonly runs: Map<number, LatestRun>;
  private readonly producers = new Map<string, number>();
  private readonly db: Project['db'];
  private readsOf?: Set<string>;
  private downstreamMap?: Map<number, number[]>;

  constructor(project: Project) {
    this.db = project.db;
    this.list = listScripts(project);
    this.byId = new Map(this.list.map((s) => [s.id, s]));
    this.runs = loadLatestRuns(project.db);
    const when = new Map<string, number>();
    for (const w of loadWrites(project.db, this.runs)) {
      if (!this.byId.has(w.scriptId) || (when.get(w.path) ?? -Infinity) > w.at) continue;
      when.set(w.path, w.at);
      this.producers.set(w.path, w.scriptId);
    }
  }

  scripts(): ScriptRow[] {
    return this.list;
  }

  script(id: number): ScriptRow | undefined {
    return this.byId.get(id);
  }

  run(id: number): LatestRun | undefined {
    return this.runs.get(id);
  }

  prefetch(): void {}

  loadedRuns(): Iterable<LatestRun> {
    return this.runs.values();
  }

  producer(path: string): number | undefined {
    return this.producers.get(path);
  }

  consumed(path: string): boolean {
    if (!this.readsOf) {
      this.readsOf = new Set();
      for (const run of this.runs.values())
        for (const f of run.io) if (f.role === 'read') this.readsOf.add(f.path);
    }
    return this.readsOf.has(path);
  }

  downstream(id: number): number[] {
    if (!this.downstreamMap) {
      this.downstreamMap = new Map();
      for (const s of this.list) {
        for (const u of upstreamOf(this, s.id)) {
          const list = this.downstreamMap.get(u) ?? [];
          list.push(s.id);
          this.downstreamMap.set(u, list);
        }
      }
    }
    return this.downstreamMap.get(id) ?? [];
  }

  users(paths: string[]): Set<number> | null {
    const latest = new Map<string, number>();
    for (const run of this.runs.values()) latest.set(run.id, run.scriptId);
    const hit = new Set<number>();
    const known = new Set<string>();
    for (const { path, runId } of runsRecording(this.db, paths)) {
      const id = latest.get(runId);
      if (id === undefined || !this.byId.has(id)) continue;
      hit.add(id);
      known.add(path);
    }
    return paths.every((p) => known.has(p)) ? hit : null;
  }
}

/** Ids of the scripts whose latest run wrote a file `id`'s latest run read. */
export function upstreamOf(graph: RunGraph, id: number): number[] {
  let ups: Set<number> | undefined;
  for (const f of graph.run(id)?.io ?? []) {
    if (f.role !== 'read') continue;
    const p = graph.producer(f.path);
    if (p !== undefined && p !== id) (ups ??= new Set()).add(p);
  }
  return ups ? [...ups] : [];
}

/** Paths the latest run of `id` wrote. */
export function writtenBy(graph: RunGraph, id: number): string[] {
  return (graph.run(id)?.io ?? []).filter((f) => f.role === 'written').map((f) => f.path);
}

/**
 * The scripts whose judgement looks at one of `paths` (stored form: their latest run's script,
 * a module it loaded, a file it read or wrote), and everything downstream of them: what must be
 * judged again when only those files changed. Null when a path is none of those (a package's
 * package.json, simorg's own code): then everything must be.
 */
export function affectedBy(graph: RunGraph, paths: string[]): number[] | null {
  const hit = graph.users(paths);
  if (!hit) return null;
  const out = new Set<number>();
  const visit = (id: number) => {
    if (out.has(id)) return;
    out.add(id);
    graph.downstream(id).forEach(visit);
  };
  hit.forEach(visit);
  graph.prefetch(out);
  return [...out];
}
