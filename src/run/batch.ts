import { availableParallelism } from 'node:os';
import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { enqueue } from './queue.js';
import { newRunId } from './run-id.js';
import { stmt } from './statements.js';
import { validateRunnable } from './validate.js';
import { runWorkers, type RunEvent } from './workers.js';

export type { RunEvent } from './workers.js';

export interface BatchOptions {
  runConfig?: string;
  jobs?: number;
  reason?: string;
  tags?: string[];
  argv?: string[];
  onEvent?: (e: RunEvent) => void;
  /** Aborted: stop at once; running runs are killed and recorded `cancelled`, queued jobs cancelled. */
  signal?: AbortSignal;
  /** Aborted: start nothing new, let running runs finish, cancel the queued rest (a first Ctrl-C). */
  drain?: AbortSignal;
}

export interface BatchResult {
  ok: boolean;
  runs: Array<{ runId: string; script: string; status: string; durationMs: number | null }>;
  /** Batch id shared by its jobs. */
  batch: string;
  /** Figures saved per run id. */
  figures: Record<string, number>;
}

/** Queue `scripts` as one batch and run them with `jobs` workers in this process; resolves when all are done. */
export async function runBatch(project: Project, scripts: ScriptRow[], options: BatchOptions = {}): Promise<BatchResult> {
  const runConfig = validateRunnable(project, scripts, options.runConfig);
  const batch = newRunId();
  if (!scripts.length) return { ok: true, runs: [], batch, figures: {} };
  enqueue(
    project.db,
    scripts.map((s) => ({ scriptId: s.id, runConfig, argv: options.argv, reason: options.reason, tags: options.tags })),
    batch,
  );
  const jobs = Math.min(scripts.length, Math.max(1, options.jobs ?? (project.config.workers || availableParallelism())));
  const stop = new AbortController();
  const onStop = () => stop.abort('cancel');
  if (options.signal?.aborted) onStop();
  options.signal?.addEventListener('abort', onStop);
  let outcomes;
  try {
    outcomes = await runWorkers(project, {
      jobs, filter: { batch }, untilEmpty: true, onEvent: options.onEvent, drain: options.drain, stop: stop.signal,
    });
  } finally {
    options.signal?.removeEventListener('abort', onStop);
    // Whatever this batch did not get to is cancelled, not left for some later worker to pick up.
    stmt(project.db, "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE batch = ? AND state = 'queued'").run(Date.now(), batch);
  }
  const order = new Map(scripts.map((s, i) => [s.path, i]));
  outcomes.sort((a, b) => (order.get(a.script) ?? 0) - (order.get(b.script) ?? 0));
  return {
    ok: outcomes.length === scripts.length && outcomes.every((o) => o.status === 'succeeded'),
    runs: outcomes.map((o) => ({ runId: o.runId, script: o.script, status: o.status, durationMs: o.durationMs })),
    batch,
    figures: Object.fromEntries(outcomes.map((o) => [o.runId, o.figures])),
  };
}
