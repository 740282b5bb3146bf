import type { Db } from './db.js';
import { stmt } from './statements.js';

// The job queue's table. Every change that other workers could race on happens inside one BEGIN
// IMMEDIATE transaction (the callers in run/queue.ts make them), so any number of processes can
// share the queue.

/** Who runs a job: the host and process. A job is abandoned when that process is gone. */

export interface WorkerId {
  host: string;
  pid: number;
}

export interface ClaimedJob {
  id: number;
  scriptId: number;
  scriptPath: string;
  runConfig: string;
  argv: string[];
  reason: string | null;
  tags: string[];
  params: Record<string, unknown>;
  batch: string | null;
  runId: string;
  /** The sweep the job belongs to, if any, and its figures' folder below figures/<script>/. */
  sweepId?: number | null;
  figuresSubdir?: string | null;
}

/** A job to queue. */
export interface JobSpec {
  scriptId: number;
  runConfig: string;
  argv?: string[];
  reason?: string | null;
  tags?: string[];
  params?: Record<string, unknown>;
  /** The sweep the job belongs to (src/sweep/), and the folder under figures/<script>/ for its figures. */
  sweepId?: number | null;
  figuresSubdir?: string | null;
  /** Queued already held, by a worker that is not a local process (Slurm): running, with this run id. */
  heldBy?: { worker: string; runId: string };
}

/** Inserts the jobs (the caller makes the transaction) and returns their ids. */
export function insertJobs(db: Db, specs: readonly JobSpec[], batch: string | null, now: number): number[] {
  const insert = stmt(
    db,
    `INSERT INTO jobs (script_id, run_config, argv_json, reason, tags_json, params_json, batch, created_at, sweep_id, figures_subdir,
       state, run_id, worker_host, heartbeat_at, claimed_at)
     VALUES (@scriptId, @runConfig, @argv, @reason, @tags, @params, @batch, @now, @sweepId, @figuresSubdir,
       @state, @runId, @workerHost, @heldAt, @heldAt)`,
  );
  return specs.map((s) =>
    Number(
      insert.run({
        scriptId: s.scriptId,
        runConfig: s.runConfig,
        argv: JSON.stringify(s.argv ?? []),
        reason: s.reason ?? null,
        tags: JSON.stringify(s.tags ?? []),
        params: JSON.stringify(s.params ?? {}),
        batch,
        now,
        sweepId: s.sweepId ?? null,
        figuresSubdir: s.figuresSubdir ?? null,
        state: s.heldBy ? 'running' : 'queued',
        runId: s.heldBy?.runId ?? null,
        workerHost: s.heldBy?.worker ?? null,
        heldAt: s.heldBy ? now : null,
      }).lastInsertRowid,
    ),
  );
}

/** A running job held by a worker process (not by Slurm, which has no worker here). */
export interface RunningJob {
  id: number;
  run_id: string | null;
  worker_host: string;
  worker_pid: number;
  heartbeat_at: number;
}

export function runningJobs(db: Db): RunningJob[] {
  return stmt<[], RunningJob>(
    db,
    "SELECT id, run_id, worker_host, worker_pid, heartbeat_at FROM jobs WHERE state = 'running' AND worker_host IS NOT 'slurm'",
  ).all();
}

/** Marks a running job abandoned (its worker is gone). */
export function markAbandoned(db: Db, jobId: number, now: number): void {
  stmt(db, "UPDATE jobs SET state = 'abandoned', finished_at = ? WHERE id = ? AND state = 'running'").run(
    now,
    jobId,
  );
}

/** Which queued jobs a claim may take: of one batch, of one run config. */
export interface JobFilter {
  batch?: string;
  runConfig?: string;
}

