import { hostname } from 'node:os';
import { isDead, procStat } from './proc-stat.js';
import type { Db } from '../store/db.js';
import type { ClaimedJob, WorkerId } from './job.js';
import { newRunId } from './run-id.js';
import { stmt } from './statements.js';
import { killOrphanedRun } from './process-group.js';
import { completePendingRun } from './run-folder.js';
import { failAbandonedRun } from './abandoned-run.js';

// The job queue lives in the `jobs` table. Every state change that other workers could race on
// happens inside one BEGIN IMMEDIATE transaction, so any number of processes can share the queue.

/** Who runs a job: the host and process. A job is abandoned when that process is gone. */
export type { ClaimedJob, WorkerId };

export const thisWorker = (): WorkerId => ({ host: hostname(), pid: process.pid });

/** How often a worker stamps its running jobs. */
export const HEARTBEAT_MS = 2000;
/**
 * How old the stamp of a worker on another host may be before its job is abandoned. Long: a worker
 * stopped (Ctrl-Z, a laptop asleep) is not dead, and from here a pid elsewhere cannot be checked.
 * On this host the process itself is checked, and only a dead one abandons its jobs.
 */
export const REMOTE_STALE_MS = 10 * 60_000;

export interface JobSpec {
  scriptId: number;
  runConfig: string;
  argv?: string[];
  reason?: string | null;
  tags?: string[];
  params?: Record<string, unknown>;
  /** The sweep the job belongs to (src/sweep/), and the folder under figures/<script>/ for its figures. */
  sweepId?: number | null;
  figuresSubdir?: string | null;
}

/** A job a worker has claimed: everything needed to run it. */
interface JobDbRow {
  id: number;
  script_id: number;
  path: string;
  run_config: string;
  argv_json: string;
  reason: string | null;
  tags_json: string;
  params_json: string;
  batch: string | null;
  sweep_id: number | null;
  figures_subdir: string | null;
}

