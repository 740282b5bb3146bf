import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// With the hook preloaded (dist/hook/register.js), a run's record holds what the manifest says:
// figures, modules, files read and written with hashes, packages, and the uncaught error.
describe('simorg run with the hook', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject(
      { formats: ['png', 'svg'], runConfigs: { std: { timeout: 60 }, tiny: { timeout: 1 } } },
      {
        'sims/fig.mjs': `import { createCanvas } from 'canvas';
import { readFileSync, writeFileSync } from 'node:fs';
import { scale } from './lib/helper.mjs';
const data = readFileSync(new URL('./input.txt', import.meta.url), 'utf8');
const c = createCanvas(120, 80);
const ctx = c.getContext('2d');
ctx.fillStyle = 'red';
ctx.fillRect(10, 10, 20 * scale, 20);
writeFileSync('result.txt', data.toUpperCase());
console.log('drew');
`,
        'sims/hangfig.mjs': `import { createCanvas } from 'canvas';
const ctx = createCanvas(50, 50).getContext('2d');
ctx.fillRect(0, 0, 10, 10);
console.log('drawn, now hanging');
setInterval(() => {}, 1000);
`,
        'sims/lib/helper.mjs': 'export const scale = 2;\n',
        'sims/input.txt': 'some input\n',
        'sims/broken.ts':
          "const why: string = 'typed failure';\nfunction deep(): never { throw new TypeError(why); }\ndeep();\n",
      },
    );
    symlinkSync(
      fileURLToPath(new URL('../../node_modules', import.meta.url)),
      join(p.root, 'node_modules'),
      'dir',
    );
  });
  afterAll(() => p.cleanup());

  it('records figures, modules, files read and written with hashes, and packages', async () => {
    const r = await p.cli(['run', 'sims/fig.mjs', '--json']);
    expect(r.code, r.stdout + r.stderr + (await p.cli(['log', 'sims/fig.mjs', '--stderr'])).stdout).toBe(0);
    const res = JSON.parse(r.stdout);
    expect(res.runs[0].figures).toBe(1);
    const rec = JSON.parse((await p.cli(['show', res.runs[0].runId, '--json'])).stdout);
    expect(rec.figures.map((f: { format: string; path: string }) => [f.format, f.path])).toEqual([
      ['png', 'sims/_output/figures/fig/png/fig000_figure_1.png'],
      ['svg', 'sims/_output/figures/fig/svg/fig000_figure_1.svg'],
    ]);
    for (const f of rec.figures) expect(existsSync(join(p.root, f.path))).toBe(true);
    const files = (role: string) =>
      rec.files.filter((f: { role: string }) => f.role === role).map((f: { path: string }) => f.path);
    expect(files('script')).toEqual(['sims/fig.mjs']);
    expect(files('module')).toEqual(['sims/lib/helper.mjs']);
    expect(files('read')).toContain('sims/input.txt');
    expect(files('written')).toEqual(['sims/result.txt']);
    expect(rec.files.every((f: { hash: string | null }) => /^[0-9a-f]{32}$/.test(f.hash ?? ''))).toBe(true);
    expect(Object.keys(rec.packages)).toContain('canvas');
    const list = await p.cli(['list']);
    expect(list.stdout).toMatch(/sims\/fig\.mjs\s+succeeded.*\s1\n/);
  });

  it('stores the uncaught error of a TypeScript script: message and stack', async () => {
    const r = await p.cli(['run', 'sims/broken.ts']);
    expect(r.code).toBe(1);
    const rec = JSON.parse((await p.cli(['show', 'sims/broken.ts', '--json'])).stdout);
    expect(rec.status).toBe('failed');
    expect(rec.error.message).toBe('typed failure');
    expect(rec.error.stack).toMatch(/TypeError: typed failure[\s\S]*broken\.ts/);
    expect((await p.cli(['show', 'sims/broken.ts'])).stdout).toMatch(/error\ntyped failure/);
  });

  it('a timed-out script keeps the figures it saved on SIGTERM and what it printed', async () => {
    const r = await p.cli(['run', 'sims/hangfig.mjs', '--config', 'tiny', '--json']);
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout);
    expect(res.runs[0]).toMatchObject({ status: 'timed-out', figures: 1 });
    const rec = JSON.parse((await p.cli(['show', res.runs[0].runId, '--json'])).stdout);
    expect(rec.figures.map((f: { format: string }) => f.format)).toEqual(['png', 'svg']);
    expect((await p.cli(['log', res.runs[0].runId])).stdout).toMatch(/^drawn, now hanging\n/);
  });
});
