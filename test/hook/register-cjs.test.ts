// The CommonJS preload, `node --require simorg/register` (and `simorg/register.cjs`): the runner's
// preload for every Node script. It must not start the ES-module loader, and must do for ES-module,
// CommonJS and TypeScript scripts all that `--import simorg/register` does: save their figures and
// write the manifest (files read and written, modules, packages).
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunManifest } from '../../src/hook/capture/manifest.js';
import { DRAW, figPaths, project, run, type Project } from '../e2e/hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
  p.write('data/params.json', '{"gain":2}');
  p.write('results/.keep', '');
  p.write('sims/lib-esm.mjs', 'export const gain = 2;\n');
  p.write('sims/lib-cjs.cjs', 'module.exports = { offset: 1 };\n');
  p.write(
    'sims/esm.mjs',
    `
import { gain } from './lib-esm.mjs';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import { createCanvas } from 'canvas';
const { offset } = createRequire(import.meta.url)('./lib-cjs.cjs');
const params = JSON.parse(readFileSync('data/params.json', 'utf8'));
writeFileSync('results/esm.txt', String(gain + offset + params.gain));
${DRAW}
`,
  );
  p.write(
    'sims/cjs.cjs',
    `
const { offset } = require('./lib-cjs.cjs');
const fs = require('fs');
const { createCanvas } = require('canvas');
const params = JSON.parse(fs.readFileSync('data/params.json', 'utf8'));
fs.writeFileSync('results/cjs.txt', String(offset + params.gain));
${DRAW}
`,
  );
  p.write(
    'sims/typed.ts',
    `
import { gain } from './lib-esm.mjs';
import { readFileSync, writeFileSync } from 'node:fs';
import { createCanvas } from 'canvas';
const params: { gain: number } = JSON.parse(readFileSync('data/params.json', 'utf8'));
writeFileSync('results/typed.txt', String(gain * params.gain));
${DRAW}
`,
  );
});
afterAll(() => p.cleanup());

const ENV = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '', SIMORG_FORMATS: 'png,svg' };

function runWithManifest(
  args: string[],
  name: string,
): { m: RunManifest; stdout: string; rel: (f: string) => string } {
  const file = join(p.dir, '.runs', `${name}.json`);
  const r = run(args, { cwd: p.dir, env: { ...ENV, SIMORG_MANIFEST: file } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const d = realpathSync(p.dir);
  return {
    m: JSON.parse(readFileSync(file, 'utf8')) as RunManifest,
    stdout: r.stdout,
    rel: (f) => f.replace(d, '<p>'),
  };
}

describe('node --require simorg/register', () => {
  it('loads neither node-canvas nor the ES-module loader for a script that draws nothing', () => {
    const probe = `
      const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
      console.log(JSON.stringify({
        native: maps.includes('canvas.node'),
        esmLoader: process.moduleLoadList.some((m) => m.endsWith('esm/module_job')),
        sigint: process.listenerCount('SIGINT'),
      }));`;
    const r = run(['--require', 'simorg/register', '-e', probe], {
      cwd: p.dir,
      env: { ...ENV, SIMORG_MANIFEST: join(p.dir, '.runs', 'probe.json') },
    });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ native: false, esmLoader: false, sigint: 1 });
  });

  it('saves an ES-module script’s figures and records its reads, writes, modules and packages', () => {
    const { m, stdout, rel } = runWithManifest(['--require', 'simorg/register', 'sims/esm.mjs'], 'esm');
    expect(stdout.trim().split('\n')).toEqual(
      figPaths('esm', 'figure_1', ['png', 'svg']).map((f) => `Saving File sims/${f}`),
    );
    expect(m.figures.map((f) => f.format)).toEqual(['png', 'svg']);
    expect(m.modules.map(rel)).toEqual(['<p>/sims/esm.mjs', '<p>/sims/lib-cjs.cjs', '<p>/sims/lib-esm.mjs']);
    expect(Object.keys(m.packages)).toEqual(['canvas']);
    expect(m.read.map(rel)).toEqual(['<p>/data/params.json']);
    expect(m.written.map(rel)).toEqual(['<p>/results/esm.txt']);
  });

  it('does the same for a CommonJS script, through the explicit simorg/register.cjs', () => {
    const { m, stdout, rel } = runWithManifest(['--require', 'simorg/register.cjs', 'sims/cjs.cjs'], 'cjs');
    expect(stdout.trim().split('\n')).toEqual(
      figPaths('cjs', 'figure_1', ['png', 'svg']).map((f) => `Saving File sims/${f}`),
    );
    expect(m.modules.map(rel)).toEqual(['<p>/sims/cjs.cjs', '<p>/sims/lib-cjs.cjs']);
    expect(Object.keys(m.packages)).toEqual(['canvas']);
    expect(m.read.map(rel)).toEqual(['<p>/data/params.json']);
    expect(m.written.map(rel)).toEqual(['<p>/results/cjs.txt']);
  });

  it('says SIMORG_CAPTURE_DYNAMIC_IMPORTS needs --import, and finds modules the default way', () => {
    const file = join(p.dir, '.runs', 'dyn.json');
    const r = run(['--require', 'simorg/register', 'sims/esm.mjs'], {
      cwd: p.dir,
      env: { ...ENV, SIMORG_MANIFEST: file, SIMORG_CAPTURE_DYNAMIC_IMPORTS: '1' },
    });
    expect(r.status).toBe(0);
    const line =
      'simorg: SIMORG_CAPTURE_DYNAMIC_IMPORTS needs the hook preloaded with `node --import simorg/register`, ' +
      'not --require; modules are found from the require cache and the static imports instead';
    expect(r.stderr).toBe(line + '\n');
    const m = JSON.parse(readFileSync(file, 'utf8')) as RunManifest;
    expect(m.warnings).toEqual([line]);
    expect(m.modules.map((f) => f.replace(realpathSync(p.dir), '<p>'))).toEqual([
      '<p>/sims/esm.mjs',
      '<p>/sims/lib-cjs.cjs',
      '<p>/sims/lib-esm.mjs',
    ]);
  });

  it('works beside tsx for a TypeScript script, as the runner starts one', () => {
    const { m, stdout, rel } = runWithManifest(
      ['--import', 'tsx', '--require', 'simorg/register', 'sims/typed.ts'],
      'typed',
    );
    expect(stdout.trim().split('\n')).toEqual(
      figPaths('typed', 'figure_1', ['png', 'svg']).map((f) => `Saving File sims/${f}`),
    );
    expect(m.modules.map(rel)).toEqual(['<p>/sims/lib-esm.mjs', '<p>/sims/typed.ts']);
    // tsx (and its esbuild) are CommonJS in the require cache, as with `--import simorg/register`.
    expect(Object.keys(m.packages).sort()).toEqual(['canvas', 'esbuild', 'tsx']);
    // Beside tsx's transform cache, read and written in the temporary folder (not inputs or
    // outputs: src/store/runtime-files.ts), as under `--import simorg/register`.
    expect(m.read.map(rel).filter((f) => f.startsWith('<p>/'))).toEqual(['<p>/data/params.json']);
    expect(m.written.map(rel).filter((f) => f.startsWith('<p>/'))).toEqual(['<p>/results/typed.txt']);
  });
});
