import type { Db } from './db.js';
import { stmt } from './statements.js';

/**
 * The durations of the last `n` finished runs of each of the scripts `ids`, newest first, as a JSON
 * array by script id: one statement for all, each walking its script's started_at index.
 */
export function lastDurations(db: Db, ids: readonly number[], n: number): Map<number, string> {
  return new Map(
    stmt<{ n: number; ids: string }, [number, string]>(
      db,
      `SELECT j.value, (SELECT json_group_array(d) FROM (SELECT duration_ms AS d FROM runs
         WHERE script_id = j.value AND duration_ms IS NOT NULL ORDER BY started_at DESC LIMIT @n))
       FROM json_each(@ids) j`,
    )
      .raw()
      .all({ n, ids: JSON.stringify(ids) }),
  );
}
