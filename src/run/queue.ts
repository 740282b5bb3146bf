import { hostname } from 'node:os';
import { isDead, procStat } from './proc-stat.js';
import type { Db } from '../store/db.js';
import {
  anyQueued,
  batchPending,
  insertJobs,
  markAbandoned,
  runningJobs,
  stampJob,
  takeNextJob,
  type ClaimedJob,
  type JobFilter,
  type JobSpec,
  type WorkerId,
} from '../store/jobs.js';
import { newRunId } from './run-id.js';
import { killOrphanedRun } from './process-group.js';
import { completePendingRun } from './run-folder.js';
import { failAbandonedRun } from '../store/abandoned-run.js';

// The job queue lives in the `jobs` table (store/jobs.ts). Every state change that other workers
// could race on happens inside one BEGIN IMMEDIATE transaction, so any number of processes can
// share the queue.

export type { ClaimedJob, JobSpec, WorkerId };

export const thisWorker = (): WorkerId => ({ host: hostname(), pid: process.pid });

/** How often a worker stamps its running jobs. */
export const HEARTBEAT_MS = 2000;
/**
 * How old the stamp of a worker on another host may be before its job is abandoned. Long: a worker
 * stopped (Ctrl-Z, a laptop asleep) is not dead, and from here a pid elsewhere cannot be checked.
 * On this host the process itself is checked, and only a dead one abandons its jobs.
 */
export const REMOTE_STALE_MS = 10 * 60_000;

/** Queues `specs` in one transaction (all or nothing) and returns their job ids. */
export function enqueue(db: Db, specs: JobSpec[], batch: string | null = null): number[] {
  const now = Date.now();
  return db.transaction(() => insertJobs(db, specs, batch, now)).immediate();
}

/** Whether `pid` is a live process here. A zombie (dead, not yet reaped: common under a PID 1 that never reaps) is not. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    return !isDead(procStat(pid));
  } catch {
    return true; // no /proc (macOS): kill(0) is all we can know
  }
}

/**
 * Settles running jobs whose worker is gone. A run whose outcome is in its folder (its worker could
 * not write it to the database) is recorded from there. Otherwise the job is marked abandoned and
 * its run failed, with no end time (when it stopped is not known); a script the dead worker left
 * running on this host is killed: re-queued, it would otherwise run twice at once. A worker whose
 * process is alive is never judged gone here, however old its heartbeat (it may be stopped).
 * Call inside a write transaction; `root` (the project root) enables the completion from folders.
 * Jobs held by Slurm (worker "slurm") have no worker here to die: src/backends/slurm-sync.ts settles them.
 */
export function sweepAbandoned(db: Db, now = Date.now(), root?: string): number {
  const host = hostname();
  let n = 0;
  for (const j of runningJobs(db)) {
    if (root && j.run_id && completePendingRun(db, root, j.run_id)) continue;
    const local = j.worker_host === host;
    const gone = local ? !alive(j.worker_pid) : now - j.heartbeat_at > REMOTE_STALE_MS;
    if (!gone) continue;
    markAbandoned(db, j.id, now);
    if (j.run_id) {
      // Found by its run id, not only by the process group the job row may or may not hold yet.
      const orphans = local ? killOrphanedRun(j.run_id) : 0;
      const message =
        `abandoned: worker ${j.worker_host}:${j.worker_pid} stopped while running it` +
        (orphans
          ? `; the script it left running (${orphans} process${orphans === 1 ? '' : 'es'}) was killed`
          : '');
      failAbandonedRun(db, { ...j, run_id: j.run_id }, message, root);
    }
    n++;
  }
  return n;
}

/** Which jobs a claim may take: only those of a batch (a `simorg run` takes only what it queued), or
 * of one run config (`simorg worker --config`). */
export type ClaimFilter = JobFilter;

/**
 * Claims one job in a BEGIN IMMEDIATE transaction, or returns null when none can be taken now. First
 * settles the jobs of dead workers (sweepAbandoned; with `root`, also records runs left in their folders).
 */
export function claimJob(
  db: Db,
  worker: WorkerId,
  filter: ClaimFilter = {},
  root?: string,
): ClaimedJob | null {
  return db
    .transaction((): ClaimedJob | null => {
      const now = Date.now();
      sweepAbandoned(db, now, root);
      return takeNextJob(db, worker, filter, newRunId(), now);
    })
    .immediate();
}

/**
 * Stamps the jobs this worker runs. Returns the ids that are no longer this worker's (cancelled,
 * or requeued after being judged abandoned): the caller stops those runs.
 */
export function heartbeat(db: Db, worker: WorkerId, jobIds: number[]): number[] {
  if (!jobIds.length) return [];
  const now = Date.now();
  return db.transaction(() => jobIds.filter((id) => !stampJob(db, worker, id, now))).immediate();
}

export { anyQueued, batchPending };
