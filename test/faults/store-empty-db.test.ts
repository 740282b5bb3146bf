import { existsSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectClearError, projectWithRun, type StoreProject } from './store-helpers.js';

// Issue 9, item 9: a zero-length database file was silently re-created as an empty database,
// orphaning .simorg/runs/*. Now every command says which file and how to recover, and the file is
// left as it is until `init --rebuild` sets it aside.
let p: StoreProject | undefined;
afterEach(() => p?.cleanup());

describe('a zero-length database', () => {
  for (const args of [['status'], ['list'], ['ls'], ['run', 'a.mjs'], ['track', 'a.mjs'], ['init']]) {
    it(`\`simorg ${args.join(' ')}\` names the file and the way back, and re-creates nothing`, async () => {
      p = await projectWithRun();
      truncateSync(p.dbFile, 0);
      const r = await p.cli(args);
      expect(r.code).toBe(1);
      expectClearError(r.stderr);
      expect(r.stderr).toContain(
        `simorg: the database ${p.dbFile} cannot be used: it is empty (0 bytes): it was truncated or replaced`,
      );
      expect(r.stderr).toContain('simorg init --rebuild');
      expect(statSync(p.dbFile).size).toBe(0);
    });
  }

  it('`init --rebuild --yes` sets it aside, starts a new database and records the runs again from their folders', async () => {
    p = await projectWithRun();
    const before = JSON.parse((await p.cli(['show', 'a.mjs', '--json'])).stdout);
    const runs = readdirSync(join(p.root, '.simorg/runs'));
    truncateSync(p.dbFile, 0);
    const r = await p.cli(['init', '--rebuild', '--yes']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^set the broken database aside as \.simorg\/simorg\.sqlite\.broken-\d{8}T\d{6}; new database \.simorg\/simorg\.sqlite with 0 tracked scripts carried over\nrecorded 1 run again from \.simorg\/runs\/ \(and 1 script of those runs\)\n$/,
    );
    // Not orphaned: the run is back as it was recorded, its script tracked again, and still fresh.
    const after = JSON.parse((await p.cli(['show', 'a.mjs', '--json'])).stdout);
    expect(after).toEqual(before);
    expect(JSON.parse((await p.cli(['ls', '--json'])).stdout)).toMatchObject([{ path: 'a.mjs' }]);
    expect((await p.cli(['status'])).stdout).toMatch(/fresh\s+a\.mjs|a\.mjs\s+fresh/);
    expect((await p.cli(['log', 'a.mjs'])).stdout).toBe('ran\n');
    const aside = readdirSync(join(p.root, '.simorg')).find((f) =>
      /^simorg\.sqlite\.broken-\d{8}T\d{6}$/.test(f),
    )!;
    expect(statSync(join(p.root, '.simorg', aside)).size).toBe(0);
    expect(readdirSync(join(p.root, '.simorg/runs'))).toEqual(runs);
    expect((await p.cli(['status'])).code).toBe(0);
    expect(existsSync(p.dbFile)).toBe(true);
  });
});
