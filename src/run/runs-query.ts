import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { findScript, rejectEmptyPatterns } from '../track/scripts.js';
import { prefixRange, RUN_ID_PREFIX } from './run-id.js';
import { stmt } from './statements.js';

// Reading run records back: lists (newest first, by index), one whole record, and run references.

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

export const SUMMARY_COLUMNS = `r.id, r.script_path, r.status, r.run_config, r.started_at, r.ended_at, r.duration_ms, r.exit_code,
  r.signal, r.reason, r.tags_json, r.git_commit, r.git_dirty, r.error_message, r.params_json, r.metrics_json,
  (SELECT count(DISTINCT f.idx) FROM figures f WHERE f.run_id = r.id) AS figures`;

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

const MIN_PREFIX = 4;

/**
 * The run a user means: a run id or a unique prefix of one (4+ hex characters, like git), or a
 * script (its path relative to cwd, or the unique end of one, tracked or not) meaning its latest
 * run. Throws UsageError naming the problem: empty, too short, ambiguous (with the candidates).
 */
export function resolveRunRef(project: Project, cwd: string, ref: string): string {
  rejectEmptyPatterns([ref], 'run id or script');
  const { db } = project;
  const hex = ref.toLowerCase();
  if (RUN_ID_PREFIX.test(hex)) {
    const [lo, hi] = prefixRange(hex);
    const rows = stmt<[string, string], { id: string; script_path: string }>(
      db,
      'SELECT id, script_path FROM runs WHERE id >= ? AND id < ? ORDER BY id LIMIT 6',
    ).all(lo, hi);
    if (rows.length === 1) return rows[0]!.id;
    if (rows.length > 1) {
      const shown = rows
        .slice(0, 5)
        .map((r) => `${r.id} (${r.script_path})`)
        .join(', ');
      throw new UsageError(`run id prefix '${ref}' is ambiguous: ${shown}${rows.length > 5 ? ', ...' : ''}`, {
        code: 'E_AMBIGUOUS',
        hint: 'give more characters of the run id',
      });
    }
  }
  const script = findScript(project, cwd, ref);
  if (script) {
    const latest = stmt<[number], { id: string }>(
      db,
      'SELECT id FROM runs WHERE script_id = ? ORDER BY started_at DESC LIMIT 1',
    ).get(script.id);
    if (latest) return latest.id;
    throw new UsageError(`${script.path} has no runs yet`, {
      hint: `start one with \`simorg run ${script.path}\``,
    });
  }
  if (/^[0-9a-f]+$/.test(hex) && hex.length < MIN_PREFIX) {
    throw new UsageError(`run id prefix '${ref}' is too short: give at least ${MIN_PREFIX} characters`, {
      code: 'E_SHORT_PREFIX',
      hint: 'see `simorg list` for recent runs and their ids',
    });
  }
  throw new UsageError(`'${ref}' is neither a run id nor a script with runs`, {
    code: 'E_NO_MATCH',
    hint: 'see `simorg list` for recent runs and their ids',
  });
}
