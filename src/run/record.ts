import { existsSync, readFileSync } from 'node:fs';
import type { RunConfig } from '../config/types.js';
import { HashCache } from '../fresh/hash.js';
import type { ManifestFigure, RunManifest } from '../hook/capture/manifest.js';
import type { Db } from '../store/db.js';
import { storedPath } from '../store/stored-path.js';
import type { GitState, RunEnvironment } from './environment.js';
import type { ClaimedJob, WorkerId } from './job.js';
import { stmt } from './statements.js';

// A run's record is built in two plain, JSON-able rows — its start and its end — so that both can
// be kept in the run folder (run-folder.ts) and written to the database now or by a later command.

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'timed-out' | 'cancelled';

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

export function startRow(s: RunStart, scriptSize: number | null, childPid?: number): StartRow {
  return {
    runId: s.job.runId,
    jobId: s.job.id,
    scriptId: s.job.scriptId,
    scriptPath: s.job.scriptPath,
    scriptHash: s.scriptHash,
    scriptSize,
    runConfig: s.job.runConfig,
    config: s.config,
    argv: s.job.argv,
    reason: s.job.reason,
    tags: s.job.tags,
    params: s.job.params,
    startedAt: s.startedAt,
    stdoutPath: s.stdoutPath,
    stderrPath: s.stderrPath,
    gitCommit: s.git.commit,
    gitDirty: s.git.dirty,
    env: s.env,
    worker: `${s.worker.host}:${s.worker.pid}`,
    childPid: childPid ?? null,
    sweepId: s.job.sweepId ?? null,
  };
}

/** The script's process group, kept with the job at once, so a dead worker's script can still be found (queue.ts). */
export function recordChildPid(db: Db, jobId: number, runId: string, childPid: number): void {
  stmt(db, 'UPDATE jobs SET child_pid = ? WHERE id = ? AND run_id = ?').run(childPid, jobId, runId);
}

/** Inserts the run row as `running` (once: a row already there is kept), with the script file it started from. */
export function writeStart(db: Db, s: StartRow): void {
  db.transaction(() => insertStart(db, s)).immediate();
}

