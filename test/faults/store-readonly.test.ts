import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { expectClearError, projectWithRun, type StoreProject } from './store-helpers.js';

// Issue 9, item 19: with a read-only .simorg even `status` and `list` failed with a stack trace.
// Reading commands now read; writing ones say the database cannot be written. The folder is made
// read-only with a read-only bind mount (chmod does not stop root, which these tests run as).
let p: StoreProject | undefined;
let mounted: string | undefined;
afterEach(() => {
  if (mounted) spawnSync('umount', [mounted]);
  mounted = undefined;
  p?.cleanup();
});

function readOnly(dir: string): boolean {
  const bind = spawnSync('mount', ['--bind', dir, dir]);
  if (bind.status !== 0) return false;
  mounted = dir;
  return spawnSync('mount', ['-o', 'remount,ro,bind', dir]).status === 0;
}

const canMount = (() => {
  const probe = spawnSync('sh', [
    '-c',
    'd=$(mktemp -d) && mount --bind "$d" "$d" && mount -o remount,ro,bind "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s',
  ]);
  return probe.status === 0;
})();

describe.skipIf(!canMount)('a read-only .simorg (read-only bind mount)', () => {
  it('status, list, ls, log and show read it', async () => {
    p = await projectWithRun();
    const before = readdirSync(join(p.root, '.simorg')).sort();
    expect(readOnly(join(p.root, '.simorg'))).toBe(true);
    const status = await p.cli(['status']);
    expect(status.stderr).toBe('');
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/a\.mjs\s+fresh/);
    const list = await p.cli(['list']);
    expect([list.code, list.stderr]).toEqual([0, '']);
    expect(list.stdout).toMatch(/a\.mjs\s+succeeded/);
    for (const args of [['ls'], ['log', 'a.mjs'], ['show', 'a.mjs']]) {
      const r = await p.cli(args);
      expect([args, r.code, r.stderr]).toEqual([args, 0, '']);
    }
    expect(readdirSync(join(p.root, '.simorg')).sort()).toEqual(before);
  });

  it('track, run and init --rebuild say the database cannot be written, in one or two lines', async () => {
    p = await projectWithRun();
    expect(readOnly(join(p.root, '.simorg'))).toBe(true);
    for (const args of [
      ['track', 'a.mjs'],
      ['run', 'a.mjs'],
      ['init', '--rebuild', '--yes'],
    ]) {
      const r = await p.cli(args);
      expect(r.code).toBe(1);
      expectClearError(r.stderr);
      expect(r.stderr.split('\n')[0]).toBe(
        `simorg: the database ${p.dbFile} cannot be written: it or its folder is read-only`,
      );
    }
  });
});

if (!canMount)
  console.warn(
    'store-readonly: skipped, `mount --bind` is not permitted here (needed for a read-only folder that root cannot write)',
  );