// The oldest queued job whose script is not running anywhere: one script never runs twice at once,
// as two runs would write the same figures. The jobs of a sweep are the exception: each has its own
// parameters and its own figure folder, and running them side by side is the point.
const CLAIMABLE = `
  SELECT j.id, j.script_id, s.path, j.run_config, j.argv_json, j.reason, j.tags_json, j.params_json, j.batch,
    j.sweep_id, j.figures_subdir, j.claimed_at, j.created_at
  FROM jobs j JOIN scripts s ON s.id = j.script_id
  WHERE j.state = 'queued' AND (@batch IS NULL OR j.batch = @batch) AND (@runConfig IS NULL OR j.run_config = @runConfig)
    AND (j.sweep_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM jobs r WHERE r.script_id = j.script_id AND r.state = 'running'))
  ORDER BY j.id LIMIT 1`;

/** A job's row with its script's path: what a run is made from. */
export interface JobRow {
  id: number;
  script_id: number;
  path: string;
  run_config: string;
  argv_json: string;
  reason: string | null;
  tags_json: string;
  params_json: string;
  batch: string | null;
  sweep_id: number | null;
  figures_subdir: string | null;
  claimed_at: number | null;
  created_at: number;
}

/**
 * Takes the next claimable job for `worker` as run `runId` (the caller makes the transaction and
 * the id), or null when none can be taken now.
 */
export function takeNextJob(
  db: Db,
  worker: WorkerId,
  filter: JobFilter,
  runId: string,
  now: number,
): ClaimedJob | null {
  const row = stmt<{ batch: string | null; runConfig: string | null }, JobRow>(db, CLAIMABLE).get({
    batch: filter.batch ?? null,
    runConfig: filter.runConfig ?? null,
  });
  if (!row) return null;
  stmt(
    db,
    `UPDATE jobs SET state = 'running', run_id = @runId, worker_host = @host, worker_pid = @pid, heartbeat_at = @now,
       claimed_at = @now WHERE id = @id AND state = 'queued'`,
  ).run({ runId, host: worker.host, pid: worker.pid, now, id: row.id });
  return {
    id: row.id,
    scriptId: row.script_id,
    scriptPath: row.path,
    runConfig: row.run_config,
    argv: JSON.parse(row.argv_json) as string[],
    reason: row.reason,
    tags: JSON.parse(row.tags_json) as string[],
    params: JSON.parse(row.params_json) as Record<string, unknown>,
    batch: row.batch,
    runId,
    sweepId: row.sweep_id,
    figuresSubdir: row.figures_subdir,
  };
}

/**
 * Stamps a job `worker` runs (taking back one wrongly judged abandoned while nobody requeued it);
 * false when the job is no longer the worker's.
 */
export function stampJob(db: Db, worker: WorkerId, jobId: number, now: number): boolean {
  return (
    stmt(
      db,
      `UPDATE jobs SET heartbeat_at = @now, state = 'running', finished_at = NULL
       WHERE id = @id AND state IN ('running', 'abandoned') AND worker_host = @host AND worker_pid = @pid`,
    ).run({ now, id: jobId, host: worker.host, pid: worker.pid }).changes > 0
  );
}

/** Number of jobs of `batch` not yet finished (queued or running). */
export function batchPending(db: Db, batch: string): { queued: number; running: number } {
  const rows = stmt<[string], { state: string; n: number }>(
    db,
    "SELECT state, count(*) AS n FROM jobs WHERE batch = ? AND state IN ('queued', 'running') GROUP BY state",
  ).all(batch);
  return {
    queued: rows.find((r) => r.state === 'queued')?.n ?? 0,
    running: rows.find((r) => r.state === 'running')?.n ?? 0,
  };
}

/** Whether any queued job matches `filter` (claimable now or not). */
export function anyQueued(db: Db, filter: JobFilter = {}): boolean {
  return (
    stmt<{ batch: string | null; runConfig: string | null }, { id: number }>(
      db,
      "SELECT id FROM jobs WHERE state = 'queued' AND (@batch IS NULL OR batch = @batch) AND (@runConfig IS NULL OR run_config = @runConfig) LIMIT 1",
    ).get({ batch: filter.batch ?? null, runConfig: filter.runConfig ?? null }) !== undefined
  );
}