function insertStart(db: Db, s: StartRow): void {
  if (s.childPid !== null) recordChildPid(db, s.jobId, s.runId, s.childPid);
  stmt(
    db,
    `INSERT OR IGNORE INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json, reason, tags_json,
      params_json, status, started_at, stdout_path, stderr_path, git_commit, git_dirty, env_json, worker, sweep_id)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'running', ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    s.runId,
    s.scriptId,
    s.scriptPath,
    s.scriptHash,
    s.runConfig,
    JSON.stringify(s.config),
    JSON.stringify(s.argv),
    s.reason,
    JSON.stringify(s.tags),
    JSON.stringify(s.params),
    s.startedAt,
    s.stdoutPath,
    s.stderrPath,
    s.gitCommit,
    s.gitDirty === null ? null : Number(s.gitDirty),
    JSON.stringify(s.env),
    s.worker,
    s.sweepId ?? null,
  );
  if (s.scriptHash !== null) {
    stmt(
      db,
      "INSERT OR IGNORE INTO run_files (run_id, role, path, hash, size) VALUES (?, 'script', ?, ?, ?)",
    ).run(s.runId, s.scriptPath, s.scriptHash, s.scriptSize);
  }
}

/** What the manifest file holds: a manifest, nothing, or something the hook did not write. */
export type ManifestRead =
  { manifest: RunManifest; problem: null } | { manifest: null; problem: string | null };

const isFigure = (f: unknown): f is ManifestFigure => {
  const x = f as Partial<ManifestFigure> | null;
  return (
    !!x &&
    typeof x === 'object' &&
    Number.isInteger(x.index) &&
    (x.index as number) >= 0 &&
    typeof x.name === 'string' &&
    typeof x.format === 'string' &&
    typeof x.path === 'string'
  );
};

/**
 * The manifest the hook wrote. No file, or a truncated one (the script was killed mid-write), is no
 * manifest; a file in the wrong shape (a script overwrote it) is a problem of that run, named here.
 */
export function readManifest(file: string): ManifestRead {
  if (!existsSync(file)) return { manifest: null, problem: null };
  let m: Partial<RunManifest>;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunManifest>;
  } catch {
    return { manifest: null, problem: null };
  }
  const bad = (what: string) => ({
    manifest: null,
    problem: `its manifest (${file}) is not one the hook writes: ${what}; did the script overwrite $SIMORG_MANIFEST?`,
  });
  if (!m || typeof m !== 'object' || Array.isArray(m)) return bad('not a JSON object');
  if (m.figures !== undefined && !Array.isArray(m.figures)) return bad('`figures` is not a list');
  const wrong = (m.figures ?? []).findIndex((f) => !isFigure(f));
  if (wrong >= 0) return bad(`figures[${wrong}] lacks a whole-number index, a name, a format or a path`);
  const list = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const packages: Record<string, string> = {};
  if (m.packages && typeof m.packages === 'object') {
    for (const [k, v] of Object.entries(m.packages)) if (typeof v === 'string') packages[k] = v;
  }
  return {
    problem: null,
    manifest: {
      version: 1,
      script: String(m.script ?? ''),
      runId: m.runId,
      pid: Number(m.pid ?? 0),
      startedAt: Number(m.startedAt ?? 0),
      endedAt: Number(m.endedAt ?? 0),
      exit: m.exit ?? { code: null },
      error: m.error && typeof m.error.message === 'string' ? m.error : undefined,
      figures: m.figures ?? [],
      modules: list(m.modules),
      packages,
      read: list(m.read),
      written: list(m.written),
      warnings: list(m.warnings),
      metrics: metricsObject(m.metrics),
    },
  };
}

/** Metrics as a script left them (manifest or $SIMORG_METRICS): an object, else nothing. */
export function metricsObject(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
    ? { ...(v as Record<string, unknown>) }
    : {};
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
  /** Metrics the script recorded (the manifest's, over those of $SIMORG_METRICS). */
  metrics?: Record<string, unknown>;
  /** Figures found on disk when there is no manifest (the script was killed while saving). */
  figures?: ManifestFigure[];
  /** Job state afterwards: done, or queued again when the worker was stopped mid-run. */
  jobState: 'done' | 'queued' | 'cancelled';
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
  jobState: RunEnd['jobState'];
  /** Absent in outcome files of older versions. */
  metrics?: Record<string, unknown>;
}

/** Builds the end row: hashes the files the run loaded, read and wrote now, while they are as it left them. */
export function endRow(db: Db, root: string, e: RunEnd): EndRow {
  const m = e.manifest;
  const hashes = new HashCache(db); // fresh per run: files change between the runs of one worker
  const files: EndRow['files'] = [];
  const add = (role: string, abs: string) => {
    const h = hashes.hash(abs);
    files.push([role, storedPath(root, abs), h?.hash ?? null, h?.size ?? null]);
  };
  if (m) {
    for (const p of m.modules) if (p !== e.scriptAbs) add('module', p);
    for (const p of m.read) add('read', p);
    for (const p of m.written) add('written', p);
  }
  return {
    runId: e.runId,
    jobId: e.jobId,
    status: e.status,
    exitCode: e.exitCode,
    signal: e.signal,
    errorMessage: e.error?.message ?? null,
    errorStack: e.error?.stack ?? null,
    endedAt: e.endedAt,
    durationMs: e.endedAt - e.startedAt,
    packages: m?.packages ?? {},
    files,
    figures: (m?.figures ?? e.figures ?? []).map((f) => ({
      index: f.index,
      name: f.name,
      format: f.format,
      path: storedPath(root, f.path),
    })),
    jobState: e.jobState,
    metrics: e.metrics ?? m?.metrics ?? {},
  };
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
      `UPDATE runs SET status = ?, exit_code = ?, signal = ?, error_message = ?, error_stack = ?, ended_at = ?,
        duration_ms = ?, packages_json = ?, metrics_json = ? WHERE id = ?`,
    ).run(
      e.status,
      e.exitCode,
      e.signal,
      e.errorMessage,
      e.errorStack,
      e.endedAt,
      e.durationMs,
      JSON.stringify(e.packages),
      JSON.stringify(e.metrics ?? {}),
      e.runId,
    );
    const file = stmt(
      db,
      'INSERT OR IGNORE INTO run_files (run_id, role, path, hash, size) VALUES (?, ?, ?, ?, ?)',
    );
    for (const [role, path, hash, size] of e.files) file.run(e.runId, role, path, hash, size);
    const fig = stmt(
      db,
      'INSERT OR REPLACE INTO figures (run_id, idx, name, format, path) VALUES (?, ?, ?, ?, ?)',
    );
    for (const f of e.figures) fig.run(e.runId, f.index, f.name, f.format, f.path);
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
        "UPDATE jobs SET state = CASE WHEN state = 'cancelled' THEN 'cancelled' ELSE ? END, finished_at = ? WHERE id = ? AND run_id = ?",
      ).run(e.jobState, e.endedAt, e.jobId, e.runId);
    }
  }).immediate();
}

/** Figures in the end row, counted once whatever the number of formats. */
export const figureCount = (e: EndRow): number => new Set(e.figures.map((f) => f.index)).size;
