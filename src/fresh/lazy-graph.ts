import type { Project } from '../project.js';
import { listScripts, type ScriptRow } from '../track/scripts.js';
import { FullGraph, type RunGraph } from './graph.js';
import { latestOf, loadLatestRuns, type LatestRun } from './records.js';
import { isRuntimeFile } from './not-inputs.js';

// The run graph read only where asked (see graph.ts): each script's row and latest run when first
// needed, each file's producer and readers by the run_files path index. After one library file
// changed, `status` judges its few users and their upstream from a few hundred rows instead of
// reading the latest run of all 10,000 scripts. Every answer is the full graph's, by the same
// rules: latest run by the same SQL (records.ts latestOf), producer by the same order of writes.

// A row of run_files whose run is the latest finished run of a tracked script (`f`, `r` in scope).
const OF_LATEST = `CROSS JOIN runs r ON r.id = f.run_id CROSS JOIN scripts s ON s.id = r.script_id
  WHERE s.untracked_at IS NULL AND r.rowid = (${latestOf('r.script_id', 'finished', 'x')})`;

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
    const found = this.db
      .prepare<[string], [number, string, string | null, number]>(
        'SELECT id, path, grp, tracked_at FROM scripts WHERE untracked_at IS NULL AND id IN (SELECT value FROM json_each(?))',
      )
      .raw()
      .all(JSON.stringify(wanted));
    for (const id of wanted) this.rows.set(id, null);
    for (const [id, path, group, trackedAt] of found) this.rows.set(id, { id, path, group, trackedAt });
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
    if (isRuntimeFile(path)) return undefined; // never a link (records.ts leaves them out)
    // The writes FullGraph weighs (records.ts loadWrites), in its order: those of latest runs by
    // script, then those of latest good runs that are not the latest; the latest by time wins,
    // the later listed on a tie.
    const rows = this.db
      .prepare<[string], [number, number, number]>(
        `SELECT r.script_id, COALESCE(r.ended_at, r.started_at), r.rowid = (${latestOf('r.script_id', 'finished', 'x')})
         FROM run_files f CROSS JOIN runs r ON r.id = f.run_id CROSS JOIN scripts s ON s.id = r.script_id
         WHERE f.path = ? AND f.role = 'written' AND s.untracked_at IS NULL
           AND (r.rowid = (${latestOf('r.script_id', 'finished', 'x')})
             OR r.rowid = (${latestOf('r.script_id', 'succeeded', 'x')}))`,
      )
      .raw()
      .all(path);
    rows.sort((a, b) => b[2] - a[2] || a[0] - b[0]);
    let best: { id: number; at: number } | undefined;
    for (const [id, at] of rows) if (!best || !(best.at > at)) best = { id, at };
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
    const written = this.db
      .prepare<[number, number], string>(
        `SELECT DISTINCT f.path FROM runs r CROSS JOIN run_files f ON f.run_id = r.id AND f.role = 'written'
         WHERE r.rowid IN ((${latestOf('?', 'finished', 'x')}), (${latestOf('?', 'succeeded', 'x')}))`,
      )
      .pluck()
      .all(id, id);
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
    const rows = this.db
      .prepare<[string], [string, string, number]>(
        'SELECT f.path, f.run_id, r.script_id FROM json_each(?) j CROSS JOIN run_files f ON f.path = j.value CROSS JOIN runs r ON r.id = f.run_id',
      )
      .raw()
      .all(JSON.stringify(paths));
    this.prefetch(rows.map((r) => r[2]));
    const hit = new Set<number>();
    const known = new Set<string>();
    for (const [path, runId, id] of rows) {
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
      list = this.db
        .prepare<[string], number>(
          `SELECT DISTINCT r.script_id FROM run_files f ${OF_LATEST} AND f.path = ? AND f.role = 'read'`,
        )
        .pluck()
        .all(path);
      this.readers.set(path, list);
    }
    return list;
  }
}
