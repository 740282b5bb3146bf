import { afterEach, describe, expect, it } from 'vitest';
import { expectClearError, projectWithRun, sqlFromOutside, type StoreProject } from './store-helpers.js';
import { SCHEMA_VERSION } from '../../src/store/schema.js';

// Issue 9, item 20: `user_version` set to 1, 0 or -1, or a dropped table, gave a stack trace. Each
// is now one line, and `init --rebuild` sets the database aside keeping the tracked scripts.
let p: StoreProject | undefined;
afterEach(() => p?.cleanup());

const cases: Array<[string, string, string]> = [
  [
    'user_version 1',
    'PRAGMA user_version = 1',
    `cannot be upgraded from schema version 1 to ${SCHEMA_VERSION} (duplicate column name: child_pid): it was altered`,
  ],
  [
    'user_version 0',
    'PRAGMA user_version = 0',
    'has tables (scripts, runs, run_files, ...) but no simorg schema version',
  ],
  [
    'user_version -1',
    'PRAGMA user_version = -1',
    'has schema version -1, which simorg never writes: it was altered',
  ],
  ['a dropped table', 'DROP TABLE run_files', 'lacks the table run_files: it was altered'],
];

describe('a database whose schema was altered', () => {
  for (const [what, sql, said] of cases) {
    it(`${what}: one line for status, list and run; init --rebuild recovers the tracked scripts`, async () => {
      p = await projectWithRun();
      sqlFromOutside(p.dbFile, sql);
      for (const args of [['status'], ['list'], ['run', 'a.mjs']]) {
        const r = await p.cli(args);
        expect(r.code).toBe(1);
        expectClearError(r.stderr);
        expect(r.stderr).toContain(`simorg: the database ${p.dbFile} ${said}`);
        expect(r.stderr).toContain('simorg init --rebuild');
      }
      const rebuilt = await p.cli(['init', '--rebuild', '--yes']);
      expect(rebuilt.code).toBe(0);
      expect(rebuilt.stdout).toContain('with 1 tracked script carried over');
      const ls = await p.cli(['ls', '--json']);
      expect(ls.code).toBe(0);
      expect(ls.stdout).toContain('a.mjs');
    });
  }
});
