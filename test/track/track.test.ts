import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { initProject, openProject, type Project } from '../../src/project.js';
import { listScripts, resolveScripts } from '../../src/track/scripts.js';
import { expandPatterns, trackScripts, untrackScripts } from '../../src/track/track.js';
import { tempDir, writeFiles } from './helpers.js';

let project: Project;
let cleanup = () => {};
afterEach(() => {
  project?.close();
  cleanup();
});

async function setup(config: object = {}): Promise<Project> {
  const t = tempDir('simorg-track-');
  cleanup = t.cleanup;
  writeFiles(t.dir, {
    '.simorgrc.json': JSON.stringify(config),
    'sims/a.ts': '',
    'sims/b.ts': '',
    'sims/sub/c.ts': '',
    'sims/run.py': '',
    'sims/data.csv': '',
    'paper/fig1.ts': '',
    'node_modules/m/x.ts': '',
  });
  await initProject(t.dir);
  project = await openProject(t.dir);
  return project;
}

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('no error');
}

describe('track', () => {
  it('expands globs relative to cwd over script files, folders to their scripts, files as given', async () => {
    const p = await setup();
    expect(expandPatterns(p, p.root, ['sims/**/*.ts'])).toEqual(['sims/a.ts', 'sims/b.ts', 'sims/sub/c.ts']);
    expect(expandPatterns(p, join(p.root, 'sims'), ['*.ts', '../paper'])).toEqual([
      'paper/fig1.ts',
      'sims/a.ts',
      'sims/b.ts',
    ]);
    expect(expandPatterns(p, p.root, ['sims/{a,run}.*'])).toEqual(['sims/a.ts', 'sims/run.py']);
    expect(expandPatterns(p, p.root, ['**/*.ts'])).not.toContain('node_modules/m/x.ts');
    expect(expandPatterns(p, p.root, ['sims/data.csv'])).toEqual(['sims/data.csv']);
  });

  it('is all or nothing: a missing file, a glob matching nothing or a path outside the root tracks nothing', async () => {
    const p = await setup();
    expect(usageError(() => trackScripts(p, p.root, ['sims/a.ts', 'sims/nope.ts'])).message).toBe(
      "'sims/nope.ts' does not exist",
    );
    expect(usageError(() => trackScripts(p, p.root, ['sims/a.ts', 'sims/*.jl'])).message).toBe(
      "'sims/*.jl' matches no script files",
    );
    expect(usageError(() => trackScripts(p, join(p.root, 'sims'), ['a.ts', '../../x.ts'])).message).toMatch(
      /^'..\/..\/x.ts' is outside the project root/,
    );
    expect(usageError(() => trackScripts(p, p.root, ['/etc/hostname'])).code).toBe('E_OUTSIDE_ROOT');
    expect(listScripts(p)).toEqual([]);
  });

  it('gives configured groups unless --group, and --group regroups a tracked script', async () => {
    const p = await setup({ groups: { paper: ['paper/*.ts'], quick: ['*.py'] } });
    const first = trackScripts(p, p.root, ['paper', 'sims/run.py', 'sims/a.ts']);
    expect(first.added.map((s) => [s.path, s.group])).toEqual([
      ['paper/fig1.ts', 'paper'],
      ['sims/a.ts', null],
      ['sims/run.py', 'quick'],
    ]);
    const again = trackScripts(p, p.root, ['sims/a.ts', 'sims/run.py'], { group: 'quick' });
    expect(again.regrouped.map((s) => s.path)).toEqual(['sims/a.ts']);
    expect(again.unchanged.map((s) => s.path)).toEqual(['sims/run.py']);
    expect(listScripts(p, { group: 'quick' }).map((s) => s.path)).toEqual(['sims/a.ts', 'sims/run.py']);
  });
});

describe('untrack', () => {
  it('keeps the row and its runs, hides the script, cancels its queued jobs; track brings it back', async () => {
    const p = await setup();
    trackScripts(p, p.root, ['sims/a.ts', 'sims/b.ts']);
    const a = listScripts(p)[0]!;
    p.db
      .prepare(
        `INSERT INTO runs (id, script_id, script_path, run_config, config_json, status, started_at) VALUES ('abc123abc123', ?, 'sims/a.ts', 'std', '{}', 'succeeded', 1)`,
      )
      .run(a.id);
    p.db.prepare(`INSERT INTO jobs (script_id, run_config, created_at) VALUES (?, 'std', 1)`).run(a.id);
    expect(untrackScripts(p, p.root, ['sims/a.*'])).toMatchObject({
      untracked: [{ path: 'sims/a.ts' }],
      cancelledJobs: 1,
    });
    expect(listScripts(p).map((s) => s.path)).toEqual(['sims/b.ts']);
    expect(p.db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
    expect(() => resolveScripts(p, p.root, ['sims/a.ts'])).toThrow(/matches no tracked script/);
    expect(trackScripts(p, p.root, ['sims/a.ts']).added.map((s) => s.id)).toEqual([a.id]);
  });

  it('resolves folders and globs against tracked scripts; no match is a usage error', async () => {
    const p = await setup();
    trackScripts(p, p.root, ['sims']);
    expect(resolveScripts(p, join(p.root, 'sims'), ['sub']).map((s) => s.path)).toEqual(['sims/sub/c.ts']);
    expect(usageError(() => untrackScripts(p, p.root, ['paper/*'])).message).toBe(
      "'paper/*' matches no tracked script",
    );
    expect(listScripts(p)).toHaveLength(4);
  });
});
