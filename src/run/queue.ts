import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import type { Db } from '../store/db.js';
import { newRunId } from './run-id.js';
import { stmt } from './statements.js';
import { killOrphanedRun } from './process-group.js';

// The job queue lives in the `jobs` table. Every state change that other workers could race on
// happens inside one BEGIN IMMEDIATE transaction, so any number of processes can share the queue.

/** Who runs a job: the host and process. A job is abandoned when that process is gone. */
export interface WorkerId {
  host: string;
  pid: number;
}

export const thisWorker = (): WorkerId => ({ host: hostname(), pid: process.pid });

/** How often a worker stamps its running jobs, and how old a stamp may be before the job is abandoned. */
export const HEARTBEAT_MS = 2000;
export const STALE_MS = 30_000;

export interface JobSpec {
  scriptId: number;
  runConfig: string;
  argv?: string[];
  reason?: string | null;
  tags?: string[];
  params?: Record<string, unknown>;
}

/** A job a worker has claimed: everything needed to run it. */
export interface ClaimedJob {
  id: number;
  scriptId: number;
  scriptPath: string;
  runConfig: string;
  argv: string[];
  reason: string | null;
  tags: string[];
  params: Record<string, unknown>;
  batch: string | null;
  runId: string;
}

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
}

/** Queues `specs` in one transaction (all or nothing) and returns their job ids. */
export function enqueue(db: Db, specs: JobSpec[], batch: string | null = null): number[] {
  const insert = stmt(db, 
    'INSERT INTO jobs (script_id, run_config, argv_json, reason, tags_json, params_json, batch, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const now = Date.now();
  return db.transaction(() =>
    specs.map((s) =>
      Number(
        insert.run(s.scriptId, s.runConfig, JSON.stringify(s.argv ?? []), s.reason ?? null, JSON.stringify(s.tags ?? []),
          JSON.stringify(s.params ?? {}), batch, now).lastInsertRowid,
      ),
    ),
  ).immediate();
}

/** Whether `pid` is a live process here. A zombie (dead, not yet reaped: common under a PID 1 that never reaps) is not. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc (macOS): kill(0) is all we can know
  }
}

/**
 * Marks running jobs whose worker is gone as abandoned (their run as failed): a dead pid on this
 * host, or a heartbeat older than STALE_MS anywhere. A script the dead worker left running on this
 * host is killed: re-queued, it would otherwise run twice at once. Call inside a write transaction.
 */
export function sweepAbandoned(db: Db, now = Date.now()): number {
  const host = hostname();
  const running = stmt<[], { id: number; run_id: string | null; worker_host: string; worker_pid: number; heartbeat_at: number; child_pid: number | null }>(
      db, "SELECT id, run_id, worker_host, worker_pid, heartbeat_at, child_pid FROM jobs WHERE state = 'running'",
    )
    .all();
  let n = 0;
  for (const j of running) {
    const gone = (j.worker_host === host && !alive(j.worker_pid)) || now - j.heartbeat_at > STALE_MS;
    if (!gone) continue;
    stmt(db, "UPDATE jobs SET state = 'abandoned', finished_at = ? WHERE id = ? AND state = 'running'").run(now, j.id);
    if (j.run_id) {
      const orphans = j.worker_host === host && j.child_pid ? killOrphanedRun(j.child_pid, j.run_id) : 0;
      const message = `abandoned: worker ${j.worker_host}:${j.worker_pid} stopped while running it` +
        (orphans ? `; the script it left running (process group ${j.child_pid}) was killed` : '');
      stmt(db,
        "UPDATE runs SET status = 'failed', error_message = ?, ended_at = ?, duration_ms = ? - started_at WHERE id = ? AND status = 'running'",
      ).run(message, j.heartbeat_at, j.heartbeat_at, j.run_id);
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

// The oldest queued job whose script is not running anywhere: one script never runs twice at once.
const CLAIMABLE = `
  SELECT j.id, j.script_id, s.path, j.run_config, j.argv_json, j.reason, j.tags_json, j.params_json, j.batch
  FROM jobs j JOIN scripts s ON s.id = j.script_id
  WHERE j.state = 'queued' AND (@batch IS NULL OR j.batch = @batch) AND (@rc IS NULL OR j.run_config = @rc)
    AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.script_id = j.script_id AND r.state = 'running')
  ORDER BY j.id LIMIT 1`;

/** Claims one job in a BEGIN IMMEDIATE transaction, or returns null when none can be taken now. */
export function claimJob(db: Db, worker: WorkerId, filter: ClaimFilter = {}): ClaimedJob | null {
  const pick = stmt<{ batch: string | null; rc: string | null }, JobDbRow>(db, CLAIMABLE);
  const take = stmt(db, 
    "UPDATE jobs SET state = 'running', run_id = ?, worker_host = ?, worker_pid = ?, heartbeat_at = ?, claimed_at = ? WHERE id = ? AND state = 'queued'",
  );
  return db.transaction((): ClaimedJob | null => {
    const now = Date.now();
    sweepAbandoned(db, now);
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
    };
  }).immediate();
}

/**
 * Stamps the jobs this worker runs. Returns the ids that are no longer this worker's (cancelled,
 * or requeued after being judged abandoned): the caller stops those runs.
 */
export function heartbeat(db: Db, worker: WorkerId, jobIds: number[]): number[] {
  if (!jobIds.length) return [];
  // A job wrongly judged abandoned (the worker was suspended) is taken back while nobody requeued it.
  const stamp = stmt(db, 
    "UPDATE jobs SET heartbeat_at = ?, state = 'running', finished_at = NULL WHERE id = ? AND state IN ('running', 'abandoned') AND worker_host = ? AND worker_pid = ?",
  );
  const now = Date.now();
  return db.transaction(() => jobIds.filter((id) => stamp.run(now, id, worker.host, worker.pid).changes === 0)).immediate();
}

/** Number of jobs of `batch` not yet finished (queued or running). */
export function batchPending(db: Db, batch: string): { queued: number; running: number } {
  const rows = stmt<[string], { state: string; n: number }>(
      db, "SELECT state, count(*) AS n FROM jobs WHERE batch = ? AND state IN ('queued', 'running') GROUP BY state",
    )
    .all(batch);
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
