// A database set aside as broken (`init --rebuild` on an emptied, damaged or altered file) took the
// run records with it, but every run that ended left its whole record in its folder
// (.simorg/runs/<id>/outcome.json, written before the database): the new database is given them
// back from there, so the run folders are not orphaned.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_DIR } from '../config/defaults.js';
import type { Db } from '../store/db.js';
import { readOutcome } from './run-folder.js';
import { writeRun } from '../store/run-rows.js';
import { stmt } from '../store/statements.js';

export interface Recovered {
  /** Runs recorded again from their folders. */
  runs: number;
  /** Scripts those runs were of that the database no longer had: tracked again if still there. */
  scripts: number;
}

/** Records every run whose outcome is in its folder under `root` and is not in `db` yet. */
export function recordRunsFromFolders(db: Db, root: string, now = Date.now()): Recovered {
  let ids: string[];
  try {
    ids = readdirSync(join(root, RUNS_DIR)).sort();
  } catch {
    return { runs: 0, scripts: 0 };
  }
  const scriptId = stmt<[string], { id: number }>(db, 'SELECT id FROM scripts WHERE path = ?');
  const addScript = stmt(
    db,
    'INSERT INTO scripts (path, grp, tracked_at, untracked_at) VALUES (?, NULL, ?, ?)',
  );
  const known = stmt<[string], { id: string }>(db, 'SELECT id FROM runs WHERE id = ?');
  const found = { runs: 0, scripts: 0 };
  db.transaction(() => {
    for (const id of ids) {
      const record = readOutcome(join(root, RUNS_DIR, id));
      if (!record || record.start.runId !== id || known.get(id)) continue;
      const { start, end } = record;
      let script = scriptId.get(start.scriptPath)?.id;
      if (script === undefined) {
        // A script that is gone is kept untracked, as `untrack` leaves one: its runs stay listed.
        const gone = !existsSync(join(root, start.scriptPath));
        script = Number(addScript.run(start.scriptPath, start.startedAt, gone ? now : null).lastInsertRowid);
        found.scripts++;
      }
      // The ids of the old database (script, job, sweep) mean nothing in the new one.
      writeRun(db, { ...start, scriptId: script, sweepId: null }, end);
      found.runs++;
    }
  }).immediate();
  return found;
}
