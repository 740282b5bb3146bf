import type { Db } from '../store/db.js';
import { runsForExport } from '../store/runs.js';

// One flat row per run for pandas or a spreadsheet: parameters, metadata and outcome.

export type Cell = string | number | boolean | null;
export type ExportRow = Record<string, Cell | string[] | Record<string, unknown>>;

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

/** Runs oldest first as export rows; `flat` turns tags, argv, params and metrics into plain cells for CSV. */
export function* exportRows(
  db: Db,
  flat: boolean,
  params: string[] = [],
  metrics: string[] = [],
): Generator<ExportRow> {
  for (const { run: r, extra } of runsForExport(db)) {
    const cfg = JSON.parse(extra.configJson) as {
      timeout?: number | null;
      env?: Record<string, string | null>;
      argv?: string[];
    };
    const env = JSON.parse(extra.envJson) as Record<string, Cell>;
    const argv = [...(cfg.argv ?? []), ...(JSON.parse(extra.argvJson) as string[])];
    const p = r.params;
    const m = r.metrics;
    const row: ExportRow = {
      run_id: r.runId,
      script: r.script,
      status: r.status,
      run_config: r.runConfig,
      timeout_s: cfg.timeout ?? null,
      started_at: iso(r.startedAt),
      ended_at: iso(r.endedAt),
      duration_s: r.durationMs === null ? null : r.durationMs / 1000,
      exit_code: r.exitCode,
      signal: r.signal,
      reason: r.reason,
      tags: flat ? r.tags.join(';') : r.tags,
      argv: flat ? JSON.stringify(argv) : argv,
      env_set: flat ? JSON.stringify(cfg.env ?? {}) : (cfg.env ?? {}),
      figures: r.figures,
      error_message: r.errorMessage,
      git_commit: r.gitCommit,
      git_dirty: r.gitDirty,
      node: env.node ?? null,
      host: env.host ?? null,
      os: env.os ?? null,
      cpu: env.cpu ?? null,
      cpus: env.cpus ?? null,
      memory_bytes: env.memoryBytes ?? null,
      user: env.user ?? null,
      worker: extra.worker,
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
