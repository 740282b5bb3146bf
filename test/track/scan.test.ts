import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { initProject, openProject, type Project } from '../../src/project.js';
import { scanProject } from '../../src/track/scan.js';
import { listScripts } from '../../src/track/scripts.js';
import { trackPaths, untrackScripts } from '../../src/track/track.js';
import { tempDir, writeFiles } from './helpers.js';

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
    expect(paths(res.untracked)).toEqual(['analysis/e.R', 'analysis/old.bak.py', 'sims/a.ts', 'sims/b.py', 'sims/deep/c.sh', 'sims/scratch/d.js', 'top.py']);
    expect(res.tracked).toEqual([]);
    expect(listScripts(p)).toEqual([]);
  });

  it('honours recurse false and true, and exclude globs for folders and names', async () => {
    const p = await setup({ monitor: [{ path: 'sims', recurse: false }, 'analysis'], exclude: ['sims/scratch', '*.bak.py'] });
    expect(paths(scanProject(p).untracked)).toEqual(['analysis/e.R', 'sims/a.ts', 'sims/b.py']);
    p.close();
    project = await setup({ monitor: ['sims'], exclude: ['sims/scratch/**'] });
    expect(paths(scanProject(project).untracked)).toEqual(['sims/a.ts', 'sims/b.py', 'sims/deep/c.sh']);
  });

  it('tracks new scripts of autoTrack folders with their group, once', async () => {
    const p = await setup({ monitor: [{ path: 'sims', autoTrack: true, group: 'sim' }, { path: 'sims/deep', autoTrack: true }, 'analysis'], groups: { deepgrp: ['sims/deep/*'] } });
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
    expect(() => scanProject(project!)).toThrow(/the monitored folder 'nowhere' \(monitor\[1\] in .*\.simorgrc\.json\) does not exist/);
  });

  it('finds extensions added by interpreters', async () => {
    const p = await setup({ interpreters: { '.jl': 'julia' } }, { 'a.jl': '', 'b.txt': '' });
    expect(paths(scanProject(p).untracked)).toEqual(['a.jl']);
    trackPaths(p, ['a.jl']);
    expect(scanProject(p).untracked).toEqual([]);
  });
});
