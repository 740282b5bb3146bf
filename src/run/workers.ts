import { availableParallelism } from 'node:os';
import type { Project } from '../project.js';
import { isTransient } from './db-wait.js';
import {
  anyQueued,
  claimJob,
  heartbeat,
  HEARTBEAT_MS,
  thisWorker,
  type ClaimFilter,
  type ClaimedJob,
} from './queue.js';
import { runJob, type RunOutcome, type StopReason } from './run-job.js';
import { failRunOfJob } from '../store/run-rows.js';

/** Most jobs one process runs at a time: more only wait on the same cores, and each costs memory. */
export const maxJobs = (): number => availableParallelism() * 4;

/** What a pool of workers reports as it goes (for progress lines). `worker` is 0-based within the pool. */
export type RunEvent =
  | { type: 'start'; worker: number; jobId: number; runId: string; script: string; at: number }
  | { type: 'end'; worker: number; outcome: RunOutcome };

export interface PoolOptions {
  /** Parallel workers in this process. */
  jobs: number;
  filter?: ClaimFilter;
  /** Return once nothing matching `filter` is queued; otherwise keep polling until `drain`. */
  untilEmpty: boolean;
  onEvent?: (e: RunEvent) => void;
  /** Aborted: take no new job; running ones finish. */
  drain?: AbortSignal;
  /** Aborted: stop running jobs too; its reason ('cancel' or 'requeue') says what becomes of their jobs. */
  stop?: AbortSignal;
  /** How long an idle worker waits before looking at the queue again. Default 250 ms. */
  pollMs?: number;
  /** Where lines about the queue's bookkeeping go (a locked database). Default: stderr. */
  say?: (line: string) => void;
}

/** Runs up to `jobs` jobs at a time from the queue in this process; resolves with every outcome. */
export async function runWorkers(project: Project, options: PoolOptions): Promise<RunOutcome[]> {
  const { db } = project;
  const worker = thisWorker();
  const active = new Map<number, AbortController>();
  const outcomes: RunOutcome[] = [];
  let wake: () => void = () => {};
  let woken = new Promise<void>((r) => (wake = r));
  const nudge = () => {
    wake();
    woken = new Promise<void>((r) => (wake = r));
  };
  options.drain?.addEventListener('abort', nudge);
  const stopAll = () => {
    for (const c of active.values()) c.abort(options.stop?.reason as StopReason);
    nudge();
  };
  options.stop?.addEventListener('abort', stopAll);
  // The heartbeat also carries cancellation: a job no longer ours (`queue cancel`) is stopped.
  const beat = setInterval(() => {
    try {
      for (const id of heartbeat(db, worker, [...active.keys()]))
        active.get(id)?.abort('cancel' satisfies StopReason);
    } catch {
      // The database was busy past its timeout: the next beat tries again (a job is judged abandoned only after 30 s).
    }
  }, HEARTBEAT_MS);
  beat.unref();
  const stopping = () => options.drain?.aborted === true || options.stop?.aborted === true;
  const say = options.say ?? ((line: string) => void process.stderr.write(line + '\n'));
  let busySaid = false;
  // A database locked past its busy timeout when taking a job: wait and look again, say so once.
  const claim = (): ClaimedJob | null | 'busy' => {
    try {
      const job = claimJob(db, worker, options.filter, project.root);
      busySaid = false;
      return job;
    } catch (err) {
      if (!isTransient(err)) throw err;
      if (!busySaid) say('simorg: the database is locked by another process; waiting to take the next job');
      busySaid = true;
      return 'busy';
    }
  };

  // What goes wrong with one job (a bug, a database error of its own) is that job's failure: the
  // other jobs of the batch run on.
  const runOne = async (job: ClaimedJob, signal: AbortSignal): Promise<RunOutcome> => {
    try {
      return await runJob(project, job, { worker, signal, say });
    } catch (err) {
      const message = `simorg could not run or record it: ${(err as Error)?.message ?? String(err)}`;
      say(`simorg: run ${job.runId} (${job.scriptPath}): ${message}`);
      try {
        db.transaction(() => {
          failRunOfJob(db, job.id, job.runId, message, Date.now());
        }).immediate();
      } catch {
        // the database refuses even this: the job is settled when this worker is gone (sweepAbandoned)
      }
      return {
        jobId: job.id,
        runId: job.runId,
        script: job.scriptPath,
        status: 'failed',
        exitCode: null,
        signal: null,
        durationMs: 0,
        figures: 0,
        error: message,
      };
    }
  };

  const loop = async (index: number) => {
    while (!stopping()) {
      const job = claim();
      if (!job || job === 'busy') {
        // A job still running here may queue more when it ends (a batch in dependency order): wait for it.
        if (job !== 'busy' && options.untilEmpty && !anyQueued(db, options.filter) && active.size === 0)
          return;
        // Nothing we may take now (another worker runs that script, or the queue is empty): wait for
        // one of ours to finish or a poll interval, whichever comes first.
        let t: NodeJS.Timeout | undefined;
        await Promise.race([woken, new Promise<void>((r) => (t = setTimeout(r, options.pollMs ?? 250)))]);
        clearTimeout(t);
        continue;
      }
      const ctl = new AbortController();
      active.set(job.id, ctl);
      options.onEvent?.({
        type: 'start',
        worker: index,
        jobId: job.id,
        runId: job.runId,
        script: job.scriptPath,
        at: Date.now(),
      });
      try {
        const outcome = await runOne(job, ctl.signal);
        outcomes.push(outcome);
        options.onEvent?.({ type: 'end', worker: index, outcome });
      } finally {
        active.delete(job.id);
        nudge();
      }
    }
  };
  try {
    await Promise.all(
      Array.from({ length: Math.min(maxJobs(), Math.max(1, options.jobs)) }, (_, i) => loop(i)),
    );
  } finally {
    clearInterval(beat);
    options.drain?.removeEventListener('abort', nudge);
    options.stop?.removeEventListener('abort', stopAll);
  }
  return outcomes;
}
