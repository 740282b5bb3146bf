import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { resolveScripts } from '../track/scripts.js';
import { sweepAbandoned } from './queue.js';
import {
  abandonedJobIds,
  cancelJob,
  deleteWaitingJobs,
  requeueJob,
  unfinishedJobs,
  unfinishedJobsOfScript,
  unfinishedJobsOfSweep,
} from '../store/queue-admin.js';

// What `simorg queue` shows and does: the jobs that are not finished, and changes to them.

export interface JobView {
  id: number;
  script: string;
  state: 'queued' | 'running' | 'abandoned';
  runConfig: string;
  runId: string | null;
  /** host:pid of the worker that holds or held it. */
  worker: string | null;
  heartbeatAt: number | null;
  createdAt: number;
  claimedAt: number | null;
  batch: string | null;
  reason: string | null;
  /** The job's own parameters (a sweep's point, or --param), without the run config's. */
  params: Record<string, unknown>;
}

/**
 * Queued, running and abandoned jobs, oldest first, after judging which running ones are abandoned
 * (and recording, with `root`, the runs whose outcome waits in their folder).
 */
export function listJobs(db: Db, root?: string): JobView[] {
  db.transaction(() => sweepAbandoned(db, Date.now(), root)).immediate();
  return unfinishedJobs(db).map((r) => ({
    id: r.id,
    script: r.path,
    state: r.state,
    runConfig: r.run_config,
    runId: r.run_id,
    worker: r.worker_host ? `${r.worker_host}:${r.worker_pid}` : null,
    heartbeatAt: r.heartbeat_at,
    createdAt: r.created_at,
    claimedAt: r.claimed_at,
    batch: r.batch,
    reason: r.reason,
    params: JSON.parse(r.params_json) as Record<string, unknown>,
  }));
}

const isJobId = (ref: string) => /^\d+$/.test(ref);

/**
 * Cancels jobs named by id or by script (path or glob): queued ones never start, running ones are
 * stopped by their worker at its next heartbeat and recorded `cancelled`. Returns the ids cancelled.
 */
export function cancelJobs(project: Project, cwd: string, refs: string[], sweepId?: number): number[] {
  const { db } = project;
  // An empty pattern would name every script (resolveScripts reads no pattern as all of them).
  if ((!refs.length && sweepId === undefined) || refs.some((r) => r.trim() === '')) {
    throw new UsageError('queue cancel: an empty job id or script pattern names nothing', {
      hint: 'name job ids or scripts; see `simorg queue`',
    });
  }
  const byId = refs.filter(isJobId).map(Number);
  const patterns = refs.filter((r) => !isJobId(r));
  const scriptIds = patterns.length ? resolveScripts(project, cwd, patterns).map((s) => s.id) : [];
  return db
    .transaction(() => {
      const ids: number[] = [];
      const now = Date.now();
      for (const id of byId) {
        if (cancelJob(db, id, now)) ids.push(id);
        else
          throw new UsageError(`job ${id} is not queued or running`, {
            hint: 'see `simorg queue` for the jobs that can be cancelled',
          });
      }
      for (const sid of scriptIds)
        for (const id of unfinishedJobsOfScript(db, sid)) if (cancelJob(db, id, now)) ids.push(id);
      // Every job of a sweep that has not ended (on Slurm: every task of its arrays).
      if (sweepId !== undefined) {
        for (const id of unfinishedJobsOfSweep(db, sweepId)) if (cancelJob(db, id, now)) ids.push(id);
      }
      return ids;
    })
    .immediate();
}

/** Puts abandoned (or cancelled) jobs back in the queue: given ids, or every abandoned one. */
export function requeueJobs(db: Db, ids: number[] | 'abandoned', root?: string): number[] {
  return db
    .transaction(() => {
      sweepAbandoned(db, Date.now(), root);
      const targets = ids === 'abandoned' ? abandonedJobIds(db) : ids;
      for (const id of targets) {
        if (!requeueJob(db, id)) {
          throw new UsageError(`job ${id} is not abandoned or cancelled`, {
            hint: 'only abandoned or cancelled jobs can be requeued; see `simorg queue`',
          });
        }
      }
      return targets;
    })
    .immediate();
}

/** Removes every queued and abandoned job (running ones are left to finish). Returns how many. */
export function clearQueue(db: Db, root?: string): number {
  return db
    .transaction(() => {
      sweepAbandoned(db, Date.now(), root);
      return deleteWaitingJobs(db);
    })
    .immediate();
}
