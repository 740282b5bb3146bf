import { availableParallelism } from 'node:os';
import type { Project } from '../project.js';
import { waitToWrite } from '../run/db-wait.js';
import { enqueue } from '../run/queue.js';
import type { RunOutcome } from '../run/run-job.js';
import { newRunId } from '../run/run-id.js';
import { cancelBatchJobs } from '../store/queue-admin.js';
import { runWorkers, type RunEvent } from '../run/workers.js';
import type { ScriptRow } from '../track/scripts.js';
import type { PlannedJob } from './plan.js';

// Runs the jobs of a sweep that need it, here, through the queue the runner already has: each job
// is a run with its parameters and its own figure folder, claimed by up to `maxConcurrency` workers.

export interface SweepRunOptions {
  runConfig: string;
  argv?: string[];
  reason?: string;
  tags?: string[];
  /** Workers at once (default: the config's `workers`, else the number of cores). */
  maxConcurrency?: number;
  /** Stop at the first job that does not succeed: start nothing more, cancel what is queued. */
  failFast?: boolean;
  /** Each event with the planned job it is about. */
  onEvent?: (e: RunEvent, job: PlannedJob | undefined) => void;
  /** Aborted: start nothing new, let running jobs finish (a first Ctrl-C). */
  drain?: AbortSignal;
  /** Aborted: stop running jobs too (a second Ctrl-C). */
  signal?: AbortSignal;
}

export interface SweepRunResult {
  ok: boolean;
  outcomes: RunOutcome[];
  /** Jobs cancelled before they started (fail-fast, Ctrl-C). */
  cancelled: number;
  /** The first failure that stopped a fail-fast sweep. */
  stoppedBy: RunOutcome | null;
}

export async function runSweepJobs(
  project: Project,
  script: ScriptRow,
  sweepId: number,
  jobs: PlannedJob[],
  o: SweepRunOptions,
): Promise<SweepRunResult> {
  const batch = newRunId();
  const say = (line: string) => void process.stderr.write(`${line}\n`);
  const specs = jobs.map((j) => ({
    scriptId: script.id,
    runConfig: o.runConfig,
    argv: o.argv,
    reason: o.reason ?? `sweep ${j.figuresSubdir.split('/')[0]}`,
    tags: o.tags,
    params: j.params,
    sweepId,
    figuresSubdir: j.figuresSubdir,
  }));
  const byId = new Map<number, PlannedJob>();
  const queued = await waitToWrite(
    () => enqueue(project.db, specs, batch).forEach((id, i) => byId.set(id, jobs[i]!)),
    { what: `the jobs of sweep ${sweepId}`, say },
  );
  if (!queued) return { ok: false, outcomes: [], cancelled: jobs.length, stoppedBy: null };
  const drain = new AbortController();
  const stop = new AbortController();
  const onDrain = () => drain.abort();
  const onStop = () => stop.abort('cancel');
  if (o.drain?.aborted) onDrain();
  if (o.signal?.aborted) onStop();
  o.drain?.addEventListener('abort', onDrain);
  o.signal?.addEventListener('abort', onStop);
  let stoppedBy: RunOutcome | null = null;
  const workers = Math.min(
    jobs.length,
    Math.max(1, o.maxConcurrency ?? (project.config.workers || availableParallelism())),
  );
  let outcomes: RunOutcome[] = [];
  try {
    outcomes = await runWorkers(project, {
      jobs: workers,
      filter: { batch },
      untilEmpty: true,
      drain: drain.signal,
      stop: stop.signal,
      say,
      onEvent: (e) => {
        if (e.type === 'end' && o.failFast && e.outcome.status !== 'succeeded' && !stoppedBy) {
          stoppedBy = e.outcome;
          drain.abort();
        }
        o.onEvent?.(e, byId.get(e.type === 'start' ? e.jobId : e.outcome.jobId));
      },
    });
  } finally {
    o.drain?.removeEventListener('abort', onDrain);
    o.signal?.removeEventListener('abort', onStop);
  }
  // What was not started is cancelled, not left for another worker to pick up later.
  let cancelled = 0;
  await waitToWrite(
    () => {
      cancelled = cancelBatchJobs(project.db, batch, 'queued', Date.now());
    },
    { what: `the end of sweep ${sweepId}`, say },
  );
  return {
    ok: outcomes.length === jobs.length && outcomes.every((x) => x.status === 'succeeded'),
    outcomes,
    cancelled,
    stoppedBy,
  };
}
