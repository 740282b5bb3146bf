import { availableParallelism } from 'node:os';
import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { batchOutcomes } from './batch-results.js';
import { StoreError } from '../errors.js';
import { isTransient, waitToWrite } from './db-wait.js';
import { batchPending, enqueue } from './queue.js';
import type { RunOutcome } from './run-job.js';
import { newRunId } from './run-id.js';
import { cancelBatchJobs } from '../store/queue-admin.js';
import { validateRunnable } from './validate.js';
import { runWorkers, type RunEvent } from './workers.js';

export type { RunEvent } from './workers.js';

/**
 * The order a batch runs in, decided above the runner (src/watch/): which scripts are queued at
 * the start, and which each ended run lets go next. Without one, every script is queued at once.
 */
export interface BatchOrder {
  /** Scripts to queue at the start. */
  first(): ScriptRow[];
  /** Called once for each run of the batch as it ends, before any other job is claimed: scripts to queue now, with why. */
  ended(outcome: RunOutcome): Array<{ script: ScriptRow; reason?: string }>;
}

export interface BatchOptions {
  runConfig?: string;
  jobs?: number;
  reason?: string;
  tags?: string[];
  argv?: string[];
  /** Parameters given to every run of the batch (over each run config's own). */
  params?: Record<string, unknown>;
  onEvent?: (e: RunEvent) => void;
  order?: BatchOrder;
  /** Aborted: stop at once; running runs are killed and recorded `cancelled`, queued jobs cancelled. */
  signal?: AbortSignal;
  /** Aborted: start nothing new, let running runs finish, cancel the queued rest (a first Ctrl-C). */
  drain?: AbortSignal;
}

export interface BatchResult {
  /** Every script queued (without an order: every script) ran, and the last run of each succeeded. */
  ok: boolean;
  runs: Array<{ runId: string; script: string; status: string; durationMs: number | null }>;
  /** Batch id shared by its jobs. */
  batch: string;
  /** Figures saved per run id. */
  figures: Record<string, number>;
}

/** Queue `scripts` as one batch and run them with `jobs` workers in this process; resolves when all are done. */
export async function runBatch(
  project: Project,
  scripts: ScriptRow[],
  options: BatchOptions = {},
): Promise<BatchResult> {
  const runConfig = validateRunnable(project, scripts, options.runConfig);
  const batch = newRunId();
  if (!scripts.length) return { ok: true, runs: [], batch, figures: {} };
  const queued = new Set<number>();
  type Next = Array<{ script: ScriptRow; reason?: string }>;
  const enqueueNow = (list: Next) =>
    enqueue(
      project.db,
      list.map((q) => ({
        scriptId: q.script.id,
        runConfig,
        argv: options.argv,
        reason: q.reason ?? options.reason,
        tags: options.tags,
        params: options.params,
      })),
      batch,
    );
  // Jobs a locked database kept from being queued as a run ended: queued once the workers are idle.
  const deferred: Next = [];
  const queue = (list: Next) => {
    if (!list.length) return;
    list.forEach((q) => queued.add(q.script.id));
    try {
      enqueueNow(list);
    } catch (err) {
      if (!isTransient(err)) throw err;
      deferred.push(...list);
    }
  };
  const flush = async (list: Next, what: string) => {
    if (!list.length) return;
    if (!(await waitToWrite(() => enqueueNow(list), { what, say }))) {
      throw new StoreError(
        `the database ${project.config.database} stayed locked by another process; ${what} could not be queued`,
        {
          code: 'E_DB_BUSY',
          hint: 'try again once the other process is done',
        },
      );
    }
  };
  const first: Next = (options.order?.first() ?? scripts).map((script) => ({ script }));
  first.forEach((q) => queued.add(q.script.id));
  await flush(first, `the jobs of batch ${batch}`);
  const jobs = Math.min(
    scripts.length,
    Math.max(1, options.jobs ?? (project.config.workers || availableParallelism())),
  );
  const stop = new AbortController();
  const onStop = () => stop.abort('cancel');
  if (options.signal?.aborted) onStop();
  options.signal?.addEventListener('abort', onStop);
  const seen = new Set<number>();
  const onEvent = (e: RunEvent) => {
    if (e.type === 'end') {
      seen.add(e.outcome.jobId);
      // Queued before this worker looks for its next job: a reader goes as soon as its writers are done.
      if (options.order && !stop.signal.aborted && !options.drain?.aborted)
        queue(options.order.ended(e.outcome));
    }
    options.onEvent?.(e);
  };
  try {
    for (;;) {
      await runWorkers(project, {
        jobs,
        filter: { batch },
        untilEmpty: true,
        onEvent,
        drain: options.drain,
        stop: stop.signal,
      });
      if (stop.signal.aborted) break;
      if (!options.drain?.aborted) await flush(deferred.splice(0), `the next jobs of batch ${batch}`);
      // Other worker processes may hold some of this batch's jobs: wait for them, and report their
      // runs as they end. A job they put back in the queue is taken up again here.
      const pending = batchPending(project.db, batch);
      for (const o of batchOutcomes(project.db, batch)) {
        if (!seen.has(o.jobId)) onEvent({ type: 'end', worker: -1, outcome: o });
      }
      if (!pending.running && (!pending.queued || options.drain?.aborted)) break;
      if (!pending.queued) await pause(250, stop.signal);
    }
  } finally {
    options.signal?.removeEventListener('abort', onStop);
    // Whatever this batch did not get to is cancelled, not left for some later worker to pick up;
    // when stopped, jobs other workers are running are cancelled too (their heartbeat stops them).
    const which = stop.signal.aborted ? 'unfinished' : 'queued';
    const cancel = () => cancelBatchJobs(project.db, batch, which, Date.now());
    await waitToWrite(cancel, { what: `the end of batch ${batch}`, say });
  }
  const outcomes = batchOutcomes(project.db, batch);
  // The last run of each script decides (a reader re-run after its writer replaces its first failure).
  const last = new Map<string, string>();
  for (const o of outcomes) last.set(o.script, o.status);
  return {
    ok:
      (options.order !== undefined || queued.size === scripts.length) &&
      last.size === queued.size &&
      [...last.values()].every((s) => s === 'succeeded'),
    runs: outcomes.map((o) => ({
      runId: o.runId,
      script: o.script,
      status: o.status,
      durationMs: o.durationMs,
    })),
    batch,
    figures: Object.fromEntries(outcomes.map((o) => [o.runId, o.figures])),
  };
}

// The runner's own lines (waiting on a locked database) go to stderr, beside the scripts' progress.
const say = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((done) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(t), done()), { once: true });
  });
}
