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

interface RunRow {
  id: string;
  script_id: number;
  script_hash: string | null;
  run_config: string;
  config_json: string;
  argv_json: string;
  status: string;
  exit_code: number | null;
  signal: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  packages_json: string;
}

// A run still marked `running` says nothing yet about what it depends on, so the latest *finished*
// run is the one freshness is judged from; the job table says whether one is under way.
const LATEST = `
  SELECT id FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY script_id ORDER BY started_at DESC, rowid DESC) AS rn
    FROM runs WHERE status <> 'running'
  ) WHERE rn = 1`;

/** The latest finished run of every script that has one, keyed by script id. */
export function loadLatestRuns(db: Db): Map<number, LatestRun> {
  const rows = db
    .prepare<[], RunRow>(
      `SELECT id, script_id, script_hash, run_config, config_json, argv_json, status, exit_code, signal,
              started_at, ended_at, duration_ms, packages_json
       FROM runs WHERE id IN (${LATEST})`,
    )
    .all();
  const byRun = new Map<string, LatestRun>();
  const byScript = new Map<number, LatestRun>();
  for (const r of rows) {
    const run: LatestRun = {
      id: r.id,
      scriptId: r.script_id,
      scriptHash: r.script_hash,
      runConfig: r.run_config,
      configJson: r.config_json,
      argvJson: r.argv_json,
      status: r.status,
      exitCode: r.exit_code,
      signal: r.signal,
      startedAt: r.started_at,
      endedAt: r.ended_at,
      durationMs: r.duration_ms,
      packagesJson: r.packages_json,
      files: [],
    };
    byRun.set(r.id, run);
    byScript.set(r.script_id, run);
  }
  if (!rows.length) return byScript;
  const files = db
    .prepare<[], RunFile & { run_id: string }>(
      `SELECT run_id, role, path, hash FROM run_files
       WHERE run_id IN (${LATEST}) AND role IN ('script', 'module', 'read', 'written')`,
    )
    .all();
  for (const f of files) byRun.get(f.run_id)?.files.push({ role: f.role, path: f.path, hash: f.hash });
  return byScript;
}

export interface Write {
  scriptId: number;
  path: string;
  /** When the run that wrote it ended (or started, if it never ended). */
  at: number;
}

// A failed or cancelled run often records no outputs; the files its script's last good run wrote
// still came from that script, so both runs count when finding who produced a file.
const LATEST_OK = LATEST.replace("status <> 'running'", "status = 'succeeded'");

/** Files written by the latest run and by the latest successful run of every script. */
export function loadWrites(db: Db): Write[] {
  return db
    .prepare<[], Write>(
      `SELECT r.script_id AS scriptId, f.path AS path, COALESCE(r.ended_at, r.started_at) AS at
       FROM run_files f JOIN runs r ON r.id = f.run_id
       WHERE f.role = 'written' AND (f.run_id IN (${LATEST}) OR f.run_id IN (${LATEST_OK}))`,
    )
    .all();
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
