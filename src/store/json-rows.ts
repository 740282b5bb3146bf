import type { Db } from './db.js';

// better-sqlite3 makes a JS value of every cell, which costs more than SQLite's own work once a
// result has tens of thousands of cells; SQLite building one JSON array of row arrays and
// JSON.parse reading it cost about half. (Arrays, not objects: repeating the keys in every row
// makes both sides slower.) SQLite's JSON keeps REAL values exact (17 significant digits); BLOB
// columns cannot be read this way.
export function selectJson<T extends unknown[]>(
  db: Db,
  q: { with?: string; columns: string; from: string },
  ...params: unknown[]
): T[] {
  const text = db
    .prepare(`${q.with ?? ''} SELECT json_group_array(json_array(${q.columns})) ${q.from}`)
    .pluck()
    .get(...params) as string;
  return JSON.parse(text) as T[];
}
