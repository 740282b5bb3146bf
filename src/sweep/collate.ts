import { canonicalJson, effectiveParams } from '../config/params.js';
import type { Project } from '../project.js';
import { activeSweepJobs, latestSweepRuns, type SweepRow } from '../store/sweeps.js';

// One row per job of a sweep's current space, for pandas, R or a spreadsheet: its parameters, the
// metrics of its last run, its status, duration and run id. A job not run yet is a row too.

export type JobStatus =
  'succeeded' | 'failed' | 'timed-out' | 'cancelled' | 'queued' | 'running' | 'never-run';

export interface CollatedJob {
  index: number;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
  status: JobStatus;
  durationMs: number | null;
  runId: string | null;
  startedAt: number | null;
  error: string | null;
}

export interface Collation {
  sweep: SweepRow;
  /** Parameter and metric names over all rows, sorted: the CSV's param.* and metric.* columns. */
  paramNames: string[];
  metricNames: string[];
  jobs: CollatedJob[];
}

export function collate(project: Project, sweep: SweepRow): Collation {
  const rcParams = project.config.runConfigs[sweep.runConfig]?.params;
  const last = latestSweepRuns(project.db, sweep.id);
  const active = activeSweepJobs(project.db, sweep.id);
  const params = new Set<string>();
  const metrics = new Set<string>();
  const jobs = sweep.points.map((p, index): CollatedJob => {
    const run = last.get(canonicalJson(effectiveParams(rcParams, p))) ?? null;
    const now = active.get(canonicalJson(p));
    for (const k of Object.keys(p)) params.add(k);
    for (const k of Object.keys(run?.metrics ?? {})) metrics.add(k);
    return {
      index,
      params: p,
      metrics: run?.metrics ?? {},
      status: now ?? (run ? (run.status as JobStatus) : 'never-run'),
      durationMs: run?.durationMs ?? null,
      runId: run?.id ?? null,
      startedAt: run?.startedAt ?? null,
      error: run?.errorMessage ?? null,
    };
  });
  return { sweep, paramNames: [...params].sort(), metricNames: [...metrics].sort(), jobs };
}

/** How far a sweep is: its jobs counted by status. */
export function progressOf(project: Project, sweep: SweepRow): Record<JobStatus, number> & { total: number } {
  const counts = {
    total: 0,
    succeeded: 0,
    failed: 0,
    'timed-out': 0,
    cancelled: 0,
    queued: 0,
    running: 0,
    'never-run': 0,
  };
  for (const j of collate(project, sweep).jobs) {
    counts.total++;
    counts[j.status]++;
  }
  return counts;
}
