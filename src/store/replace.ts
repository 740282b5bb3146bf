// The way back from a broken database (emptied, cut short, damaged, altered): the file is set aside
// under a new name, never deleted, and a new database takes its place with the tracked scripts the
// old one still gives up. Run outputs in .simorg/runs/ are left where they are.

import { existsSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';
import { openDb } from './db.js';

interface TrackedRow {
  path: string;
  grp: string | null;
  tracked_at: number;
}

// Whatever tracked scripts the broken file can still be read for; none when it cannot.
function salvageScripts(file: string): TrackedRow[] {
  try {
    const Sqlite = createRequire(import.meta.url)('better-sqlite3') as typeof Database;
    const old = new Sqlite(file, { readonly: true, fileMustExist: true });
    try {
      return old
        .prepare<[], TrackedRow>('SELECT path, grp, tracked_at FROM scripts WHERE untracked_at IS NULL')
        .all();
    } finally {
      old.close();
    }
  } catch {
    return [];
  }
}

export interface Replaced {
  /** Where the broken file now is. */
  aside: string;
  /** Tracked scripts carried over to the new database. */
  scripts: number;
}

/** Sets `file` (and its -wal and -shm) aside as `<file>.broken-<time>` and creates a new database. */
export function replaceDatabase(file: string, now = new Date()): Replaced {
  const scripts = salvageScripts(file);
  const stamp = `${file}.broken-${now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '')}`;
  let aside = stamp;
  for (let n = 2; existsSync(aside); n++) aside = `${stamp}-${n}`; // an earlier one is never overwritten
  for (const suffix of ['-wal', '-shm', ''])
    if (existsSync(file + suffix)) renameSync(file + suffix, aside + suffix);
  const db = openDb(file);
  try {
    const ins = db.prepare('INSERT OR IGNORE INTO scripts (path, grp, tracked_at) VALUES (?, ?, ?)');
    db.transaction(() => scripts.forEach((s) => ins.run(s.path, s.grp, s.tracked_at))).immediate();
  } finally {
    db.close();
  }
  return { aside, scripts: scripts.length };
}
