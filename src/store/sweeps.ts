import type { Params } from '../config/params.js';
import type { Db } from './db.js';
import { stmt } from './statements.js';

// Sweeps as the database keeps them (table `sweeps`, migration 5): one row per (script, name), its
// current space expanded to parameter sets; its jobs and runs carry its id.

export interface SweepRow {
  id: number;
  name: string;
  scriptId: number;
  script: string;
  runConfig: string;
  spaceText: string;
  points: Params[];
  createdAt: number;
  updatedAt: number;
}

interface Raw {
  id: number;
  name: string;
  script_id: number;
  path: string;
  run_config: string;
  space_text: string;
  points_json: string;
  created_at: number;
  updated_at: number;
}

const SELECT = `SELECT w.id, w.name, w.script_id, s.path, w.run_config, w.space_text, w.points_json, w.created_at, w.updated_at
  FROM sweeps w JOIN scripts s ON s.id = w.script_id`;

const toRow = (r: Raw): SweepRow => ({
  id: r.id,
  name: r.name,
  scriptId: r.script_id,
  script: r.path,
  runConfig: r.run_config,
  spaceText: r.space_text,
  points: JSON.parse(r.points_json) as Params[],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Creates the sweep, or updates its space and run config: the same name for the same script is the same sweep. */
export function saveSweep(
  db: Db,
  s: { name: string; scriptId: number; runConfig: string; spaceText: string; points: Params[] },
): number {
  const now = Date.now();
  const row = stmt<
    { name: string; scriptId: number; runConfig: string; spaceText: string; points: string; now: number },
    { id: number }
  >(
    db,
    `INSERT INTO sweeps (name, script_id, run_config, space_text, points_json, created_at, updated_at)
     VALUES (@name, @scriptId, @runConfig, @spaceText, @points, @now, @now)
     ON CONFLICT (script_id, name) DO UPDATE SET run_config = excluded.run_config, space_text = excluded.space_text,
       points_json = excluded.points_json, updated_at = excluded.updated_at
     RETURNING id`,
  ).get({
    name: s.name,
    scriptId: s.scriptId,
    runConfig: s.runConfig,
    spaceText: s.spaceText,
    points: JSON.stringify(s.points),
    now,
  })!;
  return row.id;
}

export function sweepOf(db: Db, scriptId: number, name: string): SweepRow | null {
  const r = stmt<[number, string], Raw>(db, `${SELECT} WHERE w.script_id = ? AND w.name = ?`).get(
    scriptId,
    name,
  );
  return r ? toRow(r) : null;
}

export function listSweeps(db: Db): SweepRow[] {
  return stmt<[], Raw>(db, `${SELECT} ORDER BY w.updated_at DESC, w.id DESC`).all().map(toRow);
}

/** A finished run of a sweep, by the parameters it ran with (canonical JSON). */
export interface SweepRun {
  id: string;
  paramsJson: string;
  status: string;
  durationMs: number | null;
  startedAt: number;
  errorMessage: string | null;
  metrics: Record<string, unknown>;
}

/** The latest finished run of each parameter set the sweep ran, keyed by its params_json. */
export function latestSweepRuns(db: Db, sweepId: number): Map<string, SweepRun> {
  const rows = stmt<
    [number],
    {
      id: string;
      params_json: string;
      status: string;
      duration_ms: number | null;
      started_at: number;
      error_message: string | null;
      metrics_json: string;
    }
  >(
    db,
    `SELECT id, params_json, status, duration_ms, started_at, error_message, metrics_json FROM runs
     WHERE sweep_id = ? AND status <> 'running' ORDER BY started_at`,
  ).all(sweepId);
  const out = new Map<string, SweepRun>();
  for (const r of rows) {
    out.set(r.params_json, {
      id: r.id,
      paramsJson: r.params_json,
      status: r.status,
      durationMs: r.duration_ms,
      startedAt: r.started_at,
      errorMessage: r.error_message,
      metrics: JSON.parse(r.metrics_json) as Record<string, unknown>,
    });
  }
  return out;
}

/** Jobs of the sweep waiting or running, by params_json. */
export function activeSweepJobs(db: Db, sweepId: number): Map<string, 'queued' | 'running'> {
  const rows = stmt<[number], { params_json: string; state: 'queued' | 'running' }>(
    db,
    "SELECT params_json, state FROM jobs WHERE sweep_id = ? AND state IN ('queued', 'running')",
  ).all(sweepId);
  return new Map(rows.map((r) => [r.params_json, r.state]));
}

/** The sweep the run belongs to, if any. */
export function sweepOfRun(db: Db, runId: string): { id: number; name: string } | undefined {
  return stmt<[string], { id: number; name: string }>(
    db,
    'SELECT w.id, w.name FROM runs r JOIN sweeps w ON w.id = r.sweep_id WHERE r.id = ?',
  ).get(runId);
}