/** Queues `specs` in one transaction (all or nothing) and returns their job ids. */
export function enqueue(db: Db, specs: JobSpec[], batch: string | null = null): number[] {
  const insert = stmt(
    db,
    'INSERT INTO jobs (script_id, run_config, argv_json, reason, tags_json, params_json, batch, created_at, sweep_id, figures_subdir) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const now = Date.now();
  return db
    .transaction(() =>
      specs.map((s) =>
        Number(
          insert.run(
            s.scriptId,
            s.runConfig,
            JSON.stringify(s.argv ?? []),
            s.reason ?? null,
            JSON.stringify(s.tags ?? []),
            JSON.stringify(s.params ?? {}),
            batch,
            now,
            s.sweepId ?? null,
            s.figuresSubdir ?? null,
          ).lastInsertRowid,
        ),
      ),
    )
    .immediate();
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
  const running = stmt<
    [],
    { id: number; run_id: string | null; worker_host: string; worker_pid: number; heartbeat_at: number }
  >(
    db,
    "SELECT id, run_id, worker_host, worker_pid, heartbeat_at FROM jobs WHERE state = 'running' AND worker_host IS NOT 'slurm'",
  ).all();
  let n = 0;
  for (const j of running) {
    if (root && j.run_id && completePendingRun(db, root, j.run_id)) continue;
    const local = j.worker_host === host;
    const gone = local ? !alive(j.worker_pid) : now - j.heartbeat_at > REMOTE_STALE_MS;
    if (!gone) continue;
    stmt(db, "UPDATE jobs SET state = 'abandoned', finished_at = ? WHERE id = ? AND state = 'running'").run(
      now,
      j.id,
    );
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

export interface ClaimFilter {
  /** Only jobs of this batch (a `simorg run` takes only what it queued). */
  batch?: string;
  /** Only jobs queued with this run config (`simorg worker --config`). */
  runConfig?: string;
}

// The oldest queued job whose script is not running anywhere: one script never runs twice at once,
// as two runs would write the same figures. The jobs of a sweep are the exception: each has its own
// parameters and its own figure folder, and running them side by side is the point.
const CLAIMABLE = `
  SELECT j.id, j.script_id, s.path, j.run_config, j.argv_json, j.reason, j.tags_json, j.params_json, j.batch, j.sweep_id, j.figures_subdir
  FROM jobs j JOIN scripts s ON s.id = j.script_id
  WHERE j.state = 'queued' AND (@batch IS NULL OR j.batch = @batch) AND (@rc IS NULL OR j.run_config = @rc)
    AND (j.sweep_id IS NOT NULL OR NOT EXISTS (SELECT 1 FROM jobs r WHERE r.script_id = j.script_id AND r.state = 'running'))
  ORDER BY j.id LIMIT 1`;

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
  const pick = stmt<{ batch: string | null; rc: string | null }, JobDbRow>(db, CLAIMABLE);
  const take = stmt(
    db,
    "UPDATE jobs SET state = 'running', run_id = ?, worker_host = ?, worker_pid = ?, heartbeat_at = ?, claimed_at = ? WHERE id = ? AND state = 'queued'",
  );
  return db
    .transaction((): ClaimedJob | null => {
      const now = Date.now();
      sweepAbandoned(db, now, root);
      const row = pick.get({ batch: filter.batch ?? null, rc: filter.runConfig ?? null });
      if (!row) return null;
      const runId = newRunId();
      take.run(runId, worker.host, worker.pid, now, now, row.id);
      return {
        id: row.id,
        scriptId: row.script_id,
        scriptPath: row.path,
        runConfig: row.run_config,
        argv: JSON.parse(row.argv_json) as string[],
        reason: row.reason,
        tags: JSON.parse(row.tags_json) as string[],
        params: JSON.parse(row.params_json) as Record<string, unknown>,
        batch: row.batch,
        runId,
        sweepId: row.sweep_id,
        figuresSubdir: row.figures_subdir,
      };
    })
    .immediate();
}

/**
 * Stamps the jobs this worker runs. Returns the ids that are no longer this worker's (cancelled,
 * or requeued after being judged abandoned): the caller stops those runs.
 */
export function heartbeat(db: Db, worker: WorkerId, jobIds: number[]): number[] {
  if (!jobIds.length) return [];
  // A job wrongly judged abandoned (the worker was suspended) is taken back while nobody requeued it.
  const stamp = stmt(
    db,
    "UPDATE jobs SET heartbeat_at = ?, state = 'running', finished_at = NULL WHERE id = ? AND state IN ('running', 'abandoned') AND worker_host = ? AND worker_pid = ?",
  );
  const now = Date.now();
  return db
    .transaction(() => jobIds.filter((id) => stamp.run(now, id, worker.host, worker.pid).changes === 0))
    .immediate();
}

/** Number of jobs of `batch` not yet finished (queued or running). */
export function batchPending(db: Db, batch: string): { queued: number; running: number } {
  const rows = stmt<[string], { state: string; n: number }>(
    db,
    "SELECT state, count(*) AS n FROM jobs WHERE batch = ? AND state IN ('queued', 'running') GROUP BY state",
  ).all(batch);
  return {
    queued: rows.find((r) => r.state === 'queued')?.n ?? 0,
    running: rows.find((r) => r.state === 'running')?.n ?? 0,
  };
}

/** Whether any queued job matches `filter` (claimable now or not). */
export function anyQueued(db: Db, filter: ClaimFilter = {}): boolean {
  return (
    db
      .prepare<{ batch: string | null; rc: string | null }, { id: number }>(
        "SELECT id FROM jobs WHERE state = 'queued' AND (@batch IS NULL OR batch = @batch) AND (@rc IS NULL OR run_config = @rc) LIMIT 1",
      )
      .get({ batch: filter.batch ?? null, rc: filter.runConfig ?? null }) !== undefined
  );
}
