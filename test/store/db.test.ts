import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDb } from '../../src/store/db.js';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/schema.js';

describe('openDb', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simorg-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the schema in WAL mode and records its version', () => {
    const db = openDb(join(dir, 'sub', 'x.sqlite'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(['scripts', 'runs', 'run_files', 'figures', 'jobs', 'hash_cache']),
    );
    db.close();
  });

  it('refuses a database from a newer schema and leaves it untouched', () => {
    const file = join(dir, 'new.sqlite');
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openDb(file)).toThrow(/newer than this simorg understands/);
    const again = new Database(file);
    expect(again.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION + 5);
    expect(again.prepare("SELECT count(*) FROM sqlite_master WHERE type='table'").pluck().get()).toBe(0);
    again.close();
  });

  it('brings a database made by the first schema up to date, keeping its rows', () => {
    const file = join(dir, 'v1.sqlite');
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.prepare("INSERT INTO scripts (path, tracked_at) VALUES ('a.mjs', 1)").run();
    raw.prepare("INSERT INTO jobs (script_id, run_config, created_at) VALUES (1, 'std', 1)").run();
    raw.close();
    const db = openDb(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT path FROM scripts').pluck().all()).toEqual(['a.mjs']);
    expect(db.prepare('SELECT child_pid FROM jobs').pluck().all()).toEqual([null]);
    db.close();
  });
});
