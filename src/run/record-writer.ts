import { existsSync, readFileSync } from 'node:fs';
import type { RunConfig } from '../config/types.js';
import { HashCache } from '../fresh/hash.js';
import type { ManifestFigure, RunManifest } from '../hook/capture/manifest.js';
import type { Db } from '../store/db.js';
import { storedPath } from '../store/stored-path.js';
import type { GitState, RunEnvironment } from './environment.js';
import type { ClaimedJob, WorkerId } from '../store/jobs.js';
import type { EndRow, RunStatus, StartRow } from '../store/run-rows.js';

// A run's record is built in two plain, JSON-able rows — its start and its end — so that both can
// be kept in the run folder (run-folder.ts) and written to the database now or by a later command.

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

/** Figures in the end row, counted once whatever the number of formats. */
export const figureCount = (e: EndRow): number => new Set(e.figures.map((f) => f.index)).size;

// What a script of any language wrote to $SIMORG_METRICS: a JSON object, else nothing.
export function readMetricsFile(file: string): Record<string, unknown> {
  try {
    return metricsObject(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return {};
  }
}
