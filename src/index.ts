// simorg's programmatic API (`import … from 'simorg/api'`): what the dashboard, sweeps and your own
// tools need — open a project, list its scripts and runs, judge what is fresh and why, queue and
// run scripts. One entry naming every export; the modules behind it are internal.
import { StatusIndex } from './fresh/status-index.js';
import { statusEntry, whyReport, type StatusEntry, type WhyReport } from './fresh/report.js';
import type { Freshness, Wanted } from './fresh/types.js';
import { openProject as openAt, type Project } from './project.js';
import { runBatch, type BatchResult, type RunEvent } from './run/batch.js';
import { enqueue } from './run/queue.js';
import { getRunRecord, type RunRecord } from './store/run-record.js';
import { listRuns as queryRuns, type RunFilter, type RunSummary } from './store/runs.js';
import { resolveRunConfigName, validateRunnable } from './run/validate.js';
import { listScripts as trackedScripts, resolveScripts, type ScriptRow } from './track/scripts.js';
import { BatchPlan, type NotRun } from './watch/batch-plan.js';
import { SWEEP_NAME, splitKeys } from './sweep/define.js';
import { planSweep, type PlannedJob } from './sweep/plan.js';
import { runSweepJobs, type SweepRunResult } from './sweep/run-sweep.js';
import { linear, logarithmic, type Space } from './sweep/space.js';
import { saveSweep, sweepOf } from './store/sweeps.js';
import { UsageError } from './errors.js';

export { SimorgError, UsageError, ConfigError, StoreError, RunError, isSimorgError } from './errors.js';
export { dimension, product, concat, withSeeds } from './sweep/space.js';
export type { Space, PlannedJob, SweepRunResult };
export type {
  Project,
  ScriptRow,
  RunSummary,
  RunRecord,
  RunFilter,
  StatusEntry,
  WhyReport,
  Freshness,
  Wanted,
  RunEvent,
  NotRun,
};

/** Opens the project whose config is found from `cwd` upwards (default: the current folder). Close it when done. */
export function openProject(cwd: string = process.cwd()): Promise<Project> {
  return openAt(cwd);
}

/** The tracked scripts, by path; `group` narrows to one group. */
export function listScripts(project: Project, options: { group?: string } = {}): ScriptRow[] {
  return trackedScripts(project, options);
}

/** Recorded runs, newest first (default: the newest 50). */
export function listRuns(project: Project, options: { limit?: number } & RunFilter = {}): RunSummary[] {
  return queryRuns(project.db, { ...options, limit: options.limit ?? 50 });
}

/** Everything recorded about one run (`id`: the full 12-hex id), or null. */
export function getRun(project: Project, id: string): RunRecord | null {
  return getRunRecord(project.db, id);
}

export interface StatusOptions {
  /** Judge under this run config (default: the project's default run config). */
  runConfig?: string;
  /** ... and these extra arguments (default: none). */
  argv?: string[];
  /** ... and these parameters, over the run config's own (default: none). */
  params?: Record<string, unknown>;
  /** Only these scripts: paths or globs relative to the project root (default: every tracked one). */
  scripts?: string[];
  group?: string;
}

/** Whether each script is never-run, fresh, unverified, stale or failed (or queued/running), with the reasons, as `simorg status --json` says it. */
export function status(
  project: Project,
  options: StatusOptions = {},
): Array<StatusEntry & { freshness: Freshness }> {
  const index = new StatusIndex(project, wanted(project, options));
  try {
    const narrowed = options.scripts !== undefined || options.group !== undefined;
    const scripts = narrowed
      ? resolveScripts(project, project.root, options.scripts ?? [], { group: options.group })
      : index.scripts;
    return index.states(scripts).map((st) => ({ ...statusEntry(st), freshness: st.freshness }));
  } finally {
    index.finish();
  }
}

/** The whole story of one script (`simorg status --why`): every dependency with its state, upstream and downstream. */
export async function why(
  project: Project,
  script: string,
  options: Omit<StatusOptions, 'scripts' | 'group'> = {},
): Promise<WhyReport> {
  const [row] = resolveScripts(project, project.root, [script]);
  const index = new StatusIndex(project, wanted(project, options));
  try {
    return await whyReport(index, index.state(row!));
  } finally {
    index.finish();
  }
}

export interface QueueOptions {
  runConfig?: string;
  argv?: string[];
  /** Parameters for every run (over the run config's `params`); the script reads them with `params()`. */
  params?: Record<string, unknown>;
  reason?: string;
  tags?: string[];
}

/** Queues runs of `scripts` (paths or globs) for any `simorg worker` to take; returns the job ids. Nothing is queued when one cannot run. */
export function queueRuns(project: Project, scripts: string[], options: QueueOptions = {}): number[] {
  const rows = named(project, scripts);
  const runConfig = validateRunnable(project, rows, options.runConfig);
  return enqueue(
    project.db,
    rows.map((s) => ({
      scriptId: s.id,
      runConfig,
      argv: options.argv,
      reason: options.reason,
      tags: options.tags,
      params: options.params,
    })),
  );
}

