import type { RunConfig } from '../config/types.js';
import type { Db } from './db.js';
import { stmt } from './statements.js';

// A run's two rows, its start and its end, as the database takes them: plain and JSON-able, so that
// both can also be kept in the run folder (run/run-folder.ts) and written by a later command.

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

/** The machine a run ran on, as recorded with it. */
export interface RunEnvironment {
  node: string;
  host: string;
  os: string;
  cpu: string;
  cpus: number;
  memoryBytes: number;
  user: string;
}

/** The run row as inserted when the script starts. */
export interface StartRow {
  runId: string;
  jobId: number;
  scriptId: number;
  scriptPath: string;
  scriptHash: string | null;
  scriptSize: number | null;
  runConfig: string;
  config: RunConfig;
  argv: string[];
  reason: string | null;
  tags: string[];
  params: Record<string, unknown>;
  startedAt: number;
  stdoutPath: string | null;
  stderrPath: string | null;
  gitCommit: string | null;
  gitDirty: boolean | null;
  env: RunEnvironment;
  worker: string;
  childPid: number | null;
  /** Absent in outcome files of older versions. */
  sweepId?: number | null;
}

/** The run's end as stored: outcome, its files (hashed when it ended) and figures. */
export interface EndRow {
  runId: string;
  jobId: number;
  status: Exclude<RunStatus, 'running'>;
  exitCode: number | null;
  signal: string | null;
  errorMessage: string | null;
  errorStack: string | null;
  endedAt: number;
  durationMs: number;
  packages: Record<string, string>;
  files: Array<[role: string, path: string, hash: string | null, size: number | null]>;
  figures: Array<{ index: number; name: string; format: string; path: string }>;
  /** Job state afterwards: done, or queued again when the worker was stopped mid-run. */
  jobState: 'done' | 'queued' | 'cancelled';
  /** Absent in outcome files of older versions. */
  metrics?: Record<string, unknown>;
}

/** The script's process group, kept with the job at once, so a dead worker's script can still be found (queue.ts). */
export function recordChildPid(db: Db, jobId: number, runId: string, childPid: number): void {
  stmt(db, 'UPDATE jobs SET child_pid = ? WHERE id = ? AND run_id = ?').run(childPid, jobId, runId);
}

/** Inserts the run row as `running` (once: a row already there is kept), with the script file it started from. */
export function writeStart(db: Db, s: StartRow): void {
  db.transaction(() => insertStart(db, s)).immediate();
}

/** Many start rows in one transaction (a savepoint per row would cost as much as the insert). */
export function writeStarts(db: Db, rows: StartRow[]): void {
  db.transaction(() => {
    for (const s of rows) insertStart(db, s);
  }).immediate();
}

// Runs sent together share their config and environment objects: each is made JSON once.
const jsonCache = new WeakMap<object, string>();
function jsonOnce(v: object): string {
  let text = jsonCache.get(v);
  if (text === undefined) jsonCache.set(v, (text = JSON.stringify(v)));
  return text;
}

function insertStart(db: Db, s: StartRow): void {
  if (s.childPid !== null) recordChildPid(db, s.jobId, s.runId, s.childPid);
  stmt(
    db,
    `INSERT OR IGNORE INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json, reason,
      tags_json, params_json, status, started_at, stdout_path, stderr_path, git_commit, git_dirty, env_json, worker, sweep_id)
    VALUES (@runId, @scriptId, @scriptPath, @scriptHash, @runConfig, @config, @argv, @reason,
      @tags, @params, 'running', @startedAt, @stdoutPath, @stderrPath, @gitCommit, @gitDirty, @env, @worker, @sweepId)`,
  ).run({
    runId: s.runId,
    scriptId: s.scriptId,
    scriptPath: s.scriptPath,
    scriptHash: s.scriptHash,
    runConfig: s.runConfig,
    config: jsonOnce(s.config),
    argv: JSON.stringify(s.argv),
    reason: s.reason,
    tags: JSON.stringify(s.tags),
    params: JSON.stringify(s.params),
    startedAt: s.startedAt,
    stdoutPath: s.stdoutPath,
    stderrPath: s.stderrPath,
    gitCommit: s.gitCommit,
    gitDirty: s.gitDirty === null ? null : Number(s.gitDirty),
    env: jsonOnce(s.env),
    worker: s.worker,
    sweepId: s.sweepId ?? null,
  });
  if (s.scriptHash !== null) {
    stmt(
      db,
      "INSERT OR IGNORE INTO run_files (run_id, role, path, hash, size) VALUES (@runId, 'script', @scriptPath, @scriptHash, @scriptSize)",
    ).run({ runId: s.runId, scriptPath: s.scriptPath, scriptHash: s.scriptHash, scriptSize: s.scriptSize });
  }
}

