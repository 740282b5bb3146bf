import type { Project } from '../project.js';
import { listScripts, type ScriptRow } from '../track/scripts.js';
import { FullGraph, type RunGraph } from './graph.js';
import { loadLatestRuns, type LatestRun } from '../store/latest-runs.js';
import { readersOf, runsRecording, writersOf, writtenByLatest } from '../store/run-links.js';
import { trackedScriptsById } from '../store/scripts.js';
import { isRuntimeFile } from '../store/runtime-files.js';

// The run graph read only where asked (see graph.ts): each script's row and latest run when first
// needed, each file's producer and readers by the run_files path index. After one library file
// changed, `status` judges its few users and their upstream from a few hundred rows instead of
// reading the latest run of all 10,000 scripts. Every answer is the full graph's, by the same
// rules: latest run by the same SQL (store/latest-runs.ts latestOf), producer by the same order of writes.

// From this many scripts using the changed files, reading the whole graph at once costs less than
// a few queries for each (measured: 300 of 1,000 library files changed on the 10,000-script bench,
// ~6,700 scripts to judge, took longer read lazily).
const FULL_FROM = 1000;

export class LazyGraph implements RunGraph {
  private readonly db: Project['db'];
  /** Set when so many scripts are to be judged that the whole graph is read: then it answers. */
  private full?: FullGraph;
  private list?: ScriptRow[];
  private readonly rows = new Map<number, ScriptRow | null>();
  private readonly runs = new Map<number, LatestRun | null>();
  private readonly producers = new Map<string, number | undefined>();
  private readonly readers = new Map<string, number[]>();
  private readonly downstreams = new Map<number, number[]>();

  /** `fullFrom`: how many users of changed files make it read the whole graph (tests lower it). */
  constructor(
    private readonly project: Project,
    private readonly fullFrom = FULL_FROM,
  ) {
    this.db = project.db;
  }

  scripts(): ScriptRow[] {
    if (this.full) return this.full.scripts();
    if (!this.list) {
      this.list = listScripts(this.project);
      for (const s of this.list) this.rows.set(s.id, s);
    }
    return this.list;
  }

  script(id: number): ScriptRow | undefined {
    if (this.full) return this.full.script(id);
    if (!this.rows.has(id)) this.prefetch([id]);
    return this.rows.get(id) ?? undefined;
  }

  run(id: number): LatestRun | undefined {
    if (this.full) return this.full.run(id);
    if (!this.runs.has(id)) this.prefetch([id]);
    return this.runs.get(id) ?? undefined;
  }

  prefetch(ids: Iterable<number>): void {
    if (this.full) return;
    const wanted = [...new Set(ids)].filter((id) => !this.rows.has(id) || !this.runs.has(id));
    if (!wanted.length) return;
    for (const id of wanted) this.rows.set(id, null);
    for (const s of trackedScriptsById(this.db, wanted))
      this.rows.set(s.id, { id: s.id, path: s.path, group: s.grp, trackedAt: s.tracked_at });
    const runs = loadLatestRuns(this.db, wanted);
    for (const id of wanted) this.runs.set(id, runs.get(id) ?? null);
  }

  loadedRuns(): Iterable<LatestRun> {
    if (this.full) return this.full.loadedRuns();
    return [...this.runs.values()].filter((r): r is LatestRun => r !== null);
  }

  producer(path: string): number | undefined {
    if (this.full) return this.full.producer(path);
    if (this.producers.has(path)) return this.producers.get(path);
    if (isRuntimeFile(path)) return undefined; // never a link (latest-runs.ts leaves them out)
    // The writes FullGraph weighs (store/latest-runs.ts loadWrites), in its order: those of latest runs by
    // script, then those of latest good runs that are not the latest; the latest by time wins,
    // the later listed on a tie.
    const rows = writersOf(this.db, path);
    rows.sort((a, b) => Number(b.latest) - Number(a.latest) || a.scriptId - b.scriptId);
    let best: { id: number; at: number } | undefined;
    for (const { scriptId: id, at } of rows) if (!best || !(best.at > at)) best = { id, at };
    this.producers.set(path, best?.id);
    return best?.id;
  }

  consumed(path: string): boolean {
    if (this.full) return this.full.consumed(path);
    return this.readersOf(path).length > 0;
  }

  downstream(id: number): number[] {
    if (this.full) return this.full.downstream(id);
    let list = this.downstreams.get(id);
    if (list) return list;
    // What `id` may be the producer of: what its latest run and its latest good run wrote.
    const written = writtenByLatest(this.db, id);
    const out = new Set<number>();
    for (const p of written) {
      if (isRuntimeFile(p) || this.producer(p) !== id) continue;
      for (const r of this.readersOf(p)) if (r !== id) out.add(r);
    }
    list = [...out];
    this.downstreams.set(id, list);
    return list;
  }

  users(paths: string[]): Set<number> | null {
    if (this.full) return this.full.users(paths);
    const rows = runsRecording(this.db, paths);
    this.prefetch(rows.map((r) => r.scriptId));
    const hit = new Set<number>();
    const known = new Set<string>();
    for (const { path, runId, scriptId: id } of rows) {
      if (this.rows.get(id) && this.runs.get(id)?.id === runId) {
        hit.add(id);
        known.add(path);
      }
    }
    if (hit.size >= this.fullFrom) this.full = new FullGraph(this.project);
    return paths.every((p) => known.has(p)) ? hit : null;
  }

  /** The tracked scripts whose latest run read `path`. */
  private readersOf(path: string): number[] {
    let list = this.readers.get(path);
    if (!list && isRuntimeFile(path)) list = [];
    if (!list) {
      list = readersOf(this.db, path);
      this.readers.set(path, list);
    }
    return list;
  }
}
