import type { ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { expectClearError, holdLock, projectWithRun, type StoreProject } from './store-helpers.js';

// Issue 9, item 18 (opening and reading): a database held by another process gave a stack trace.
// Now a command waits a bounded time (10 s), then names the database and the holder's pid.
let p: StoreProject | undefined;
let holder: ChildProcess | undefined;
afterEach(() => {
  holder?.kill('SIGKILL');
  p?.cleanup();
});

describe('a database locked by another process', () => {
  it('under PRAGMA locking_mode=EXCLUSIVE, status and list wait, then name the holder', async () => {
    p = await projectWithRun();
    holder = await holdLock(p.dbFile, 'PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; COMMIT;');
    const [status, list] = await Promise.all([p.cli(['status']), p.cli(['list'])]);
    for (const r of [status, list]) {
      expect(r.code).toBe(1);
      expectClearError(r.stderr);
      expect(r.stderr.split('\n')[0]).toBe(
        `simorg: the database ${p.dbFile} is locked by another process (pid ${holder.pid}); try again`,
      );
    }
  }, 40_000);

  it('held in BEGIN EXCLUSIVE, a writer (track) waits then says so; readers still read', async () => {
    p = await projectWithRun();
    holder = await holdLock(p.dbFile, 'BEGIN EXCLUSIVE');
    const started = Date.now();
    const [track, list] = await Promise.all([p.cli(['track', 'a.mjs']), p.cli(['list'])]);
    expect(track.code).toBe(1);
    expectClearError(track.stderr);
    expect(track.stderr.split('\n')[0]).toBe(
      `simorg: the database ${p.dbFile} is locked by another process (pid ${holder.pid}); try again`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(9_000); // it waited, bounded
    expect(list.code).toBe(0);
    expect(list.stdout).toContain('a.mjs');
  }, 40_000);
});
