import type { Db } from './db.js';
import { latestOf } from './latest-runs.js';
import { stmt } from './statements.js';

// The links between runs through files, read by path through the run_files path index: who wrote a
// file, who read it, which runs recorded it at all. What the lazily read run graph
// (fresh/lazy-graph.ts) asks, file by file, instead of loading the latest run of every script.

// A row of run_files whose run is the latest finished run of a tracked script (`f`, `r` in scope).
const OF_LATEST = `CROSS JOIN runs r ON r.id = f.run_id CROSS JOIN scripts s ON s.id = r.script_id
  WHERE s.untracked_at IS NULL AND r.rowid = (${latestOf('r.script_id', 'finished', 'x')})`;

/** Every run (of any script, tracked or not) with a file row of any role for one of `paths`. */
export function runsRecording(
  db: Db,
  paths: readonly string[],
): { path: string; runId: string; scriptId: number }[] {
  return db
    .prepare<[string], [string, string, number]>(
      `SELECT f.path, f.run_id, r.script_id FROM json_each(?) j
       CROSS JOIN run_files f ON f.path = j.value CROSS JOIN runs r ON r.id = f.run_id`,
    )
    .raw()
    .all(JSON.stringify(paths))
    .map(([path, runId, scriptId]) => ({ path, runId, scriptId }));
}

/**
 * The tracked scripts whose latest finished run, or latest good run, wrote `path`: when that run
 * ended (or started, if it never ended) and whether it is the latest finished one.
 */
export function writersOf(db: Db, path: string): { scriptId: number; at: number; latest: boolean }[] {
  return db
    .prepare<[string], [number, number, number]>(
      `SELECT r.script_id, COALESCE(r.ended_at, r.started_at), r.rowid = (${latestOf('r.script_id', 'finished', 'x')})
       FROM run_files f CROSS JOIN runs r ON r.id = f.run_id CROSS JOIN scripts s ON s.id = r.script_id
       WHERE f.path = ? AND f.role = 'written' AND s.untracked_at IS NULL
         AND (r.rowid = (${latestOf('r.script_id', 'finished', 'x')})
           OR r.rowid = (${latestOf('r.script_id', 'succeeded', 'x')}))`,
    )
    .raw()
    .all(path)
    .map(([scriptId, at, latest]) => ({ scriptId, at, latest: latest === 1 }));
}

/** What the latest finished run and the latest good run of script `scriptId` wrote, by path. */
export function writtenByLatest(db: Db, scriptId: number): string[] {
  return db
    .prepare<{ id: number }, string>(
      `SELECT DISTINCT f.path FROM runs r CROSS JOIN run_files f ON f.run_id = r.id AND f.role = 'written'
       WHERE r.rowid IN ((${latestOf('@id', 'finished', 'x')}), (${latestOf('@id', 'succeeded', 'x')}))`,
    )
    .pluck()
    .all({ id: scriptId });
}

/** The tracked scripts whose latest finished run read `path`. */
export function readersOf(db: Db, path: string): number[] {
  return db
    .prepare<[string], number>(
      `SELECT DISTINCT r.script_id FROM run_files f ${OF_LATEST} AND f.path = ? AND f.role = 'read'`,
    )
    .pluck()
    .all(path);
}

/** A run that wrote or read a file (role `figure` for a figure it saved there). */
export interface FileRun {
  id: string;
  script_path: string;
  status: string;
  started_at: number;
  role: string;
  hash: string | null;
}

/** The runs that recorded `path` as a file or saved a figure there, newest first, at most 500. */
export function runsOfFile(db: Db, path: string): FileRun[] {
  return stmt<{ path: string }, FileRun>(
    db,
    `SELECT r.id, r.script_path, r.status, r.started_at, f.role, f.hash FROM run_files f JOIN runs r ON r.id = f.run_id WHERE f.path = @path
     UNION ALL SELECT r.id, r.script_path, r.status, r.started_at, 'figure', NULL FROM figures g JOIN runs r ON r.id = g.run_id WHERE g.path = @path
     ORDER BY 4 DESC LIMIT 500`,
  ).all({ path });
}
