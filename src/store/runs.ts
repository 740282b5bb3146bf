import type { Db } from './db.js';
import { stmt } from './statements.js';

// Reading runs back as summaries: one mapping of a `runs` row for every list of runs (list, the
// dashboard, a batch's results, exports), and the queries that list them newest first by index.

export interface RunSummary {
  runId: string;
  script: string;
  status: string;
  runConfig: string;
  startedAt: number;
  endedAt: number | null;
  durationMs: number | null;
  exitCode: number | null;
  signal: string | null;
  reason: string | null;
  tags: string[];
  gitCommit: string | null;
  gitDirty: boolean | null;
  figures: number;
  errorMessage: string | null;
  params: Record<string, unknown>;
  metrics: Record<string, unknown>;
}

export interface RunSummaryRow {
  id: string;
  script_path: string;
  status: string;
  run_config: string;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  exit_code: number | null;
  signal: string | null;
  reason: string | null;
  tags_json: string;
  git_commit: string | null;
  git_dirty: number | null;
  figures: number;
  error_message: string | null;
  params_json: string;
  metrics_json: string;
}

/** SQL: how many figures the run `r` saved, each counted once whatever the number of its formats. */
export const FIGURE_COUNT = '(SELECT count(DISTINCT f.idx) FROM figures f WHERE f.run_id = r.id)';

/** SQL: the columns of a RunSummaryRow, of the runs table named `r`. */
export const SUMMARY_COLUMNS = `r.id, r.script_path, r.status, r.run_config, r.started_at, r.ended_at, r.duration_ms, r.exit_code,
  r.signal, r.reason, r.tags_json, r.git_commit, r.git_dirty, r.error_message, r.params_json, r.metrics_json,
  ${FIGURE_COUNT} AS figures`;

export function toSummary(r: RunSummaryRow): RunSummary {
  return {
    runId: r.id,
    script: r.script_path,
    status: r.status,
    runConfig: r.run_config,
    startedAt: r.started_at,
    endedAt: r.ended_at,
    durationMs: r.duration_ms,
    exitCode: r.exit_code,
    signal: r.signal,
    reason: r.reason,
    tags: JSON.parse(r.tags_json) as string[],
    gitCommit: r.git_commit,
    gitDirty: r.git_dirty === null ? null : r.git_dirty === 1,
    figures: r.figures,
    errorMessage: r.error_message,
    params: JSON.parse(r.params_json) as Record<string, unknown>,
    metrics: JSON.parse(r.metrics_json) as Record<string, unknown>,
  };
}

/** Narrowing of listRuns: each list holds the values any of which a run may have. */
export interface RunFilter {
  scriptIds?: number[];
  statuses?: string[];
  runConfigs?: string[];
  /** A run matches when it carries any of these tags. */
  tags?: string[];
}

/** Every status a run record can have. */
export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'timed-out', 'cancelled'] as const;

// SQL conditions (and their values) for the filter's status, config and tag lists.
function filterSql(f: RunFilter): { where: string; values: string[] } {
  const parts: string[] = [];
  const values: string[] = [];
  const anyOf = (sql: (marks: string) => string, list?: string[]) => {
    if (!list?.length) return;
    parts.push(sql(list.map(() => '?').join(', ')));
    values.push(...list);
  };
  anyOf((m) => `r.status IN (${m})`, f.statuses);
  anyOf((m) => `r.run_config IN (${m})`, f.runConfigs);
  anyOf((m) => `EXISTS (SELECT 1 FROM json_each(r.tags_json) t WHERE t.value IN (${m}))`, f.tags);
  return { where: parts.map((p) => ` AND ${p}`).join(''), values };
}

/** The newest `limit` runs, of the given scripts (ids) or of all, narrowed by `filter`; walks the started_at indexes. */
export function listRuns(db: Db, options: { limit: number } & RunFilter): RunSummary[] {
  const { where, values } = filterSql(options);
  if (!options.scriptIds) {
    return stmt<Array<string | number>, RunSummaryRow>(
      db,
      `SELECT ${SUMMARY_COLUMNS} FROM runs r WHERE 1${where} ORDER BY r.started_at DESC LIMIT ?`,
    )
      .all(...values, options.limit)
      .map(toSummary);
  }
  // Per script through runs_script_started, then merged: no scan of other scripts' runs.
  const per = stmt<Array<string | number>, RunSummaryRow>(
    db,
    `SELECT ${SUMMARY_COLUMNS} FROM runs r WHERE r.script_id = ?${where} ORDER BY r.started_at DESC LIMIT ?`,
  );
  return options.scriptIds
    .flatMap((id) => per.all(id, ...values, options.limit))
    .sort((a, b) => b.started_at - a.started_at)
    .slice(0, options.limit)
    .map(toSummary);
}

