import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, relative, sep } from 'node:path';
import type { RunConfig } from '../config/types.js';
import { HashCache } from '../fresh/hash.js';
import type { RunManifest } from '../hook/manifest.js';
import type { Db } from '../store/db.js';
import type { GitState, RunEnvironment } from './environment.js';
import type { ClaimedJob, WorkerId } from './queue.js';
import { stmt } from './statements.js';

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

/** How a path is stored: relative to the root with '/' when inside it, else absolute. */
export function storedPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs;
}

export interface RunStart {
  job: ClaimedJob;
  config: RunConfig;
  scriptHash: string | null;
  startedAt: number;
  stdoutPath: string | null;
  stderrPath: string | null;
  git: GitState;
  env: RunEnvironment;
  worker: WorkerId;
}

/** Inserts the run row as `running`, with the script file it started from. */
export function recordStart(db: Db, s: RunStart, scriptSize: number | null, childPid?: number): void {
  db.transaction(() => {
    // The script's process group, so that if this worker is killed the script can still be stopped (queue.ts).
    if (childPid !== undefined) stmt(db, 'UPDATE jobs SET child_pid = ? WHERE id = ?').run(childPid, s.job.id);
    stmt(db, `INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json, reason, tags_json,
        params_json, status, started_at, stdout_path, stderr_path, git_commit, git_dirty, env_json, worker)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?)`).run(
      s.job.runId, s.job.scriptId, s.job.scriptPath, s.scriptHash, s.job.runConfig, JSON.stringify(s.config),
      JSON.stringify(s.job.argv), s.job.reason, JSON.stringify(s.job.tags), JSON.stringify(s.job.params), s.startedAt,
      s.stdoutPath, s.stderrPath, s.git.commit, s.git.dirty === null ? null : Number(s.git.dirty), JSON.stringify(s.env),
      `${s.worker.host}:${s.worker.pid}`,
    );
    if (s.scriptHash !== null) {
      stmt(db, "INSERT OR IGNORE INTO run_files (run_id, role, path, hash, size) VALUES (?, 'script', ?, ?, ?)").run(
        s.job.runId, s.job.scriptPath, s.scriptHash, scriptSize,
      );
    }
  }).immediate();
}

/** The manifest the hook wrote, or null when there is none or it cannot be read (killed, not JS, truncated). */
export function readManifest(file: string): RunManifest | null {
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunManifest>;
    if (!m || typeof m !== 'object') return null;
    const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
    return {
      version: 1,
      script: String(m.script ?? ''),
      runId: m.runId,
      pid: Number(m.pid ?? 0),
      startedAt: Number(m.startedAt ?? 0),
      endedAt: Number(m.endedAt ?? 0),
      exit: m.exit ?? { code: null },
      error: m.error && typeof m.error.message === 'string' ? m.error : undefined,
      figures: Array.isArray(m.figures) ? m.figures.filter((f) => f && typeof f.path === 'string') : [],
      modules: list(m.modules),
      packages: m.packages && typeof m.packages === 'object' ? m.packages : {},
      read: list(m.read),
      written: list(m.written),
      warnings: list(m.warnings),
    };
  } catch {
    return null;
  }
}

export interface RunEnd {
  runId: string;
  jobId: number;
  status: Exclude<RunStatus, 'running'>;
  exitCode: number | null;
  signal: string | null;
  error: { message: string; stack?: string | null } | null;
  endedAt: number;
  startedAt: number;
  /** Absolute path of the script, left out of the modules it loaded. */
  scriptAbs: string;
  manifest: RunManifest | null;
  /** Job state afterwards: done, or queued again when the worker was stopped mid-run. */
  jobState: 'done' | 'queued' | 'cancelled';
}

/** Completes the run row with its outcome, files (hashed now) and figures, and closes the job: one transaction. */
export function recordEnd(db: Db, root: string, e: RunEnd): number {
  const m = e.manifest;
  const hashes = new HashCache(db); // fresh per run: files change between the runs of one worker
  const files: Array<[string, string, string | null, number | null]> = [];
  const add = (role: string, abs: string) => {
    const h = hashes.hash(abs);
    files.push([role, storedPath(root, abs), h?.hash ?? null, h?.size ?? null]);
  };
  if (m) {
    for (const p of m.modules) if (p !== e.scriptAbs) add('module', p);
    for (const p of m.read) add('read', p);
    for (const p of m.written) add('written', p);
  }
  const figures = m?.figures ?? [];
  db.transaction(() => {
    stmt(db, `UPDATE runs SET status = ?, exit_code = ?, signal = ?, error_message = ?, error_stack = ?, ended_at = ?,
        duration_ms = ?, packages_json = ? WHERE id = ?`).run(
      e.status, e.exitCode, e.signal, e.error?.message ?? null, e.error?.stack ?? null, e.endedAt, e.endedAt - e.startedAt,
      JSON.stringify(m?.packages ?? {}), e.runId,
    );
    const file = stmt(db, 'INSERT OR IGNORE INTO run_files (run_id, role, path, hash, size) VALUES (?, ?, ?, ?, ?)');
    for (const [role, path, hash, size] of files) file.run(e.runId, role, path, hash, size);
    const fig = stmt(db, 'INSERT OR REPLACE INTO figures (run_id, idx, name, format, path) VALUES (?, ?, ?, ?, ?)');
    for (const f of figures) fig.run(e.runId, f.index, f.name, f.format, storedPath(root, f.path));
    if (e.jobState === 'queued') {
      stmt(db, `UPDATE jobs SET state = 'queued', run_id = NULL, worker_host = NULL, worker_pid = NULL, heartbeat_at = NULL,
          claimed_at = NULL WHERE id = ? AND run_id = ?`).run(e.jobId, e.runId);
    } else {
      // Guarded by run id: a job requeued and claimed by another worker meanwhile is not ours to close.
      // A job cancelled while running stays cancelled; an abandoned one this worker finished after all is done.
      stmt(db, "UPDATE jobs SET state = CASE WHEN state = 'cancelled' THEN 'cancelled' ELSE ? END, finished_at = ? WHERE id = ? AND run_id = ?").run(
        e.jobState, e.endedAt, e.jobId, e.runId,
      );
    }
  }).immediate();
  return new Set(figures.map((f) => f.index)).size;
}
