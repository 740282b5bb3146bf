import type { Db } from '../store/db.js';
import { stmt } from './statements.js';

// One flat row per run for pandas or a spreadsheet: parameters, metadata and outcome.

export type Cell = string | number | boolean | null;
export type ExportRow = Record<string, Cell | string[] | Record<string, unknown>>;

interface Row {
  id: string;
  script_path: string;
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
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  git_commit: string | null;
  git_dirty: number | null;
  env_json: string;
  worker: string | null;
  figures: number;
  metrics_json: string;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The CSV columns, in order; parameters then metrics last, as `param.<name>` and `metric.<name>`. */
export const BASE_COLUMNS = [
  'run_id',
  'script',
  'status',
  'run_config',
  'timeout_s',
  'started_at',
  'ended_at',
  'duration_s',
  'exit_code',
  'signal',
  'reason',
  'tags',
  'argv',
  'env_set',
  'figures',
  'error_message',
  'git_commit',
  'git_dirty',
  'node',
  'host',
  'os',
  'cpu',
  'cpus',
  'memory_bytes',
  'user',
  'worker',
] as const;

export const csvColumns = (params: string[], metrics: string[] = []): string[] => [
  ...BASE_COLUMNS,
  ...params.map((k) => `param.${k}`),
  ...metrics.map((k) => `metric.${k}`),
];

/** Every parameter name used by any run, sorted: the `param.<name>` columns of a CSV. */
export function paramNames(db: Db): string[] {
  return stmt<[], { key: string }>(
    db,
    "SELECT DISTINCT j.key AS key FROM runs, json_each(runs.params_json) AS j WHERE runs.params_json <> '{}' ORDER BY 1",
  )
    .all()
    .map((r) => r.key);
}

/** Every metric name recorded by any run, sorted: the `metric.<name>` columns of a CSV. */
export function metricNames(db: Db): string[] {
  return stmt<[], { key: string }>(
    db,
    "SELECT DISTINCT j.key AS key FROM runs, json_each(runs.metrics_json) AS j WHERE runs.metrics_json <> '{}' ORDER BY 1",
  )
    .all()
    .map((r) => r.key);
}

/** Runs oldest first as export rows; `flat` turns tags, argv, params and metrics into plain cells for CSV. */
export function* exportRows(
  db: Db,
  flat: boolean,
  params: string[] = [],
  metrics: string[] = [],
): Generator<ExportRow> {
  const it = stmt<[], Row>(
    db,
    `SELECT r.id, r.script_path, r.status, r.run_config, r.config_json, r.argv_json, r.reason, r.tags_json,
      r.params_json, r.exit_code, r.signal, r.error_message, r.started_at, r.ended_at, r.duration_ms, r.git_commit, r.git_dirty,
      r.env_json, r.worker, r.metrics_json, (SELECT count(DISTINCT f.idx) FROM figures f WHERE f.run_id = r.id) AS figures
    FROM runs r ORDER BY r.started_at`,
  ).iterate();
  for (const r of it) {
    const cfg = JSON.parse(r.config_json) as {
      timeout?: number | null;
      env?: Record<string, string | null>;
      argv?: string[];
    };
    const env = JSON.parse(r.env_json) as Record<string, Cell>;
    const tags = JSON.parse(r.tags_json) as string[];
    const argv = JSON.parse(r.argv_json) as string[];
    const p = JSON.parse(r.params_json) as Record<string, unknown>;
    const m = JSON.parse(r.metrics_json) as Record<string, unknown>;
    const row: ExportRow = {
      run_id: r.id,
      script: r.script_path,
      status: r.status,
      run_config: r.run_config,
      timeout_s: cfg.timeout ?? null,
      started_at: iso(r.started_at),
      ended_at: iso(r.ended_at),
      duration_s: r.duration_ms === null ? null : r.duration_ms / 1000,
      exit_code: r.exit_code,
      signal: r.signal,
      reason: r.reason,
      tags: flat ? tags.join(';') : tags,
      argv: flat ? JSON.stringify([...(cfg.argv ?? []), ...argv]) : [...(cfg.argv ?? []), ...argv],
      env_set: flat ? JSON.stringify(cfg.env ?? {}) : (cfg.env ?? {}),
      figures: r.figures,
      error_message: r.error_message,
      git_commit: r.git_commit,
      git_dirty: r.git_dirty === null ? null : r.git_dirty === 1,
      node: env.node ?? null,
      host: env.host ?? null,
      os: env.os ?? null,
      cpu: env.cpu ?? null,
      cpus: env.cpus ?? null,
      memory_bytes: env.memoryBytes ?? null,
      user: env.user ?? null,
      worker: r.worker,
    };
    if (flat) {
      for (const k of params) row[`param.${k}`] = cell(own(p, k));
      for (const k of metrics) row[`metric.${k}`] = cell(own(m, k));
    } else {
      row.params = p;
      row.metrics = m;
    }
    yield row;
  }
}

const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined);

function cell(v: unknown): Cell {
  if (v === undefined || v === null) return null;
  return typeof v === 'object' ? JSON.stringify(v) : (v as Cell);
}

// A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)`, `@SUM`).
const FORMULA_START = /^[=+\-@\t\r]/;
// ...except a plain number, which stays a number for pandas and spreadsheets alike.
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * One CSV field (RFC 4180): quoted when it holds a comma, quote, CR or LF; empty for null. Text that
 * a spreadsheet would run as a formula (from `--reason`, `--tag`, a parameter...) gets a leading `'`
 * and quotes, the usual defence (OWASP): shown as text, never evaluated.
 */
export function csvField(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s = typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const formula = typeof v === 'string' && FORMULA_START.test(s) && !NUMBER.test(s);
  if (formula) s = `'${s}`;
  return formula || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export const csvLine = (cells: unknown[]): string => cells.map(csvField).join(',') + '\r\n';
