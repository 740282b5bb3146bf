import type { Db } from './db.js';
import { selectJson } from './json-rows.js';
import { isRuntimeFile } from './runtime-files.js';

// What freshness needs from the store: the latest finished run of every script, the files those
// runs read and wrote, and the scripts that have a job waiting or running. The modules a run loaded
// are by far the most rows (every script loads its library) and are read only on demand: all of
// one run's (`loadModules`), or only those whose file changed since (`loadChangedModules`).

export interface RunFile {
  role: string;
  /** Relative to the project root ('/') when inside it, else absolute. */
  path: string;
  hash: string | null;
  /** For a read: the same run also loaded this path as a module (which is what counts). */
  shadowed?: boolean;
}

export interface LatestRun {
  id: string;
  scriptId: number;
  scriptHash: string | null;
  /** The script's hash as freshness compares it: the run's first `script` file row, else scriptHash. */
  scriptThen: string | null;
  runConfig: string;
  configJson: string;
  argvJson: string;
  /** The run's parameters, as stored (canonical JSON: keys sorted). */
  paramsJson: string;
  status: string;
  exitCode: number | null;
  signal: string | null;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  packagesJson: string;
  /** The files the run read and wrote (roles `read` and `written`), by role then path. */
  io: RunFile[];
}

// A run still marked `running` says nothing yet about what it depends on, so the latest *finished*
// run is the one freshness is judged from; the job table says whether one is under way. One index
// search per tracked script (runs_script_started), materialised once and joined by rowid; CROSS
// JOIN keeps SQLite from scanning all of run_files instead (it would, for a small runs table).
const latest = (which: Latest, only = '') => `WITH latest AS MATERIALIZED (
  SELECT (${latestOf('s.id', which)}) AS rid
  FROM scripts s WHERE s.untracked_at IS NULL ${only})`;
type Latest = 'finished' | 'succeeded';
/**
 * SQL: the rowid of the latest finished (or succeeded) run of the script `scriptId` (an SQL
 * expression), `r` naming the runs table inside. Every query of a latest run uses this one, so
 * that all agree on it (on a tie of start times too).
 */
export const latestOf = (scriptId: string, which: Latest, r = 'r'): string =>
  `SELECT ${r}.rowid FROM runs ${r} WHERE ${r}.script_id = ${scriptId} AND ${r}.status ${which === 'finished' ? "<> 'running'" : "= 'succeeded'"}
   ORDER BY ${r}.started_at DESC LIMIT 1`;
const FINISHED = latest('finished');
const SUCCEEDED = latest('succeeded');

type RunRow = [
  id: string,
  scriptId: number,
  scriptHash: string | null,
  runConfig: string,
  configJson: string,
  argvJson: string,
  status: string,
  exitCode: number | null,
  signal: string | null,
  startedAt: number,
  endedAt: number | null,
  durationMs: number | null,
  packagesJson: string,
  paramsJson: string,
];

/**
 * The latest finished run of every tracked script that has one, keyed by script id; of the
 * scripts `ids` only, when given.
 */
export function loadLatestRuns(db: Db, ids?: number[]): Map<number, LatestRun> {
  const rows = selectJson<RunRow>(
    db,
    {
      with: ids ? latest('finished', 'AND s.id IN (SELECT value FROM json_each(?))') : FINISHED,
      columns: `r.id, r.script_id, r.script_hash, r.run_config, r.config_json, r.argv_json, r.status, r.exit_code, r.signal,
      r.started_at, r.ended_at, r.duration_ms, r.packages_json, r.params_json`,
      from: 'FROM latest l CROSS JOIN runs r ON r.rowid = l.rid',
    },
    ...(ids ? [JSON.stringify(ids)] : []),
  );
  const runs: LatestRun[] = rows.map((r) => ({
    id: r[0],
    scriptId: r[1],
    scriptHash: r[2],
    scriptThen: r[2],
    runConfig: r[3],
    configJson: r[4],
    argvJson: r[5],
    status: r[6],
    exitCode: r[7],
    signal: r[8],
    startedAt: r[9],
    endedAt: r[10],
    durationMs: r[11],
    packagesJson: r[12],
    paramsJson: r[13],
    io: [],
  }));
  const byId = new Map<string, LatestRun>();
  const byScript = new Map<number, LatestRun>();
  for (const run of runs) {
    byId.set(run.id, run);
    byScript.set(run.scriptId, run);
  }
  if (!runs.length) return byScript;
  // One pass over each run's file rows for what it read and wrote, and for the `script` rows that
  // disagree with runs.script_hash (none, as the runner writes them), which then win: the first
  // one by path is the script as the run recorded it.
  const files = selectJson<[string, string, string, string | null, number | string | null]>(
    db,
    {
      columns: `f.run_id, f.role, f.path, f.hash, CASE f.role
        WHEN 'read' THEN EXISTS (SELECT 1 FROM run_files m WHERE m.run_id = f.run_id AND m.role = 'module' AND m.path = f.path)
        WHEN 'script' THEN (SELECT min(s.path) FROM run_files s WHERE s.run_id = f.run_id AND s.role = 'script') END`,
      from: `FROM json_each(?) j CROSS JOIN run_files f ON f.run_id = j.value ->> 0
        WHERE f.role IN ('read', 'written') OR (f.role = 'script' AND f.hash IS NOT j.value ->> 1)`,
    },
    JSON.stringify(runs.map((r) => [r.id, r.scriptHash])),
  );
  for (const [id, role, path, hash, extra] of files) {
    const run = byId.get(id)!;
    if (role === 'script') {
      if (path === extra) run.scriptThen = hash;
    } else if (!isRuntimeFile(path)) {
      run.io.push(role === 'read' ? { role, path, hash, shadowed: extra === 1 } : { role, path, hash });
    }
  }
  return byScript;
}

