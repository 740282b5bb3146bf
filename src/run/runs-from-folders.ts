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
import { runExists } from '../store/runs.js';
import { insertScript, scriptIdOf } from '../store/scripts.js';

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
  const found = { runs: 0, scripts: 0 };
  db.transaction(() => {
    for (const id of ids) {
      const record = readOutcome(join(root, RUNS_DIR, id));
      if (!record || record.start.runId !== id || runExists(db, id)) continue;
      const { start, end } = record;
      let script = scriptIdOf(db, start.scriptPath);
      if (script === undefined) {
        // A script that is gone is kept untracked, as `untrack` leaves one: its runs stay listed.
        const gone = !existsSync(join(root, start.scriptPath));
        script = insertScript(db, start.scriptPath, start.startedAt, gone ? now : null);
        found.scripts++;
      }
      // The ids of the old database (script, job, sweep) mean nothing in the new one.
      writeRun(db, { ...start, scriptId: script, sweepId: null }, end);
      found.runs++;
    }
  }).immediate();
  return found;
}
