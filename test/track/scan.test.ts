import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { initProject, openProject, type Project } from '../../src/project.js';
import { scanProject } from '../../src/track/scan.js';
import { listScripts } from '../../src/track/scripts.js';
import { trackPaths, untrackScripts } from '../../src/track/track.js';
import { simorg, tempDir, writeFiles } from './helpers.js';

let project: Project | undefined;
let cleanup = () => {};
afterEach(() => {
  project?.close();
  project = undefined;
  cleanup();
});

const TREE = {
  'top.py': '',
  'sims/a.ts': '',
  'sims/b.py': '',
  'sims/notes.txt': '',
  'sims/types.d.ts': '',
  'sims/deep/c.sh': '',
  'sims/scratch/d.js': '',
  'sims/_output/figures/a/png/fig.js': '',
  'analysis/e.R': '',
  'analysis/old.bak.py': '',
  'node_modules/pkg/index.js': '',
  '.hidden/f.js': '',
  'venv/pyvenv.cfg': '',
  'venv/lib/site.py': '',
};

async function setup(config: object, files: Record<string, string> = TREE): Promise<Project> {
  const t = tempDir('simorg-scan-');
  cleanup = t.cleanup;
  writeFiles(t.dir, { ...files, '.simorgrc.json': JSON.stringify(config) });
  await initProject(t.dir);
  project = await openProject(t.dir);
  return project;
}

const paths = (xs: Array<{ path: string }>) => xs.map((x) => x.path);

describe('scanProject', () => {
  it('with no monitor, walks the whole project, skipping tool folders, outputs and virtualenvs, tracking nothing', async () => {
    const p = await setup({});
    const res = scanProject(p);
    expect(paths(res.untracked)).toEqual([
      'analysis/e.R',
      'analysis/old.bak.py',
      'sims/a.ts',
      'sims/b.py',
      'sims/deep/c.sh',
      'sims/scratch/d.js',
      'top.py',
    ]);
    expect(res.tracked).toEqual([]);
    expect(listScripts(p)).toEqual([]);
  });

  it('honours recurse false and true, and exclude globs for folders and names', async () => {
    const p = await setup({
      monitor: [{ path: 'sims', recurse: false }, 'analysis'],
      exclude: ['sims/scratch', '*.bak.py'],
    });
    expect(paths(scanProject(p).untracked)).toEqual(['analysis/e.R', 'sims/a.ts', 'sims/b.py']);
    p.close();
    project = await setup({ monitor: ['sims'], exclude: ['sims/scratch/**'] });
    expect(paths(scanProject(project).untracked)).toEqual(['sims/a.ts', 'sims/b.py', 'sims/deep/c.sh']);
  });

  it('tracks new scripts of autoTrack folders with their group, once', async () => {
    const p = await setup({
      monitor: [
        { path: 'sims', autoTrack: true, group: 'sim' },
        { path: 'sims/deep', autoTrack: true },
        'analysis',
      ],
      groups: { deepgrp: ['sims/deep/*'] },
    });
    const res = scanProject(p);
    expect(res.tracked).toEqual([
      { path: 'sims/a.ts', group: 'sim' },
      { path: 'sims/b.py', group: 'sim' },
      { path: 'sims/deep/c.sh', group: 'deepgrp' },
      { path: 'sims/scratch/d.js', group: 'sim' },
    ]);
    expect(paths(res.untracked)).toEqual(['analysis/e.R', 'analysis/old.bak.py']);
    const again = scanProject(p);
    expect(again.tracked).toEqual([]);
    expect(again.scanned).toBe(6);
  });

  it('does not re-track a script untracked by hand, and reports tracked scripts that are gone', async () => {
    const p = await setup({ monitor: [{ path: 'sims', autoTrack: true }] });
    scanProject(p);
    untrackScripts(p, p.root, ['sims/a.ts']);
    rmSync(join(p.root, 'sims/b.py'));
    const res = scanProject(p);
    expect(res.tracked).toEqual([]);
    expect(res.untracked).toEqual([{ path: 'sims/a.ts', monitor: 'sims', wasUntracked: true }]);
    expect(res.missing).toEqual(['sims/b.py']);
  });

  it('skips a missing folder unless shouldExist, then names it and the config key', async () => {
    const p = await setup({ monitor: ['sims', 'nowhere'] });
    expect(scanProject(p).missingDirs).toEqual(['nowhere']);
    p.close();
    project = await setup({ monitor: ['sims', { path: 'nowhere', shouldExist: true }] });
    expect(() => scanProject(project!)).toThrow(ConfigError);
    expect(() => scanProject(project!)).toThrow(
      /the monitored folder 'nowhere' \(monitor\[1\] in .*\.simorgrc\.json\) does not exist/,
    );
  });

  it('finds extensions added by interpreters', async () => {
    const p = await setup({ interpreters: { '.jl': 'julia' } }, { 'a.jl': '', 'b.txt': '' });
    expect(paths(scanProject(p).untracked)).toEqual(['a.jl']);
    trackPaths(p, ['a.jl']);
    expect(scanProject(p).untracked).toEqual([]);
  });
});

