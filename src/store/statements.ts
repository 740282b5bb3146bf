import type { Statement } from 'better-sqlite3';
import type { Db } from './db.js';

// Prepared statements cached per connection: a worker runs the same few queries for every job.
const cache = new WeakMap<Db, Map<string, Statement>>();

export function stmt<P extends unknown[] | {} = unknown[], R = unknown>(
  db: Db,
  sql: string,
): Statement<P, R> {
  let m = cache.get(db);
  if (!m) cache.set(db, (m = new Map()));
  let s = m.get(sql);
  if (!s) m.set(sql, (s = db.prepare(sql)));
  return s as unknown as Statement<P, R>;
}
