import type { Db } from './db.js';
import { FIGURE_COUNT } from './runs.js';
import { stmt } from './statements.js';

// Queries on the figures table as the dashboard and the kept figures (run/figure-keep.ts) read it:
// a run's figures counted, the figures of runs as they end, the latest figures of every script.

/** How many figures each of the runs `ids` saved (each once whatever its formats); 0 for none. */
export function figureCounts(db: Db, ids: readonly string[]): Map<string, number> {
  return new Map(
    stmt<[string], [string, number]>(
      db,
      `SELECT r.id, ${FIGURE_COUNT} FROM json_each(?) j JOIN runs r ON r.id = j.value`,
    )
      .raw()
      .all(JSON.stringify(ids)),
  );
}

/** A figure file of a finished run, with the run's span. */
export interface EndedFigure {
  id: string;
  started_at: number;
  ended_at: number;
  format: string;
  path: string;
}

/** The figure files of the runs that ended at or after `since` (ms), by end. */
export function figuresEndedSince(db: Db, since: number): EndedFigure[] {
  return stmt<[number], EndedFigure>(
    db,
    `SELECT r.id, r.started_at, r.ended_at, f.format, f.path FROM runs r JOIN figures f ON f.run_id = r.id
     WHERE r.ended_at >= ? ORDER BY r.ended_at`,
  ).all(since);
}

/** A figure file of a script's latest run that saved figures. */
export interface LatestFigure {
  script: string;
  grp: string | null;
  run_id: string;
  started_at: number;
  status: string;
  idx: number;
  name: string;
  format: string;
  path: string;
}

/** The figure files of each tracked script's latest run with figures, by group, script and figure. */
export function latestFigures(db: Db): LatestFigure[] {
  return stmt<[], LatestFigure>(
    db,
    `SELECT s.path AS script, s.grp, r.id AS run_id, r.started_at, r.status, f.idx, f.name, f.format, f.path
     FROM scripts s JOIN runs r ON r.id = (SELECT id FROM runs WHERE script_id = s.id AND EXISTS (SELECT 1 FROM figures WHERE run_id = runs.id)
       ORDER BY started_at DESC LIMIT 1)
     JOIN figures f ON f.run_id = r.id
     WHERE s.untracked_at IS NULL ORDER BY s.grp, s.path, f.idx`,
  ).all();
}
