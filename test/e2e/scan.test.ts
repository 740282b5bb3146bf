import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, simorg, tempDir, writeFiles } from '../track/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('simorg-scan-e2e-')));
afterEach(() => cleanup());

interface ScanJson {
  scanned: number;
  untracked: Array<{ path: string }>;
  tracked: Array<{ path: string; group: string | null }>;
  missingDirs: string[];
}

function project(config: object): void {
  writeFiles(dir, {
    '.simorgrc.json': JSON.stringify(config),
    'sims/a.ts': '',
    'sims/deep/b.py': '',
    'sims/_output/figures/a/png/x.js': '',
    'analysis/c.R': '',
    'analysis/tmp/d.sh': '',
  });
  expect(simorg(dir, 'init').code).toBe(0);
}

describe('simorg scan', () => {
  it('lists untracked scripts and tracks those of autoTrack folders with their group', () => {
    project({ monitor: [{ path: 'sims', autoTrack: true, group: 'sims' }, { path: 'analysis', recurse: false }] });
    const r = simorg(dir, 'scan');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('tracked 2 new scripts from autoTrack folders:\n  sims/a.ts  (group sims)\n  sims/deep/b.py  (group sims)\n');
    expect(r.stdout).toContain('untracked: 1 script\n  analysis/c.R\n');
    const ls = json<Array<{ path: string; group: string }>>(simorg(dir, 'ls', '--json'));
    expect(ls.map((s) => [s.path, s.group])).toEqual([['sims/a.ts', 'sims'], ['sims/deep/b.py', 'sims']]);
    expect(simorg(dir, 'scan').stdout).not.toContain('tracked 2');
  });

  it('--json, --dry-run, exclude and a missing optional folder', () => {
    project({ monitor: [{ path: 'analysis', autoTrack: true }, 'gone'], exclude: ['tmp'] });
    const res = json<ScanJson>(simorg(dir, 'scan', '--json', '--dry-run'));
    expect(res).toMatchObject({ scanned: 1, untracked: [{ path: 'analysis/c.R' }], tracked: [], missingDirs: ['gone'] });
    expect(json<unknown[]>(simorg(dir, 'ls', '--json'))).toEqual([]);
  });

  it('a missing folder with shouldExist fails naming it (exit 1)', () => {
    project({ monitor: [{ path: 'sims/nope', shouldExist: true }] });
    const r = simorg(dir, 'scan');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`simorg: the monitored folder 'sims/nope' (monitor[0] in ${join(dir, '.simorgrc.json')}) does not exist`);
    expect(r.stderr).toContain('"shouldExist": false');
  });
});
