import type { Db } from '../store/db.js';
import type { RunOutcome } from './run-job.js';
import { stmt } from './statements.js';

interface Row {
  job: number;
  run_id: string;
  script_path: string;
  status: RunOutcome['status'];
  exit_code: number | null;
  signal: string | null;
  duration_ms: number | null;
  error_message: string | null;
  figures: number;
}

/**
 * The finished runs of a batch, read from the database, so runs that another worker process took
 * (`simorg worker` helps with any queued job) count as well as this process's own.
 */
export function batchOutcomes(db: Db, batch: string): RunOutcome[] {
  return stmt<[string], Row>(
    db,
    `SELECT j.id AS job, r.id AS run_id, r.script_path, r.status, r.exit_code, r.signal, r.duration_ms,
      r.error_message, (SELECT count(DISTINCT f.idx) FROM figures f WHERE f.run_id = r.id) AS figures
    FROM jobs j JOIN runs r ON r.id = j.run_id
    WHERE j.batch = ? AND j.state IN ('done', 'cancelled', 'abandoned') AND r.status <> 'running' ORDER BY j.id`,
  )
    .all(batch)
    .map((r) => ({
      jobId: r.job,
      runId: r.run_id,
      script: r.script_path,
      status: r.status,
      exitCode: r.exit_code,
      signal: r.signal,
      durationMs: r.duration_ms ?? 0,
      figures: r.figures,
      error: r.error_message,
    }));
}
