// Queries on the scripts table. A script is tracked while `untracked_at` is NULL; untracking only
// sets it, so the script's runs (which reference the row) stay as history, and a later `track`
// brings the same row back.

import type { Db } from './db.js';
import { stmt } from './statements.js';

export interface ScriptRecord {
  id: number;
  path: string;
  grp: string | null;
  tracked_at: number;
  untracked_at: number | null;
}

const COLUMNS = 'id, path, grp, tracked_at, untracked_at';

/**
 * Tracked scripts (optionally of one group) by path, as one JSON text of [id, path, grp, tracked_at]
 * rows: built by SQLite, for 10,000 scripts a fraction of the cost of better-sqlite3 making a JS
 * value of each cell.
 */
export function selectTrackedJson(db: Db, group?: string): string {
  const sql = (where: string) =>
    `SELECT json_group_array(json_array(id, path, grp, tracked_at) ORDER BY path) FROM scripts WHERE untracked_at IS NULL ${where}`;
  return group === undefined
    ? (db.prepare(sql('')).pluck().get() as string)
    : (db.prepare(sql('AND grp = @group')).pluck().get({ group }) as string);
}

/** The tracked scripts among `ids` (any order). */
export function trackedScriptsById(db: Db, ids: readonly number[]): ScriptRecord[] {
  return db
    .prepare<[string], ScriptRecord>(
      `SELECT ${COLUMNS} FROM scripts WHERE untracked_at IS NULL AND id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(ids));
}

/** Every row, tracked or untracked (whose runs are kept), by path. */
export function selectAllScripts(db: Db): ScriptRecord[] {
  return db.prepare<[], ScriptRecord>(`SELECT ${COLUMNS} FROM scripts ORDER BY path`).all();
}

/** Every row, tracked or not, keyed by path: one query for comparing against a scan. */
export function selectAllByPath(db: Db): Map<string, ScriptRecord> {
  const rows = db.prepare<[], ScriptRecord>(`SELECT ${COLUMNS} FROM scripts`).all();
  return new Map(rows.map((r) => [r.path, r]));
}

/** Tracks `path` (new, or back after an untrack) with `group`; returns the row. */
export function upsertTracked(db: Db, path: string, group: string | null, now: number): ScriptRecord {
  return db
    .prepare<[string, string | null, number], ScriptRecord>(
      `INSERT INTO scripts (path, grp, tracked_at) VALUES (?, ?, ?)
       ON CONFLICT(path) DO UPDATE SET grp = excluded.grp, tracked_at = excluded.tracked_at, untracked_at = NULL
       RETURNING ${COLUMNS}`,
    )
    .get(path, group, now)!;
}

export function updateGroup(db: Db, id: number, group: string | null): void {
  db.prepare('UPDATE scripts SET grp = ? WHERE id = ?').run(group, id);
}

// Untracks the scripts and cancels their queued (not yet running) jobs, which would otherwise run
// a script the user no longer wants.
export function markUntracked(db: Db, ids: number[], now: number): { cancelledJobs: number } {
  const untrack = db.prepare('UPDATE scripts SET untracked_at = ? WHERE id = ?');
  const cancel = db.prepare(
    "UPDATE jobs SET state = 'cancelled', finished_at = ? WHERE script_id = ? AND state = 'queued'",
  );
  let cancelledJobs = 0;
  for (const id of ids) {
    untrack.run(now, id);
    cancelledJobs += cancel.run(now, id).changes;
  }
  return { cancelledJobs };
}

/** The id of the script row of `path`, tracked or not. */
export function scriptIdOf(db: Db, path: string): number | undefined {
  return stmt<[string], number>(db, 'SELECT id FROM scripts WHERE path = ?').pluck().get(path);
}

/** The id of `path` if it is a tracked script. */
export function trackedScriptIdOf(db: Db, path: string): number | undefined {
  return stmt<[string], number>(db, 'SELECT id FROM scripts WHERE path = ? AND untracked_at IS NULL')
    .pluck()
    .get(path);
}

/** Inserts a script row with no group (untracked already when `untrackedAt` is set); returns its id. */
export function insertScript(db: Db, path: string, trackedAt: number, untrackedAt: number | null): number {
  return Number(
    stmt(db, 'INSERT INTO scripts (path, grp, tracked_at, untracked_at) VALUES (?, NULL, ?, ?)').run(
      path,
      trackedAt,
      untrackedAt,
    ).lastInsertRowid,
  );
}

/** Every script's group (null for none), by id, tracked or not. */
export function groupsById(db: Db): Map<number, string | null> {
  return new Map(stmt<[], [number, string | null]>(db, 'SELECT id, grp FROM scripts').raw().all());
}

/** The groups in use, sorted; of tracked scripts only when `trackedOnly`. */
export function groupNames(db: Db, trackedOnly: boolean): string[] {
  const sql = trackedOnly
    ? 'SELECT DISTINCT grp FROM scripts WHERE grp IS NOT NULL AND untracked_at IS NULL ORDER BY grp'
    : 'SELECT DISTINCT grp FROM scripts WHERE grp IS NOT NULL ORDER BY grp';
  return stmt<[], string>(db, sql).pluck().all();
}
