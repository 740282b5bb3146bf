import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import type { Db } from '../store/db.js';
import { toProjectPath } from '../track/scripts.js';
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
}

export interface RunSummaryRow {
  id: string; script_path: string; status: string; run_config: string; started_at: number; ended_at: number | null;
  duration_ms: number | null; exit_code: number | null; signal: string | null; reason: string | null; tags_json: string;
  git_commit: string | null; git_dirty: number | null; figures: number; error_message: string | null;
}

export const SUMMARY_COLUMNS = `r.id, r.script_path, r.status, r.run_config, r.started_at, r.ended_at, r.duration_ms, r.exit_code,
  r.signal, r.reason, r.tags_json, r.git_commit, r.git_dirty, r.error_message,
  (SELECT count(DISTINCT f.idx) FROM figures f WHERE f.run_id = r.id) AS figures`;

export function toSummary(r: RunSummaryRow): RunSummary {
  return {
    runId: r.id, script: r.script_path, status: r.status, runConfig: r.run_config, startedAt: r.started_at, endedAt: r.ended_at,
    durationMs: r.duration_ms, exitCode: r.exit_code, signal: r.signal, reason: r.reason, tags: JSON.parse(r.tags_json) as string[],
    gitCommit: r.git_commit, gitDirty: r.git_dirty === null ? null : r.git_dirty === 1, figures: r.figures, errorMessage: r.error_message,
  };
}

/** The newest `limit` runs, of the given scripts (ids) or of all; walks the started_at indexes only. */
export function listRuns(db: Db, options: { limit: number; scriptIds?: number[] }): RunSummary[] {
  if (!options.scriptIds) {
    return stmt<[number], RunSummaryRow>(db, `SELECT ${SUMMARY_COLUMNS} FROM runs r ORDER BY r.started_at DESC LIMIT ?`)
      .all(options.limit).map(toSummary);
  }
  // Per script through runs_script_started, then merged: no scan of other scripts' runs.
  const per = stmt<[number, number], RunSummaryRow>(db,
    `SELECT ${SUMMARY_COLUMNS} FROM runs r WHERE r.script_id = ? ORDER BY r.started_at DESC LIMIT ?`);
  return options.scriptIds
    .flatMap((id) => per.all(id, options.limit))
    .sort((a, b) => b.started_at - a.started_at)
    .slice(0, options.limit)
    .map(toSummary);
}

/** The latest run of every tracked script (null for never run): one index probe per script. */
export function latestRuns(db: Db): Array<{ scriptId: number; script: string; run: RunSummary | null }> {
  const rows = stmt<[], RunSummaryRow & { sid: number; spath: string; has: number | null }>(db,
    `SELECT s.id AS sid, s.path AS spath, r.id IS NOT NULL AS has, ${SUMMARY_COLUMNS}
     FROM scripts s LEFT JOIN runs r ON r.id = (SELECT id FROM runs WHERE script_id = s.id ORDER BY started_at DESC LIMIT 1)
     ORDER BY s.path`).all();
  return rows.map((r) => ({ scriptId: r.sid, script: r.spath, run: r.has ? toSummary(r) : null }));
}

/**
 * The run a user means: a run id or a unique prefix of one (4+ hex characters, like git), or a
 * script path (relative to cwd) meaning its latest run. Throws UsageError naming the problem.
 */
export function resolveRunRef(project: Project, cwd: string, ref: string): string {
  const { db } = project;
  if (RUN_ID_PREFIX.test(ref)) {
    const [lo, hi] = prefixRange(ref);
    const ids = stmt<[string, string], { id: string }>(db, 'SELECT id FROM runs WHERE id >= ? AND id < ? LIMIT 6').all(lo, hi).map((r) => r.id);
    if (ids.length === 1) return ids[0]!;
    if (ids.length > 1) {
      throw new UsageError(`run id prefix '${ref}' is ambiguous: ${ids.slice(0, 5).join(', ')}${ids.length > 5 ? ', ...' : ''}`, {
        hint: 'give more characters of the run id',
      });
    }
  }
  const path = toProjectPath(project.root, cwd, ref);
  const latest =
    stmt<[string], { id: string }>(db,
      'SELECT id FROM runs WHERE script_id = (SELECT id FROM scripts WHERE path = ?) ORDER BY started_at DESC LIMIT 1').get(path) ??
    // An untracked script's runs are kept: found by the path they were recorded under (a scan, but rare).
    stmt<[string], { id: string }>(db, 'SELECT id FROM runs WHERE script_path = ? ORDER BY started_at DESC LIMIT 1').get(path);
  if (latest) return latest.id;
  throw new UsageError(`'${ref}' is neither a run id nor a script with runs`, { hint: 'see `simorg list` for recent runs and their ids' });
}
