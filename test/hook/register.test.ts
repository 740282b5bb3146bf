// Loading the hook: what `--import simorg/register` costs a script that draws nothing, and that
// the ESM and CommonJS copies in one process act as one hook.
import { join } from 'node:path';
import { describe, expect, it, afterAll } from 'vitest';
import { DRAW, project, run } from '../e2e/hook-helpers.js';

const p = project();
afterAll(() => p.cleanup());

describe('loading the hook', () => {
  it('does not load node-canvas or take over SIGINT for a script that draws nothing', () => {
    const probe = `
      const maps = require('fs').readFileSync('/proc/self/maps', 'utf8');
      console.log(JSON.stringify({
        native: maps.includes('canvas.node'),
        cjs: Object.keys(require.cache).filter((k) => k.includes('node_modules/canvas/')),
        sigint: process.listenerCount('SIGINT'),
      }));`;
    const r = run(['--import', 'simorg/register', '-e', probe], { cwd: p.dir, env: { SIMORG_SAVEALL: '' } });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual({ native: false, cjs: [], sigint: 0 });
  });

  it('listens for SIGINT once from the first figure, or from the start when a manifest is asked for', () => {
    const probe = `
      const before = process.listenerCount('SIGINT');
      require('simorg').figure('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
      require('simorg').figure('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>');
      console.log(JSON.stringify([before, process.listenerCount('SIGINT')]));`;
    const r = run(['--import', 'simorg/register', '-e', probe], { cwd: p.dir, env: { SIMORG_NOSHOW: '' } });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([0, 1]);
    const m = run(['--require', 'simorg/register', '-e', probe], {
      cwd: p.dir,
      env: { SIMORG_MANIFEST: join(p.dir, 'm.json') },
    });
    expect(m.stderr).toBe('');
    expect(JSON.parse(m.stdout)).toEqual([1, 1]);
  });

  it('acts once when both the ESM (--import) and the CommonJS (require) copies load', () => {
    p.write(
      'both.cjs',
      `const { figure, flags } = require('simorg');\nflags.formats = ['png', 'svg'];\nconst { createCanvas } = require('canvas');\n${DRAW}\nfigure(c, { name: 'shared' });\n`,
    );
    const r = run(['--import', 'simorg/register', 'both.cjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: '' } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      'Saving File _output/figures/both/png/fig000_shared.png',
      'Saving File _output/figures/both/svg/fig000_shared.svg',
    ]);
  });

  it('sees flags set in the ESM copy from the CommonJS one', () => {
    p.write(
      'flags.mjs',
      `
import { flags } from 'simorg';
import { createRequire } from 'node:module';
flags.formats = ['jpg'];
const cjs = createRequire(import.meta.url)('simorg');
console.log(cjs.flags === flags, cjs.flags.formats.join());
`,
    );
    const r = run(['flags.mjs'], { cwd: p.dir, env: {} });
    expect(r.stdout).toBe('true jpg\n');
  });

  it('throws the one FormatsError the API exports, from flags the bundled register.js made', () => {
    p.write(
      'bad-formats.mjs',
      `
import { flags, FormatsError } from 'simorg';
try { flags.formats = ['png', 'tiff']; } catch (err) { console.log(err instanceof FormatsError, err.message); }
`,
    );
    const r = run(['--import', 'simorg/register', 'bad-formats.mjs'], { cwd: p.dir, env: {} });
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe(
      "true simorg: flags.formats has unknown format 'tiff'; valid formats are png, svg, pdf, jpg, eps\n",
    );
  });
});
