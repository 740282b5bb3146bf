import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, simorg, tempDir, writeFiles } from '../track/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir('simorg-track-e2e-'));
  writeFiles(dir, {
    '.simorgrc.json': JSON.stringify({ groups: { paper: ['paper/**'] } }),
    'sims/a.ts': '',
    'sims/b.ts': '',
    'sims/sub/c.py': '',
    'paper/fig1.ts': '',
  });
  expect(simorg(dir, 'init').code).toBe(0);
});
afterEach(() => cleanup());

type Listed = Array<{ path: string; group: string | null; trackedAt: string; exists: boolean }>;
const ls = (...args: string[]) => json<Listed>(simorg(dir, 'ls', '--json', ...args));

describe('simorg track / untrack / ls', () => {
  it('tracks quoted globs relative to the current folder, with configured groups', () => {
    const r = simorg(join(dir, 'sims'), 'track', '**/*', '../paper/*.ts');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'tracked paper/fig1.ts  (group paper)\ntracked sims/a.ts\ntracked sims/b.ts\ntracked sims/sub/c.py\n',
    );
    expect(ls().map((s) => s.path)).toEqual(['paper/fig1.ts', 'sims/a.ts', 'sims/b.ts', 'sims/sub/c.py']);
    expect(ls()[0]).toMatchObject({ group: 'paper', exists: true });
    expect(new Date(ls()[0]!.trackedAt).getTime()).toBeGreaterThan(0);
  });

  it('a missing file, outside the root or a glob matching nothing: exit 2, named, nothing tracked', () => {
    for (const [arg, msg] of [
      ['sims/nope.ts', "'sims/nope.ts' does not exist"],
      ['../elsewhere.py', "'../elsewhere.py' is outside the project root"],
      ['sims/*.jl', "'sims/*.jl' matches no script files"],
    ] as const) {
      const r = simorg(dir, 'track', 'sims/a.ts', arg);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`simorg: ${msg}`);
    }
    expect(ls()).toEqual([]);
  });

  it('re-tracking says so; --group changes the group; ls filters by group and glob', () => {
    simorg(dir, 'track', 'sims');
    expect(simorg(dir, 'track', 'sims/a.ts').stdout).toBe('already tracked: sims/a.ts\n');
    expect(simorg(dir, 'track', 'sims/a.ts', '--group', 'fast').stdout).toBe(
      'regrouped sims/a.ts  (group fast)\n',
    );
    expect(ls('--group', 'fast').map((s) => s.path)).toEqual(['sims/a.ts']);
    expect(ls('sims/*.ts').map((s) => s.path)).toEqual(['sims/a.ts', 'sims/b.ts']);
    const table = simorg(dir, 'ls');
    expect(table.stdout.split('\n')[0]).toMatch(/^SCRIPT\s+GROUP\s+TRACKED$/);
    expect(table.stdout).toMatch(/sims\/a\.ts\s+fast\s+\d{4}-/);
    expect(simorg(dir, 'ls', '--group', 'nope').stdout).toBe("no tracked scripts in group 'nope'\n");
  });

  it('untrack hides scripts from ls; an unknown one is exit 2 and untracks nothing', () => {
    simorg(dir, 'track', 'sims');
    const bad = simorg(dir, 'untrack', 'sims/a.ts', 'sims/zzz.ts');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("'sims/zzz.ts' matches no tracked script");
    expect(ls()).toHaveLength(3);
    expect(simorg(dir, 'untrack', 'sims/sub').stdout).toBe('untracked sims/sub/c.py\n');
    expect(ls().map((s) => s.path)).toEqual(['sims/a.ts', 'sims/b.ts']);
  });

  it('ls marks tracked scripts whose file is gone', () => {
    simorg(dir, 'track', 'sims/a.ts');
    rmSync(join(dir, 'sims/a.ts'));
    expect(ls()[0]).toMatchObject({ path: 'sims/a.ts', exists: false });
    expect(simorg(dir, 'ls').stdout).toContain('sims/a.ts (missing)');
  });
});
