import type { Db } from './db.js';
import { selectJson } from './json-rows.js';

/** One row of `hash_cache`: a file's content hash and what the file was when it was hashed. */
export interface HashCacheRow {
  path: string;
  size: number;
  mtimeMs: number;
  hash: string;
  hashedAt: number;
}

/** The queries of the `hash_cache` table, prepared once per HashCache. */
export interface HashCacheTable {
  get(path: string): HashCacheRow | undefined;
  /** Every row, in one query (worth it when most cached paths will be asked for). */
  all(): HashCacheRow[];
  /** Inserts or replaces the rows, in one transaction. */
  put(rows: readonly HashCacheRow[]): void;
}

type Cells = [path: string, size: number, mtimeMs: number, hash: string, hashedAt: number];
const fromCells = ([path, size, mtimeMs, hash, hashedAt]: Cells): HashCacheRow => ({
  path,
  size,
  mtimeMs,
  hash,
  hashedAt,
});

export function hashCacheTable(db: Db): HashCacheTable {
  const get = db
    .prepare<[string], Cells>('SELECT path, size, mtime_ms, hash, hashed_at FROM hash_cache WHERE path = ?')
    .raw();
  const put = db.prepare<HashCacheRow>(
    `INSERT INTO hash_cache (path, size, mtime_ms, hash, hashed_at) VALUES (@path, @size, @mtimeMs, @hash, @hashedAt)
     ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ms = excluded.mtime_ms,
       hash = excluded.hash, hashed_at = excluded.hashed_at`,
  );
  const putAll = db.transaction((rows: readonly HashCacheRow[]) => {
    for (const row of rows) put.run(row);
  });
  return {
    get: (path) => {
      const cells = get.get(path);
      return cells && fromCells(cells);
    },
    all: () =>
      selectJson<Cells>(db, {
        columns: 'path, size, mtime_ms, hash, hashed_at',
        from: 'FROM hash_cache',
      }).map(fromCells),
    put: (rows) => {
      if (rows.length === 1) put.run(rows[0]!);
      else if (rows.length) putAll(rows);
    },
  };
}