/** Every module the runs `runIds` loaded, by run id (each list by path). */
export function loadModules(db: Db, runIds: string[]): Map<string, RunFile[]> {
  const out = new Map<string, RunFile[]>(runIds.map((id) => [id, []]));
  const rows = selectJson<[string, string, string | null]>(
    db,
    {
      columns: 'f.run_id, f.path, f.hash',
      from: "FROM json_each(?) j CROSS JOIN run_files f ON f.run_id = j.value AND f.role = 'module'",
    },
    JSON.stringify(runIds),
  );
  for (const [id, path, hash] of rows) out.get(id)!.push({ role: 'module', path, hash });
  return out;
}

/**
 * The modules the runs `runIds` loaded for which `changed(path, then)` is true, by run id (each
 * list by path). Many runs share a module recorded with the same hash: `changed` is asked once
 * per distinct (path, hash), and only the rows of changed ones are read.
 */
export function loadChangedModules(
  db: Db,
  runIds: string[],
  changed: (path: string, then: string | null) => boolean,
): Map<string, RunFile[]> {
  const out = new Map<string, RunFile[]>(runIds.map((id) => [id, []]));
  const ids = JSON.stringify(runIds);
  const pairs = selectJson<[string, string | null]>(
    db,
    {
      columns: 'path, hash',
      from: `FROM (SELECT DISTINCT f.path, f.hash FROM json_each(?) j
        CROSS JOIN run_files f ON f.run_id = j.value AND f.role = 'module')`,
    },
    ids,
  );
  const stale = new Map<string, Set<string | null>>();
  for (const [path, then] of pairs) {
    if (!changed(path, then)) continue;
    const hashes = stale.get(path) ?? new Set();
    hashes.add(then);
    stale.set(path, hashes);
  }
  if (!stale.size) return out;
  const rows = selectJson<[string, string, string | null]>(
    db,
    {
      columns: 'f.run_id, f.path, f.hash',
      from: `FROM json_each(?) j CROSS JOIN run_files f ON f.run_id = j.value AND f.role = 'module'
        WHERE f.path IN (SELECT value FROM json_each(?))`,
    },
    ids,
    JSON.stringify([...stale.keys()]),
  );
  for (const [id, path, hash] of rows)
    if (stale.get(path)!.has(hash)) out.get(id)!.push({ role: 'module', path, hash });
  return out;
}

export interface Write {
  scriptId: number;
  path: string;
  /** When the run that wrote it ended (or started, if it never ended). */
  at: number;
}

/**
 * Files written by the latest run and by the latest successful run of every script: a failed or
 * cancelled run often records no outputs, yet the files its script's last good run wrote still
 * came from that script. `runs` are the latest runs (loadLatestRuns); only scripts whose latest
 * run did not succeed cost another query.
 */
export function loadWrites(db: Db, runs: Map<number, LatestRun>): Write[] {
  const out: Write[] = [];
  let unsettled = false;
  for (const run of runs.values()) {
    const at = run.endedAt ?? run.startedAt;
    for (const f of run.io) if (f.role === 'written') out.push({ scriptId: run.scriptId, path: f.path, at });
    if (run.status !== 'succeeded') unsettled = true;
  }
  if (!unsettled) return out;
  const rows = db
    .prepare<[], [number, string, number, string]>(
      `${SUCCEEDED} SELECT r.script_id, f.path, COALESCE(r.ended_at, r.started_at), r.id
       FROM latest l CROSS JOIN runs r ON r.rowid = l.rid CROSS JOIN run_files f ON f.run_id = r.id AND f.role = 'written'`,
    )
    .raw()
    .all();
  for (const [scriptId, path, at, id] of rows) {
    if (runs.get(scriptId)?.id !== id && !isRuntimeFile(path)) out.push({ scriptId, path, at });
  }
  return out;
}

/** Script id -> 'running' | 'queued', for scripts with an unfinished job (running wins). */
export function loadActiveJobs(db: Db): Map<number, 'queued' | 'running'> {
  const rows = db
    .prepare<[], { script_id: number; state: 'queued' | 'running' }>(
      "SELECT script_id, state FROM jobs WHERE state IN ('queued', 'running')",
    )
    .all();
  const out = new Map<number, 'queued' | 'running'>();
  for (const r of rows) if (out.get(r.script_id) !== 'running') out.set(r.script_id, r.state);
  return out;
}

/**
 * What one finished run read (and of that, what was missing when it ended), what it wrote, and
 * when it started, by path as stored (the runtime's own files left out): what a batch needs to
 * re-run a reader that ran before, or while, its writer ran.
 */
export function runIo(
  db: Db,
  runId: string,
): { read: string[]; missing: string[]; written: string[]; startedAt: number } {
  const rows = db
    .prepare<[string], [string, string, string | null]>(
      `SELECT role, path, hash FROM run_files WHERE run_id = ? AND (role = 'read' OR (role = 'written' AND hash IS NOT NULL))`,
    )
    .raw()
    .all(runId);
  const startedAt =
    db.prepare<[string], number>('SELECT started_at FROM runs WHERE id = ?').pluck().get(runId) ?? 0;
  const out = { read: [] as string[], missing: [] as string[], written: [] as string[], startedAt };
  for (const [role, path, hash] of rows) {
    if (isRuntimeFile(path)) continue;
    if (role === 'written') out.written.push(path);
    else {
      out.read.push(path);
      if (hash === null) out.missing.push(path);
    }
  }
  return out;
}
