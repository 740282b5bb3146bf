// The run manifest the hook writes for the runner when SIMORG_MANIFEST names a file.
import { existsSync, readdirSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/hook/capture/manifest.js';
import { DRAW, project, run, runAndSignal, type Project } from './hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
  p.write('data/params.json', '{"dt":0.1}');
  p.write('data/spikes.csv', '1,2\n');
  p.write('data/cb.txt', 'x');
  p.write('sims/lib-esm.mjs', 'export const gain = 2;\n');
  p.write('sims/lib-cjs.cjs', 'module.exports = { offset: 1 };\n');
  p.write(
    'sims/model.mjs',
    `
import { gain } from './lib-esm.mjs';
import { createRequire } from 'node:module';
import fs, { readFileSync, writeFileSync, createReadStream, createWriteStream } from 'node:fs';
import { readFile, writeFile, open } from 'node:fs/promises';
import { createCanvas } from 'canvas';
const require = createRequire(import.meta.url);
const { offset } = require('./lib-cjs.cjs');
const params = JSON.parse(readFileSync(new URL('../data/params.json', import.meta.url), 'utf8'));
await readFile('data/spikes.csv');
await new Promise((r) => fs.readFile('data/cb.txt', r));
await new Promise((r) => createReadStream('data/spikes.csv').on('close', r).resume());
writeFileSync('results/summary.txt', String(gain + offset + params.dt));
await writeFile(new URL('../results/async.txt', import.meta.url), 'a');
await new Promise((r) => createWriteStream('results/stream.txt').end('s', r));
const h = await open('results/opened.bin', 'w'); await h.close();
${DRAW}
`,
  );
  p.write('results/.keep', '');
  p.write(
    'sims/crash.mjs',
    `import { createCanvas } from 'canvas';\n${DRAW}\nthrow new TypeError('no such parameter: tau');\n`,
  );
});
afterAll(() => p.cleanup());

function manifestOf(
  script: string,
  env: Record<string, string> = {},
): { m: RunManifest; status: number | null; stderr: string } {
  const file = join(p.dir, '.runs', `${script}.json`);
  const r = run(['--import', 'simorg/register', `sims/${script}.mjs`], {
    cwd: p.dir,
    env: { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '', SIMORG_MANIFEST: file, SIMORG_RUN_ID: 'run-7', ...env },
  });
  return { m: JSON.parse(readFileSync(file, 'utf8')) as RunManifest, status: r.status, stderr: r.stderr };
}

