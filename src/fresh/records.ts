import type { Db } from '../store/db.js';

// What freshness needs from the store: the latest finished run of every script with the files it
// recorded, and the scripts that have a job waiting or running. Three queries in all, whatever the
// number of scripts.

export interface RunFile {
  role: string;
  /** Relative to the project root ('/') when inside it, else absolute. */
  path: string;
  hash: string | null;
}

export interface LatestRun {
  id: string;
  scriptId: number;
  scriptHash: string | null;
  runConfig: string;
  configJson: string;
  argvJson: string;
  status: string;
  exitCode: number | null;
  signal: string | null;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  packagesJson: string;
  files: RunFile[];
}

type RunRow = [
  id: string, scriptId: number, scriptHash: string | null, runConfig: string, configJson: string, argvJson: string,
  status: string, exitCode: number | null, signal: string | null, startedAt: number, endedAt: number | null,
  durationMs: number | null, packagesJson: string, rowid: number,
];

// A run still marked `running` says nothing yet about what it depends on, so the latest *finished*
// run is the one freshness is judged from; the job table says whether one is under way. One index
// search per tracked script (runs_script_started), materialised once and joined by rowid; CROSS
// JOIN keeps SQLite from scanning all of run_files instead (it would, for a small runs table).
const latest = (status: string) => `WITH latest AS MATERIALIZED (
  SELECT (SELECT r.rowid FROM runs r WHERE r.script_id = s.id AND ${status}
          ORDER BY r.started_at DESC LIMIT 1) AS rid
  FROM scripts s WHERE s.untracked_at IS NULL)`;
const FINISHED = latest("r.status <> 'running'");
const SUCCEEDED = latest("r.status = 'succeeded'");

/** The latest finished run of every tracked script that has one, keyed by script id. */
export function loadLatestRuns(db: Db): Map<number, LatestRun> {
  const rows = db
    .prepare<[], RunRow>(
      `${FINISHED} SELECT r.id, r.script_id, r.script_hash, r.run_config, r.config_json, r.argv_json, r.status, r.exit_code,
         r.signal, r.started_at, r.ended_at, r.duration_ms, r.packages_json, r.rowid
       FROM latest l CROSS JOIN runs r ON r.rowid = l.rid`,
    )
    .raw()
    .all();
  const byRowid = new Map<number, LatestRun>();
  const byScript = new Map<number, LatestRun>();
  for (const r of rows) {
    const run: LatestRun = {
      id: r[0], scriptId: r[1], scriptHash: r[2], runConfig: r[3], configJson: r[4], argvJson: r[5], status: r[6],
      exitCode: r[7], signal: r[8], startedAt: r[9], endedAt: r[10], durationMs: r[11], packagesJson: r[12], files: [],
    };
    byRowid.set(r[13], run);
    byScript.set(run.scriptId, run);
  }
  if (!rows.length) return byScript;
  const files = db
    .prepare<[], [number, string, string, string | null]>(
      `${FINISHED} SELECT l.rid, f.role, f.path, f.hash
       FROM latest l CROSS JOIN runs r ON r.rowid = l.rid CROSS JOIN run_files f ON f.run_id = r.id`,
    )
    .raw()
    .all();
  for (const [rid, role, path, hash] of files) {
    if (role !== 'figure') byRowid.get(rid)?.files.push({ role, path, hash });
  }
  return byScript;
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
    for (const f of run.files) if (f.role === 'written') out.push({ scriptId: run.scriptId, path: f.path, at });
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
    if (runs.get(scriptId)?.id !== id) out.push({ scriptId, path, at });
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
