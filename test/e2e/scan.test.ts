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
    project({
      monitor: [
        { path: 'sims', autoTrack: true, group: 'sims' },
        { path: 'analysis', recurse: false },
      ],
    });
    const r = simorg(dir, 'scan');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'tracked 2 new scripts from autoTrack folders:\n  sims/a.ts  (group sims)\n  sims/deep/b.py  (group sims)\n',
    );
    expect(r.stdout).toContain('untracked: 1 script\n  analysis/c.R\n');
    const ls = json<Array<{ path: string; group: string }>>(simorg(dir, 'ls', '--json'));
    expect(ls.map((s) => [s.path, s.group])).toEqual([
      ['sims/a.ts', 'sims'],
      ['sims/deep/b.py', 'sims'],
    ]);
    expect(simorg(dir, 'scan').stdout).not.toContain('tracked 2');
  });

  it('--json, --dry-run, exclude and a missing optional folder', () => {
    project({ monitor: [{ path: 'analysis', autoTrack: true }, 'gone'], exclude: ['tmp'] });
    const res = json<ScanJson>(simorg(dir, 'scan', '--json', '--dry-run'));
    expect(res).toMatchObject({
      scanned: 1,
      untracked: [{ path: 'analysis/c.R' }],
      tracked: [],
      missingDirs: ['gone'],
    });
    expect(json<unknown[]>(simorg(dir, 'ls', '--json'))).toEqual([]);
  });

  it('a missing folder with shouldExist fails naming it (exit 1)', () => {
    project({ monitor: [{ path: 'sims/nope', shouldExist: true }] });
    const r = simorg(dir, 'scan');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `simorg: the monitored folder 'sims/nope' (monitor[0] in ${join(dir, '.simorgrc.json')}) does not exist`,
    );
    expect(r.stderr).toContain('"shouldExist": false');
  });

  it('lists modules that scripts import apart, with their importer, and never auto-tracks them', () => {
    writeFiles(dir, {
      '.simorgrc.json': JSON.stringify({ monitor: [{ path: 'sims', autoTrack: true }, 'lib'] }),
      'sims/run.mjs': "import { k } from '../lib/model.mjs';\nconsole.log(k);\n",
      'lib/model.mjs': 'export const k = 1;\n',
      'lib/tool.mjs': 'console.log(2);\n',
    });
    expect(simorg(dir, 'init').code).toBe(0);
    const r = simorg(dir, 'scan');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('scanned 2 folders: 2 scripts, 1 module (');
    expect(r.stdout).toContain('tracked 1 new script from autoTrack folders:\n  sims/run.mjs\n');
    expect(r.stdout).toContain('untracked: 1 script\n  lib/tool.mjs\n');
    expect(r.stdout).toContain(
      'modules (imported by tracked or found scripts, not tracked): 1 file\n  lib/model.mjs  (imported by sims/run.mjs)\n',
    );
    const res = json<ScanJson & { modules: unknown[] }>(simorg(dir, 'scan', '--json'));
    expect(res.modules).toEqual([
      { path: 'lib/model.mjs', monitor: 'lib', wasUntracked: false, importedBy: 'sims/run.mjs' },
    ]);
    expect(res.untracked).toEqual([{ path: 'lib/tool.mjs', monitor: 'lib', wasUntracked: false }]);
    expect(json<Array<{ path: string }>>(simorg(dir, 'ls', '--json')).map((s) => s.path)).toEqual([
      'sims/run.mjs',
    ]);
  });
});
