import { mkdirSync, symlinkSync } from 'node:fs';
import { cpus, hostname, platform, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { REPO, RealProject } from '../fresh/project.js';
import { git } from './promises-helpers.js';

// README "The runner": every run records "git commit and dirty state, Node version, host, OS, CPU,
// memory and user"; "The hook": each figure carries the "run id when run by simorg"; "Variables":
// SIMORG_CAPTURE_DYNAMIC_IMPORTS makes modules loaded by a computed import() count. Other tests
// run outside git and never look at the machine fields or at a runner-made figure's provenance.

interface Shown {
  runId: string;
  git: { commit: string | null; dirty: boolean | null };
  environment: {
    node: string;
    host: string;
    os: string;
    cpu: string;
    cpus: number;
    memoryBytes: number;
    user: string;
  };
  files: { role: string; path: string }[];
  figures: { path: string; format: string }[];
}

let p: RealProject;
afterEach(() => p?.cleanup());

async function project(files: Record<string, string>): Promise<void> {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' }),
    ...files,
  });
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
}

async function runAndShow(script: string): Promise<Shown> {
  const r = await p.cli(['run', script]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const id = /\(run ([0-9a-f]{12})/.exec(r.stdout)![1]!;
  return p.json<Shown>(['show', id]);
}

describe('the run record', () => {
  it('has the git commit, clean then dirty after a tracked file changes', async () => {
    await project({
      'sim.mjs': "console.log('sim');\n",
      'notes.txt': 'v1\n',
      '.gitignore': '.simorg/\n.home/\n',
    });
    git(p.root, 'init', '-q');
    git(p.root, 'add', '.');
    git(p.root, 'commit', '-qm', 'first');
    const head = git(p.root, 'rev-parse', 'HEAD');

    const clean = await runAndShow('sim.mjs');
    expect(clean.git).toEqual({ commit: head, dirty: false });

    p.write('notes.txt', 'v2\n'); // tracked, not the script: the tree is dirty all the same
    // The dirty flag is cached for 2 s within one process only; this is a new process.
    const dirty = await runAndShow('sim.mjs');
    expect(dirty.git).toEqual({ commit: head, dirty: true });

    git(p.root, 'commit', '-qam', 'second');
    const next = await runAndShow('sim.mjs');
    expect(next.git.commit).toBe(git(p.root, 'rev-parse', 'HEAD'));
    expect(next.git.commit).not.toBe(head);
    expect(next.git.dirty).toBe(false);
  });

  it('has no commit outside git (nulls, not a guess)', async () => {
    await project({ 'sim.mjs': "console.log('sim');\n" });
    expect((await runAndShow('sim.mjs')).git).toEqual({ commit: null, dirty: null });
  });

  it('has the host, OS, CPU, memory, user and Node version of the machine it ran on', async () => {
    await project({ 'sim.mjs': "console.log('sim');\n" });
    const env = (await runAndShow('sim.mjs')).environment;
    expect(env.host).toBe(hostname());
    expect(env.os.split(' ')[0]).toBe(platform());
    expect(env.cpu).toBe(cpus()[0]!.model.trim());
    expect(env.cpus).toBe(cpus().length);
    expect(env.memoryBytes).toBeGreaterThan(0);
    expect(env.user).toBe(userInfo().username);
    expect(env.node).toBe(process.version);
  });
});

describe('a figure drawn under simorg run', () => {
  it('carries the run id in its provenance (trace)', async () => {
    await project({
      'plot.mjs': `import { createCanvas } from 'canvas';
const c = createCanvas(200, 100);
const g = c.getContext('2d');
g.fillStyle = '#123456'; g.fillRect(10, 10, 100, 50); g.fillText('trace me', 20, 90);
`,
    });
    mkdirSync(join(p.root, 'node_modules'));
    symlinkSync(join(REPO, 'node_modules', 'canvas'), join(p.root, 'node_modules', 'canvas'), 'dir');
    const shown = await runAndShow('plot.mjs');
    expect(shown.figures.map((f) => f.format).sort()).toEqual(['pdf', 'png', 'svg']);
    for (const f of shown.figures) {
      const prov = await p.json<{ runId?: string; script?: string }>(['trace', f.path]);
      expect(prov.runId, f.path).toBe(shown.runId);
    }
  });
});

describe('SIMORG_CAPTURE_DYNAMIC_IMPORTS', () => {
  // The module's name is computed, so no static walk of the script can find it.
  const files = {
    'dyn.mjs': `const which = ['mod', 'el'].join('');
const { k } = await import('./lib/' + which + '.mjs');
console.log('k', k);
`,
    'lib/model.mjs': 'export const k = 1;\n',
  };
  const modules = (s: Shown) => s.files.filter((f) => f.role === 'module').map((f) => f.path);

  it('off: a module loaded by a computed import() is not a dependency', async () => {
    await project(files);
    expect(modules(await runAndShow('dyn.mjs'))).not.toContain('lib/model.mjs');
  });

  it('on: it is recorded, and changing it makes the script stale', async () => {
    await project(files);
    p.env = { SIMORG_CAPTURE_DYNAMIC_IMPORTS: '1' };
    expect(modules(await runAndShow('dyn.mjs'))).toContain('lib/model.mjs');
    expect((await p.statuses())['dyn.mjs']).toEqual(['fresh', []]);
    p.write('lib/model.mjs', 'export const k = 2;\n');
    expect((await p.statuses())['dyn.mjs']).toEqual(['stale', ['lib/model.mjs changed']]);
  });
});
