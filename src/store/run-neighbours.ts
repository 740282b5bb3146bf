import type { Db } from './db.js';
import { stmt } from './statements.js';

// A run's neighbours in its script's history (by start): what the run, compare and figure pages
// link to.

/** The run of the same script that started last before `runId`, if any. */
export function previousRunId(db: Db, runId: string): string | undefined {
  return stmt<{ run: string }, string>(
    db,
    `SELECT id FROM runs WHERE script_id = (SELECT script_id FROM runs WHERE id = @run)
       AND started_at < (SELECT started_at FROM runs WHERE id = @run) ORDER BY started_at DESC LIMIT 1`,
  )
    .pluck()
    .get({ run: runId });
}

/** Like previousRunId, of the runs that saved figure `idx`. */
export function previousRunWithFigure(db: Db, runId: string, idx: number): string | undefined {
  return stmt<{ run: string; idx: number }, string>(
    db,
    `SELECT r.id FROM runs r JOIN figures f ON f.run_id = r.id AND f.idx = @idx
     WHERE r.script_id = (SELECT script_id FROM runs WHERE id = @run) AND r.started_at < (SELECT started_at FROM runs WHERE id = @run)
     GROUP BY r.id ORDER BY r.started_at DESC LIMIT 1`,
  )
    .pluck()
    .get({ run: runId, idx });
}

/** Every run of the script `runId` is of, oldest first. */
export function scriptHistoryOf(db: Db, runId: string): string[] {
  return stmt<[string], string>(
    db,
    'SELECT id FROM runs WHERE script_id = (SELECT script_id FROM runs WHERE id = ?) ORDER BY started_at',
  )
    .pluck()
    .all(runId);
}
