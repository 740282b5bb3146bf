import type { Db } from '../store/db.js';
import { batchRuns } from '../store/runs.js';
import type { RunOutcome } from './run-job.js';

/**
 * The finished runs of a batch, read from the database, so runs that another worker process took
 * (`simorg worker` helps with any queued job) count as well as this process's own.
 */
export function batchOutcomes(db: Db, batch: string): RunOutcome[] {
  return batchRuns(db, batch).map((r) => ({
    jobId: r.jobId,
    runId: r.runId,
    script: r.script,
    status: r.status as RunOutcome['status'],
    exitCode: r.exitCode,
    signal: r.signal,
    durationMs: r.durationMs ?? 0,
    figures: r.figures,
    error: r.errorMessage,
  }));
}