export interface RunOptions extends QueueOptions {
  /** Parallel workers (default: the config's `workers`, else the number of cores). */
  jobs?: number;
  /** Only the scripts not fresh under this run config and arguments (`simorg run --stale`). */
  onlyStale?: boolean;
  onEvent?: (e: RunEvent) => void;
  /** Aborted: start nothing new; running scripts finish. */
  signal?: AbortSignal;
}

/** Runs `scripts` (paths or globs) here, in dependency order, as `simorg run` does; resolves when all are done. */
export async function runScripts(
  project: Project,
  scripts: string[],
  options: RunOptions = {},
): Promise<BatchResult & { notRun: NotRun[] }> {
  const rows = named(project, scripts);
  const runConfig = validateRunnable(project, rows, options.runConfig);
  const plan = new BatchPlan(project, rows, {
    wanted: { runConfig, argv: options.argv ?? [], params: options.params ?? {} },
    onlyStale: options.onlyStale,
  });
  const result = await runBatch(project, plan.scripts, {
    runConfig,
    argv: options.argv,
    params: options.params,
    jobs: options.jobs,
    reason: options.reason,
    tags: options.tags,
    order: plan,
    onEvent: options.onEvent,
    drain: options.signal,
  });
  const notRun = plan.notRun();
  return { ...result, ok: result.ok && !notRun.length, notRun };
}

// An empty list here is a slip (an unset variable), not "everything": that is asked for by name.
function named(project: Project, scripts: string[]): ScriptRow[] {
  if (!scripts.length)
    throw new UsageError('no scripts named', {
      hint: "name scripts or globs; ['**'] for every tracked script",
    });
  return resolveScripts(project, project.root, scripts);
}

function wanted(
  project: Project,
  o: { runConfig?: string; argv?: string[]; params?: Record<string, unknown> },
): Required<Wanted> {
  return {
    runConfig: resolveRunConfigName(project, o.runConfig),
    argv: o.argv ?? [],
    params: o.params ?? {},
  };
}

/** `count` evenly spaced values from `start` to `stop`, both included (`range(a, b, n)` of `--sweep`). */
export const range = (start: number, stop: number, count: number): number[] =>
  linear(start, stop, count, 'range()');
/** `count` values evenly spaced on a log scale from `start` to `stop` (`log(a, b, n)` of `--sweep`). */
export const logRange = (start: number, stop: number, count: number): number[] =>
  logarithmic(start, stop, count, 'logRange()');

export interface SweepOptions {
  /** The sweep's name: the same name for the same script is the same sweep, resumed. */
  name: string;
  runConfig?: string;
  /** Jobs at once (default: the config's `workers`, else the number of cores). */
  maxConcurrency?: number;
  failFast?: boolean;
  /** Plan only: which jobs would run, and why. */
  dryRun?: boolean;
  onEvent?: (e: RunEvent) => void;
  /** Aborted: start nothing new; running jobs finish. */
  signal?: AbortSignal;
}

/**
 * Runs `script` over `space` (built with dimension/product/concat/withSeeds/range/logRange), as
 * `simorg sweep` does: jobs whose last run in the sweep succeeded and is fresh are skipped.
 */
export async function runSweep(
  project: Project,
  script: string,
  space: Space,
  options: SweepOptions,
): Promise<{ jobs: PlannedJob[]; result: SweepRunResult | null }> {
  const [row] = named(project, [script]);
  if (!SWEEP_NAME.test(options.name))
    throw new UsageError(`${JSON.stringify(options.name)} cannot name a sweep`, {
      hint: 'use letters, digits and _ . , = + -',
    });
  if (!space.points.length) throw new UsageError('the sweep has an empty space: nothing to vary');
  const runConfig = validateRunnable(project, [row!], options.runConfig);
  const known = sweepOf(project.db, row!.id, options.name);
  const jobs = planSweep(
    project,
    row!,
    { id: known?.id ?? null, name: options.name },
    runConfig,
    space.points,
    splitKeys(space).varying,
  );
  if (options.dryRun) return { jobs, result: null };
  const id = saveSweep(project.db, {
    name: options.name,
    scriptId: row!.id,
    runConfig,
    spaceText: '(programmatic)',
    points: jobs.map((j) => j.params),
  });
  const todo = jobs.filter((j) => j.action === 'run');
  if (!todo.length) return { jobs, result: { ok: true, outcomes: [], cancelled: 0, stoppedBy: null } };
  const result = await runSweepJobs(project, row!, id, todo, {
    runConfig,
    maxConcurrency: options.maxConcurrency,
    failFast: options.failFast,
    drain: options.signal,
    onEvent: options.onEvent && ((e) => options.onEvent!(e)),
  });
  return { jobs, result };
}
