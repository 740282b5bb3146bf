import type { Db } from './db.js';
import { stmt } from './statements.js';

// One run's whole record, as `simorg show` prints it and `show --json` returns it.
export interface RunRecord {
  runId: string;
  script: string;
  scriptHash: string | null;
  status: string;
  runConfig: string;
  config: { timeout: number | null; env: Record<string, string | null>; argv: string[] };
  argv: string[];
  reason: string | null;
  tags: string[];
  params: Record<string, unknown>;
  /** What the script recorded with `record()` (or wrote to $SIMORG_METRICS). */
  metrics: Record<string, unknown>;
  exitCode: number | null;
  signal: string | null;
  error: { message: string; stack: string | null } | null;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  stdoutPath: string | null;
  stderrPath: string | null;
  git: { commit: string | null; dirty: boolean | null };
  packages: Record<string, string>;
  environment: Record<string, unknown>;
  worker: string | null;
  files: Array<{ role: string; path: string; hash: string | null; size: number | null }>;
  figures: Array<{ index: number; name: string; format: string; path: string }>;
}

interface Row {
  id: string;
  script_path: string;
  script_hash: string | null;
  status: string;
  run_config: string;
  config_json: string;
  argv_json: string;
  reason: string | null;
  tags_json: string;
  params_json: string;
  exit_code: number | null;
  signal: string | null;
  error_message: string | null;
  error_stack: string | null;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  stdout_path: string | null;
  stderr_path: string | null;
  git_commit: string | null;
  git_dirty: number | null;
  packages_json: string;
  env_json: string;
  worker: string | null;
  metrics_json: string;
}

const ROLE_ORDER = "CASE role WHEN 'script' THEN 0 WHEN 'module' THEN 1 WHEN 'read' THEN 2 ELSE 3 END";

export function getRunRecord(db: Db, runId: string): RunRecord | null {
  const r = stmt<[string], Row>(db, 'SELECT * FROM runs WHERE id = ?').get(runId);
  if (!r) return null;
  const files = stmt<[string], RunRecord['files'][number]>(
    db,
    `SELECT role, path, hash, size FROM run_files WHERE run_id = ? ORDER BY ${ROLE_ORDER}, path`,
  ).all(runId);
  const figures = stmt<[string], RunRecord['figures'][number]>(
    db,
    'SELECT idx AS "index", name, format, path FROM figures WHERE run_id = ? ORDER BY idx, format',
  ).all(runId);
  const config = JSON.parse(r.config_json) as RunRecord['config'] & { name?: string };
  return {
    runId: r.id,
    script: r.script_path,
    scriptHash: r.script_hash,
    status: r.status,
    runConfig: r.run_config,
    config: { timeout: config.timeout, env: config.env, argv: config.argv },
    argv: JSON.parse(r.argv_json) as string[],
    reason: r.reason,
    tags: JSON.parse(r.tags_json) as string[],
    params: JSON.parse(r.params_json) as Record<string, unknown>,
    metrics: JSON.parse(r.metrics_json) as Record<string, unknown>,
    exitCode: r.exit_code,
    signal: r.signal,
    error: r.error_message === null ? null : { message: r.error_message, stack: r.error_stack },
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.duration_ms,
    stdoutPath: r.stdout_path,
    stderrPath: r.stderr_path,
    git: { commit: r.git_commit, dirty: r.git_dirty === null ? null : r.git_dirty === 1 },
    packages: JSON.parse(r.packages_json) as Record<string, string>,
    environment: JSON.parse(r.env_json) as Record<string, unknown>,
    worker: r.worker,
    files,
    figures,
  };
}

/** What a run was asked to run with: to queue it again as it was. */
export interface RunRequest {
  script_id: number;
  run_config: string;
  argv_json: string;
  tags_json: string;
  params_json: string;
}

export function runRequest(db: Db, runId: string): RunRequest | undefined {
  return stmt<[string], RunRequest>(
    db,
    'SELECT script_id, run_config, argv_json, tags_json, params_json FROM runs WHERE id = ?',
  ).get(runId);
}