/** The latest run of every tracked script (null for never run): one index probe per script. */
export function latestRuns(db: Db): Array<{ scriptId: number; script: string; run: RunSummary | null }> {
  const rows = stmt<[], RunSummaryRow & { sid: number; spath: string; has: number | null }>(
    db,
    `SELECT s.id AS sid, s.path AS spath, r.id IS NOT NULL AS has, ${SUMMARY_COLUMNS}
     FROM scripts s LEFT JOIN runs r ON r.id = (SELECT id FROM runs WHERE script_id = s.id ORDER BY started_at DESC LIMIT 1)
     ORDER BY s.path`,
  ).all();
  return rows.map((r) => ({ scriptId: r.sid, script: r.spath, run: r.has ? toSummary(r) : null }));
}

/** Ids of runs in [lo, hi) (a run-id prefix's range), at most `limit`, by id. */
export function runsInIdRange(
  db: Db,
  lo: string,
  hi: string,
  limit: number,
): Array<{ id: string; scriptPath: string }> {
  return stmt<[string, string, number], { id: string; scriptPath: string }>(
    db,
    'SELECT id, script_path AS scriptPath FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT ?',
  ).all(lo, hi, limit);
}

/** The id of the latest run of a script (any status), if it has one. */
export function latestRunId(db: Db, scriptId: number): string | undefined {
  return stmt<[number], string>(
    db,
    'SELECT id FROM runs WHERE script_id = ? ORDER BY started_at DESC LIMIT 1',
  )
    .pluck()
    .get(scriptId);
}

/** The finished runs of a batch (taken by any worker process), by job, with their job ids. */
export function batchRuns(db: Db, batch: string): Array<RunSummary & { jobId: number }> {
  return stmt<[string], RunSummaryRow & { job: number }>(
    db,
    `SELECT j.id AS job, ${SUMMARY_COLUMNS}
    FROM jobs j JOIN runs r ON r.id = j.run_id
    WHERE j.batch = ? AND j.state IN ('done', 'cancelled', 'abandoned') AND r.status <> 'running' ORDER BY j.id`,
  )
    .all(batch)
    .map((r) => ({ ...toSummary(r), jobId: r.job }));
}

/** The runs `ids`, by script path. */
export function runSummaries(db: Db, ids: readonly string[]): Array<RunSummary & { worker: string | null }> {
  return stmt<[string], RunSummaryRow & { worker: string | null }>(
    db,
    `SELECT ${SUMMARY_COLUMNS}, r.worker FROM json_each(?) j JOIN runs r ON r.id = j.value ORDER BY r.script_path`,
  )
    .all(JSON.stringify(ids))
    .map((r) => ({ ...toSummary(r), worker: r.worker }));
}

/** What an export adds to a run's summary: its run config and arguments, environment and worker. */
export interface RunExportExtra {
  configJson: string;
  argvJson: string;
  envJson: string;
  worker: string | null;
}

/** Every run, oldest first, one at a time (an export of 100,000 runs is never all in memory). */
export function* runsForExport(db: Db): Generator<{ run: RunSummary; extra: RunExportExtra }> {
  const rows = stmt<[], RunSummaryRow & RunExportExtra>(
    db,
    `SELECT ${SUMMARY_COLUMNS}, r.config_json AS configJson, r.argv_json AS argvJson, r.env_json AS envJson, r.worker
    FROM runs r ORDER BY r.started_at`,
  ).iterate();
  for (const row of rows) {
    const { configJson, argvJson, envJson, worker } = row;
    yield { run: toSummary(row), extra: { configJson, argvJson, envJson, worker } };
  }
}

/** Every parameter name used by any run, sorted: the `param.<name>` columns of a CSV. */
export function paramNames(db: Db): string[] {
  return stmt<[], string>(
    db,
    "SELECT DISTINCT j.key FROM runs, json_each(runs.params_json) AS j WHERE runs.params_json <> '{}' ORDER BY 1",
  )
    .pluck()
    .all();
}

/** Every metric name recorded by any run, sorted: the `metric.<name>` columns of a CSV. */
export function metricNames(db: Db): string[] {
  return stmt<[], string>(
    db,
    "SELECT DISTINCT j.key FROM runs, json_each(runs.metrics_json) AS j WHERE runs.metrics_json <> '{}' ORDER BY 1",
  )
    .pluck()
    .all();
}

/** Whether the run is recorded. */
export function runExists(db: Db, id: string): boolean {
  return stmt(db, 'SELECT 1 FROM runs WHERE id = ?').get(id) !== undefined;
}

/** Ids of the script's runs past its `skip` latest (by start), at most `limit`. */
export function runsPastLatest(db: Db, scriptId: number, skip: number, limit: number): string[] {
  return stmt<{ script: number; skip: number; limit: number }, string>(
    db,
    'SELECT id FROM runs WHERE script_id = @script ORDER BY started_at DESC LIMIT @limit OFFSET @skip',
  )
    .pluck()
    .all({ script: scriptId, skip, limit });
}