/**
 * Writes a whole run — its start row unless there already, then its end — and closes its job, in one
 * transaction. Writing the same run twice writes the same thing: a worker and a command completing
 * it from its folder may both do it.
 */
export function writeRun(db: Db, start: StartRow, e: EndRow): void {
  db.transaction(() => {
    insertStart(db, start);
    stmt(
      db,
      `UPDATE runs SET status = @status, exit_code = @exitCode, signal = @signal, error_message = @errorMessage,
        error_stack = @errorStack, ended_at = @endedAt, duration_ms = @durationMs, packages_json = @packages,
        metrics_json = @metrics WHERE id = @runId`,
    ).run({
      status: e.status,
      exitCode: e.exitCode,
      signal: e.signal,
      errorMessage: e.errorMessage,
      errorStack: e.errorStack,
      endedAt: e.endedAt,
      durationMs: e.durationMs,
      packages: JSON.stringify(e.packages),
      metrics: JSON.stringify(e.metrics ?? {}),
      runId: e.runId,
    });
    const file = stmt(
      db,
      'INSERT OR IGNORE INTO run_files (run_id, role, path, hash, size) VALUES (@runId, @role, @path, @hash, @size)',
    );
    for (const [role, path, hash, size] of e.files) file.run({ runId: e.runId, role, path, hash, size });
    const fig = stmt(
      db,
      'INSERT OR REPLACE INTO figures (run_id, idx, name, format, path) VALUES (@runId, @index, @name, @format, @path)',
    );
    for (const f of e.figures)
      fig.run({ runId: e.runId, index: f.index, name: f.name, format: f.format, path: f.path });
    if (e.jobState === 'queued') {
      stmt(
        db,
        `UPDATE jobs SET state = 'queued', run_id = NULL, worker_host = NULL, worker_pid = NULL, heartbeat_at = NULL,
          claimed_at = NULL, child_pid = NULL WHERE id = ? AND run_id = ?`,
      ).run(e.jobId, e.runId);
    } else {
      // Guarded by run id: a job requeued and claimed by another worker meanwhile is not ours to close.
      // A job cancelled while running stays cancelled; an abandoned one this worker finished after all is done.
      stmt(
        db,
        `UPDATE jobs SET state = CASE WHEN state = 'cancelled' THEN 'cancelled' ELSE @state END, finished_at = @endedAt
          WHERE id = @jobId AND run_id = @runId`,
      ).run({ state: e.jobState, endedAt: e.endedAt, jobId: e.jobId, runId: e.runId });
    }
  }).immediate();
}

/**
 * Marks a still-running run failed with `message` and closes its job as done (guarded by run id, as
 * in writeRun): what a worker records when it could not run or record the job (the caller makes the
 * transaction).
 */
export function failRunOfJob(db: Db, jobId: number, runId: string, message: string, now: number): void {
  stmt(db, "UPDATE runs SET status = 'failed', error_message = ? WHERE id = ? AND status = 'running'").run(
    message,
    runId,
  );
  stmt(
    db,
    "UPDATE jobs SET state = 'done', finished_at = ? WHERE id = ? AND run_id = ? AND state = 'running'",
  ).run(now, jobId, runId);
}
