import type { Db } from './db.js';
import { stmt } from './statements.js';

// The job-table queries of `simorg queue` (list, cancel, requeue, clear) and of a batch or sweep
// cancelling what it did not start. The callers make the BEGIN IMMEDIATE transactions: another
// worker may be claiming the same jobs.

/** A job not finished (queued, running or abandoned) with its script's path. */
export interface UnfinishedJobRow {
  id: number;
  path: string;
  state: 'queued' | 'running' | 'abandoned';
  run_config: string;
  run_id: string | null;
  worker_host: string | null;
  worker_pid: number | null;
  heartbeat_at: number | null;
  created_at: number;
  claimed_at: number | null;
  batch: string | null;
  reason: string | null;
  params_json: string;
}

/** Queued, running and abandoned jobs, oldest first. */
export function unfinishedJobs(db: Db): UnfinishedJobRow[] {
  return stmt<[], UnfinishedJobRow>(
    db,
    `SELECT j.id, s.path, j.state, j.run_config, j.run_id, j.worker_host, j.worker_pid, j.heartbeat_at,
      j.created_at, j.claimed_at, j.batch, j.reason, j.params_json
    FROM jobs j JOIN scripts s ON s.id = j.script_id WHERE j.state IN ('queued', 'running', 'abandoned') ORDER BY j.id`,
  ).all();
}

/** Cancels the job if it is queued or running; false when it is neither. */
export function cancelJob(db: Db, id: number, now: number): boolean {
  return (
    stmt(
      db,
      "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE id = ? AND state IN ('queued', 'running')",
    ).run(now, id).changes > 0
  );
}

/** Ids of the script's queued and running jobs. */
export function unfinishedJobsOfScript(db: Db, scriptId: number): number[] {
  return stmt<[number], number>(
    db,
    "SELECT id FROM jobs WHERE script_id = ? AND state IN ('queued', 'running')",
  )
    .pluck()
    .all(scriptId);
}

/** Ids of the sweep's queued and running jobs, oldest first. */
export function unfinishedJobsOfSweep(db: Db, sweepId: number): number[] {
  return stmt<[number], number>(
    db,
    "SELECT id FROM jobs WHERE sweep_id = ? AND state IN ('queued', 'running') ORDER BY id",
  )
    .pluck()
    .all(sweepId);
}

/** Ids of the abandoned jobs, oldest first. */
export function abandonedJobIds(db: Db): number[] {
  return stmt<[], number>(db, "SELECT id FROM jobs WHERE state = 'abandoned' ORDER BY id").pluck().all();
}

/** Puts an abandoned or cancelled job back in the queue, as never claimed; false when it is neither. */
export function requeueJob(db: Db, id: number): boolean {
  return (
    stmt(
      db,
      `UPDATE jobs SET state = 'queued', run_id = NULL, worker_host = NULL, worker_pid = NULL, heartbeat_at = NULL,
        claimed_at = NULL, finished_at = NULL, child_pid = NULL WHERE id = ? AND state IN ('abandoned', 'cancelled')`,
    ).run(id).changes > 0
  );
}

/** Deletes every queued and abandoned job; returns how many. */
export function deleteWaitingJobs(db: Db): number {
  return stmt(db, "DELETE FROM jobs WHERE state IN ('queued', 'abandoned')").run().changes;
}

/**
 * Cancels the batch's jobs that are queued (`'queued'`) or also those running (`'unfinished'`: their
 * worker stops them at its next heartbeat); returns how many.
 */
export function cancelBatchJobs(db: Db, batch: string, which: 'queued' | 'unfinished', now: number): number {
  const sql =
    which === 'queued'
      ? "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE batch = ? AND state IN ('queued')"
      : "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE batch = ? AND state IN ('queued', 'running')";
  return stmt(db, sql).run(now, batch).changes;
}