describe('run manifest', () => {
  it('lists figures, modules (ESM and CommonJS), packages, and files read and written', () => {
    const { m, status, stderr } = manifestOf('model');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const d = realpathSync(p.dir);
    expect(m).toMatchObject({
      version: 1,
      script: join(p.dir, 'sims/model.mjs'),
      runId: 'run-7',
      exit: { code: 0 },
      warnings: [],
    });
    expect(m.error).toBeUndefined();
    expect(m.figures.map((f) => [f.index, f.name, f.format, f.path])).toEqual(
      ['png', 'svg', 'pdf'].map((fmt) => [
        0,
        'figure_1',
        fmt,
        join(p.dir, 'sims/_output/figures/model', fmt, `fig000_figure_1.${fmt}`),
      ]),
    );
    expect(m.modules.map((f) => f.replace(d, '<p>'))).toEqual([
      '<p>/sims/lib-cjs.cjs',
      '<p>/sims/lib-esm.mjs',
      '<p>/sims/model.mjs',
    ]);
    expect(m.packages).toEqual({ canvas: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(m.read.map((f) => f.replace(d, '<p>'))).toEqual([
      '<p>/data/cb.txt',
      '<p>/data/params.json',
      '<p>/data/spikes.csv',
    ]);
    expect(m.written.map((f) => f.replace(d, '<p>'))).toEqual([
      '<p>/results/async.txt',
      '<p>/results/opened.bin',
      '<p>/results/stream.txt',
      '<p>/results/summary.txt',
    ]);
    expect(m.endedAt).toBeGreaterThanOrEqual(m.startedAt);
    expect(existsSync(join(p.dir, '.runs', 'model.json.tmp' + m.pid))).toBe(false);
  });

  it('finds static ESM imports when the script imports simorg itself (no --import)', () => {
    p.write(
      'sims/self.mjs',
      `import 'simorg';\nimport { gain } from './lib-esm.mjs';\nimport { createCanvas } from 'canvas';\n${DRAW}\n`,
    );
    const file = join(p.dir, '.runs', 'self.json');
    const r = run(['sims/self.mjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: '', SIMORG_MANIFEST: file } });
    expect(r.stderr).toBe('');
    const m = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    expect(m.modules).toEqual([join(p.dir, 'sims/lib-esm.mjs'), join(p.dir, 'sims/self.mjs')].sort());
    expect(Object.keys(m.packages)).toEqual(['canvas']);
    expect(m.figures).toHaveLength(3);
  });

  it('keys nested package copies by their chain, and adds the declared dependencies of ES-module packages', () => {
    const pkg = (dir: string, json: object, index: string): void => {
      p.write(`node_modules/${dir}/package.json`, JSON.stringify(json));
      p.write(`node_modules/${dir}/index.js`, index);
    };
    // `a` (CommonJS) requires its own nested copy of `b`; a different `b` is hoisted.
    pkg(
      'a',
      { name: 'a', version: '1.0.0', main: 'index.js', dependencies: { b: '^2' } },
      "module.exports = require('b').v;\n",
    );
    pkg(
      'a/node_modules/b',
      { name: 'b', version: '2.0.0', main: 'index.js' },
      'module.exports = { v: 2 };\n',
    );
    pkg('b', { name: 'b', version: '1.0.0', main: 'index.js' }, 'module.exports = { v: 1 };\n');
    // `e` is ESM-only: the static walk stops at it; `f` is only in its declared dependencies (and
    // `e` has a nested `b` of its own, its optional `g` is not installed).
    pkg(
      'e',
      {
        name: 'e',
        version: '3.0.0',
        type: 'module',
        exports: { import: './index.js' },
        dependencies: { f: '^4', b: '^2' },
        optionalDependencies: { g: '*' },
      },
      "import f from 'f';\nimport { v } from 'b';\nexport default f + v;\n",
    );
    pkg(
      'e/node_modules/b',
      { name: 'b', version: '2.5.0', type: 'module', exports: './index.js' },
      'export const v = 25;\n',
    );
    pkg('f', { name: 'f', version: '4.0.0', type: 'module', exports: './index.js' }, 'export default 4;\n');
    p.write(
      'sims/nested.mjs',
      "import a from 'a';\nimport b from 'b';\nimport e from 'e';\nconsole.log(a, b.v, e);\n",
    );
    const { m, status, stderr } = manifestOf('nested');
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(m.packages).toEqual({
      a: '1.0.0',
      'a>b': '2.0.0',
      b: '1.0.0',
      e: '3.0.0',
      'e>b': '2.5.0',
      f: '4.0.0',
    });
  });

  it('records the uncaught error and the exit code', () => {
    const { m, status } = manifestOf('crash');
    expect(status).toBe(1);
    expect(m.exit).toEqual({ code: 1 });
    expect(m.error).toMatchObject({
      name: 'TypeError',
      message: 'no such parameter: tau',
      stack: expect.stringContaining('crash.mjs'),
    });
    expect(m.figures).toHaveLength(3);
  });

  it('records the signal that ended the script', async () => {
    p.write(
      'sims/long.mjs',
      `import { createCanvas } from 'canvas';\n${DRAW}\nconsole.log('ready');\nsetInterval(() => {}, 1000);\n`,
    );
    const file = join(p.dir, '.runs', 'long.json');
    const r = await runAndSignal(['--import', 'simorg/register', 'sims/long.mjs'], 'SIGTERM', {
      cwd: p.dir,
      env: { SIMORG_SAVEALL: '', SIMORG_MANIFEST: file },
    });
    expect(r.signal).toBe('SIGTERM');
    const m = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    expect(m.exit).toEqual({ code: null, signal: 'SIGTERM' });
    expect(m.figures).toHaveLength(3);
  });

  it('is not written, and nothing is captured, without SIMORG_MANIFEST', () => {
    const before = readdirSync(p.dir, { recursive: true }).sort();
    const r = run(['--import', 'simorg/register', 'sims/model.mjs'], { cwd: p.dir, env: {} });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(p.dir, { recursive: true }).sort()).toEqual(before);
    // fs is wrapped for capture only when a manifest is asked for.
    p.write(
      'sims/wrapped.mjs',
      "import fs from 'node:fs';\nconsole.log(Boolean(fs.readFileSync.__simorg));\n",
    );
    expect(run(['--import', 'simorg/register', 'sims/wrapped.mjs'], { cwd: p.dir, env: {} }).stdout).toBe(
      'false\n',
    );
    const file = join(p.dir, 'wrapped-manifest.json');
    expect(
      run(['--import', 'simorg/register', 'sims/wrapped.mjs'], { cwd: p.dir, env: { SIMORG_MANIFEST: file } })
        .stdout,
    ).toBe('true\n');
  });
});
