import type { Db } from './db.js';
import { stmt } from './statements.js';

// Runs named by a list of ids (a sweep's, a Slurm array's), each list bound as one JSON text and
// walked with json_each: one statement whatever the number of runs.

/** What freshness judges of a run (store/latest-runs.ts LatestRun, before its files). */
export interface JudgedRunRow {
  id: string;
  script_id: number;
  script_hash: string | null;
  run_config: string;
  config_json: string;
  argv_json: string;
  params_json: string;
  status: string;
  exit_code: number | null;
  signal: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  packages_json: string;
}

/** The recorded ones of the runs `ids`, as freshness judges them. */
export function judgedRuns(db: Db, ids: readonly string[]): JudgedRunRow[] {
  return stmt<[string], JudgedRunRow>(
    db,
    `SELECT r.id, r.script_id, r.script_hash, r.run_config, r.config_json, r.argv_json, r.params_json, r.status, r.exit_code, r.signal,
      r.started_at, r.ended_at, r.duration_ms, r.packages_json FROM json_each(?) j CROSS JOIN runs r ON r.id = j.value`,
  ).all(JSON.stringify(ids));
}

/** The modules, reads and writes of the runs `ids`, by run, role and path. */
export function judgedRunFiles(
  db: Db,
  ids: readonly string[],
): Array<{ run_id: string; role: string; path: string; hash: string | null }> {
  return stmt<[string], { run_id: string; role: string; path: string; hash: string | null }>(
    db,
    `SELECT f.run_id, f.role, f.path, f.hash FROM json_each(?) j CROSS JOIN run_files f ON f.run_id = j.value
     WHERE f.role IN ('module', 'read', 'written') ORDER BY f.run_id, f.role, f.path`,
  ).all(JSON.stringify(ids));
}

/** The id of one of the runs `ids` that ended other than succeeded, if any. */
export function someRunNotSucceeded(db: Db, ids: readonly string[]): string | undefined {
  return stmt<[string], string>(
    db,
    "SELECT r.id FROM json_each(?) j JOIN runs r ON r.id = j.value WHERE r.status NOT IN ('running', 'succeeded') LIMIT 1",
  )
    .pluck()
    .get(JSON.stringify(ids));
}

/** How each recorded run of `ids` went, and the worker that ran it. */
export interface RunEndRow {
  id: string;
  status: string;
  duration_ms: number | null;
  error_message: string | null;
  worker: string | null;
}

/** The recorded ones of the runs `ids`, in the order of `ids`. */
export function runEnds(db: Db, ids: readonly string[]): RunEndRow[] {
  return stmt<[string], RunEndRow>(
    db,
    'SELECT r.id, r.status, r.duration_ms, r.error_message, r.worker FROM json_each(?) j JOIN runs r ON r.id = j.value',
  ).all(JSON.stringify(ids));
}
