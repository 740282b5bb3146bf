import { copyFileSync, openSync, readFileSync, statSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { expectClearError, projectWithRun, type StoreProject } from './store-helpers.js';

// Issue 9, items 9 and 17: a truncated, damaged or non-database file gave a stack trace (internal
// error). Now: one line naming the file and what is wrong, and the way back.
let p: StoreProject | undefined;
afterEach(() => p?.cleanup());

// Enough scripts that the database spans several pages.
async function biggerProject(): Promise<StoreProject> {
  const q = await projectWithRun();
  const db = q.db();
  const ins = db.prepare('INSERT INTO scripts (path, grp, tracked_at) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 0; i < 2000; i++) ins.run(`sims/s${i}-${'x'.repeat(40)}.mjs`, null, Date.now());
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return q;
}

describe('a database file that is not a sound simorg database', () => {
  it('truncated: says so with its size, for status, list and run', async () => {
    p = await biggerProject();
    truncateSync(p.dbFile, 8192);
    for (const args of [['status'], ['list'], ['run', 'a.mjs']]) {
      const r = await p.cli(args);
      expect(r.code).toBe(1);
      expectClearError(r.stderr);
      expect(r.stderr).toContain(
        `simorg: the database ${p.dbFile} cannot be used: it is truncated (8192 bytes, its header says`,
      );
      expect(r.stderr).toContain('simorg init --rebuild');
    }
  });

  it('damaged pages: "is damaged", never a stack', async () => {
    p = await biggerProject();
    const fd = openSync(p.dbFile, 'r+');
    const size = statSync(p.dbFile).size;
    for (let at = 4096; at < size; at += 4096) writeSync(fd, Buffer.alloc(200, 0xa5), 0, 200, at); // every page's header
    closeSync(fd);
    for (const args of [['status'], ['ls'], ['list']]) {
      const r = await p.cli(args);
      expect(r.code).toBe(1);
      expectClearError(r.stderr);
      expect(r.stderr).toMatch(new RegExp(`^simorg: the database ${p.dbFile} is damaged: `));
    }
  });

  it('`"database": "/etc/passwd"`: not a SQLite database, the config is blamed, the file untouched', async () => {
    p = await projectWithRun();
    p.write('.simorgrc.json', JSON.stringify({ database: '/etc/passwd' }));
    const before = readFileSync('/etc/passwd');
    for (const args of [['status'], ['list'], ['init'], ['init', '--rebuild', '--yes']]) {
      const r = await p.cli(args);
      expect(r.code).toBe(1);
      expectClearError(r.stderr);
      expect(r.stderr).toContain(
        'simorg: the database /etc/passwd cannot be used: it is not a SQLite database (it starts with "root:',
      );
      expect(r.stderr).toContain('check `database` in the config');
    }
    expect(readFileSync('/etc/passwd')).toEqual(before);
  });

  it('another SQLite database is not taken for a simorg one', async () => {
    p = await projectWithRun();
    copyFileSync(p.dbFile, `${p.dbFile}.orig`);
    const { default: Database } = await import('better-sqlite3');
    const other = new Database(`${p.root}/other.sqlite`);
    other.exec('CREATE TABLE notes (t TEXT)');
    other.close();
    p.write('.simorgrc.json', JSON.stringify({ database: 'other.sqlite' }));
    const r = await p.cli(['status']);
    expect(r.code).toBe(1);
    expectClearError(r.stderr);
    expect(r.stderr).toContain(
      `other.sqlite has tables (notes) but no simorg schema version: it is not a simorg database, or was altered`,
    );
  });
});
