import type { Db } from './db.js';

// The one row of `status_snapshot`: the verdicts of the last full `simorg status` and what they
// were computed from (fresh/snapshot.ts decides when they still hold). `status_epoch` counts every
// write to the tables status reads (triggers in schema.ts).

export interface SnapshotHead {
  /** status_epoch now. */
  epoch: number;
  /** The epoch the stored snapshot was computed at; null when none is stored. */
  storedEpoch: number | null;
  key: string | null;
  /** The files the verdicts looked at (JSON), to be stat'ed again. */
  files: string | null;
  /** The `--json` text, as its UTF-8 bytes, when asked for. */
  json: Buffer | null;
  /** The plain table, as its UTF-8 bytes, when asked for and stored for the time zone `tz`. */
  table: Buffer | null;
  notFresh: boolean;
}

/**
 * The snapshot's small columns and the epoch, in one statement (so one consistent read); the large
 * texts only when they are what will be printed, as bytes (spares making a JS string of them).
 */
export function readSnapshotHead(db: Db, want: { json: boolean; tableTz: string | null }): SnapshotHead {
  const row = db
    .prepare<
      { json: number; table: number; tz: string | null },
      [number, number | null, string | null, string | null, Buffer | null, Buffer | null, number | null]
    >(
      `SELECT e.n, s.epoch, s.key, s.files, CASE WHEN @json THEN CAST(s.json AS BLOB) END,
         CASE WHEN @table AND s.table_tz = @tz THEN CAST(s.table_text AS BLOB) END, s.not_fresh
       FROM status_epoch e LEFT JOIN status_snapshot s ON s.id = 1`,
    )
    .raw()
    .get({ json: want.json ? 1 : 0, table: want.tableTz === null ? 0 : 1, tz: want.tableTz })!;
  const [epoch, storedEpoch, key, files, json, table, notFresh] = row;
  return { epoch, storedEpoch, key, files, json, table, notFresh: notFresh !== 0 };
}

/** One large column of the stored snapshot: the verdicts' states, or the `--json` text. */
export const readSnapshotText = (db: Db, column: 'json' | 'states'): string =>
  db.prepare<[], string>(`SELECT ${column} FROM status_snapshot WHERE id = 1`).pluck().get()!;

export interface SnapshotRow {
  key: string;
  files: string;
  states: string;
  json: string;
  notFresh: boolean;
  tableTz: string | null;
  tableText: string | null;
}

/** status_epoch now (undefined only in a database without its row). */
export function statusEpoch(db: Db): number | undefined {
  return db.prepare<[], number>('SELECT n FROM status_epoch').pluck().get();
}

/**
 * Stores the snapshot computed at status_epoch `epoch`, unless the epoch has moved since (a write
 * the verdicts did not see). Returns whether it was stored.
 */
export function writeSnapshot(db: Db, epoch: number, row: SnapshotRow): boolean {
  return db
    .transaction(() => {
      if (statusEpoch(db) !== epoch) return false;
      db.prepare(
        `INSERT OR REPLACE INTO status_snapshot (id, epoch, key, files, states, json, not_fresh, table_tz, table_text)
         VALUES (1, @epoch, @key, @files, @states, @json, @notFresh, @tableTz, @tableText)`,
      ).run({ ...row, epoch, notFresh: row.notFresh ? 1 : 0 });
      return true;
    })
    .immediate();
}

/** Adds the plain table to the stored snapshot of `epoch` when it has none and is still current. */
export function writeSnapshotTable(db: Db, epoch: number, tz: string, text: string): void {
  db.prepare(
    `UPDATE status_snapshot SET table_tz = @tz, table_text = @text
     WHERE id = 1 AND epoch = @epoch AND epoch = (SELECT n FROM status_epoch) AND table_text IS NULL`,
  ).run({ tz, text, epoch });
}