describe('scanProject: helper modules', () => {
  const PROJECT = {
    'sims/a.mjs':
      "import { k } from '../lib/model.mjs';\nimport { u } from './helpers/util.js';\nconsole.log(k, u);\n",
    'sims/helpers/util.ts': 'export const u: number = 1;\n',
    'lib/model.mjs': "export { d as k } from './deep.mjs';\n",
    'lib/deep.mjs': 'export const d = 2;\n',
    'lib/unused.mjs': 'export const x = 3;\n',
    'sims/b.py': 'import lib.model\n',
    // Its module is named at run time only: a static scan cannot see it, the recorded run can.
    'sims/c.cjs': "const name = ['..', 'lib', 'plugin.cjs'].join('/');\nconsole.log(require(name).z);\n",
    'lib/plugin.cjs': 'module.exports = { z: 5 };\n',
  };

  it('lists files that found scripts import (transitively, TypeScript twins too) apart, and does not auto-track them', async () => {
    const p = await setup({ monitor: [{ path: '.', autoTrack: true }] }, PROJECT);
    const res = scanProject(p);
    expect(paths(res.tracked)).toEqual([
      'lib/plugin.cjs',
      'lib/unused.mjs',
      'sims/a.mjs',
      'sims/b.py',
      'sims/c.cjs',
    ]);
    expect(res.modules).toEqual([
      { path: 'lib/deep.mjs', monitor: '.', wasUntracked: false, importedBy: 'sims/a.mjs' },
      { path: 'lib/model.mjs', monitor: '.', wasUntracked: false, importedBy: 'sims/a.mjs' },
      { path: 'sims/helpers/util.ts', monitor: '.', wasUntracked: false, importedBy: 'sims/a.mjs' },
    ]);
    expect(res.untracked).toEqual([]);
    expect(res.scanned).toBe(8);
  });

  it('counts imports by tracked scripts outside the monitored folders, and modules their recorded runs loaded', async () => {
    const p = await setup({ monitor: ['lib'] }, PROJECT);
    trackPaths(p, ['sims/a.mjs', 'sims/c.cjs']);
    expect(paths(scanProject(p).modules)).toEqual(['lib/deep.mjs', 'lib/model.mjs']);
    expect(simorg(p.root, 'run', 'sims/c.cjs').code).toBe(0);
    const res = scanProject(p);
    expect(res.modules.map((m) => [m.path, m.importedBy])).toEqual([
      ['lib/deep.mjs', 'sims/a.mjs'],
      ['lib/model.mjs', 'sims/a.mjs'],
      ['lib/plugin.cjs', 'sims/c.cjs'],
    ]);
    expect(paths(res.untracked)).toEqual(['lib/unused.mjs']);
  });

  it('keeps a module tracked by hand tracked, and lists an untracked one as a module again', async () => {
    const p = await setup({ monitor: [{ path: '.', autoTrack: true }] }, PROJECT);
    trackPaths(p, ['lib/model.mjs']);
    const res = scanProject(p);
    expect(paths(res.modules)).toEqual(['lib/deep.mjs', 'sims/helpers/util.ts']);
    expect(paths(listScripts(p))).toContain('lib/model.mjs');
    untrackScripts(p, p.root, ['lib/model.mjs']);
    expect(scanProject(p).modules.find((m) => m.path === 'lib/model.mjs')).toEqual({
      path: 'lib/model.mjs',
      monitor: '.',
      wasUntracked: true,
      importedBy: 'sims/a.mjs',
    });
    expect(paths(listScripts(p))).not.toContain('lib/model.mjs');
  });

  it('a file no longer imported is a script again', async () => {
    const p = await setup({ monitor: ['sims', 'lib'] }, PROJECT);
    expect(paths(scanProject(p).modules)).toContain('lib/model.mjs');
    writeFiles(p.root, { 'sims/a.mjs': 'console.log(1);\n' });
    const res = scanProject(p);
    // lib/model.mjs is a script now, and what it imports is still a module.
    expect(res.modules.map((m) => [m.path, m.importedBy])).toEqual([['lib/deep.mjs', 'lib/model.mjs']]);
    expect(paths(res.untracked)).toContain('lib/model.mjs');
  });
});
