// Saving twice in one run (saveFigures() during the script, then the save at exit): a figure not
// drawn on since its files were written is not written, nor announced, again.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW, figPaths, project, run, type Project } from './hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
});
afterAll(() => p.cleanup());

const SAVE = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' };

describe('saveFigures() then the exit save', () => {
  it('writes each file once when nothing was drawn in between', () => {
    p.write(
      's/twice.mjs',
      `import { saveFigures } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}
const first = await saveFigures();
console.log('first ' + first.length);
`,
    );
    const r = run(['s/twice.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_MANIFEST: join(p.dir, 'm.json') } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = figPaths('twice', 'figure_1').map((f) => `Saving File s/${f}`);
    expect(r.stdout.trim().split('\n')).toEqual([...lines, 'first 3']);
    // the run's manifest still lists every figure file
    const m = JSON.parse(readFileSync(join(p.dir, 'm.json'), 'utf8')) as { figures: Array<{ path: string }> };
    expect(m.figures.map((f) => f.path)).toEqual(
      figPaths('twice', 'figure_1').map((f) => join(p.dir, 's', f)),
    );
  });

  it('writes again, at exit, only the figure drawn on since', () => {
    p.write(
      's/redraw.mjs',
      `import { saveFigures, figure } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}
const other = figure(createCanvas(100, 50), { name: 'other' });
other.getContext('2d').fillRect(0, 0, 10, 10);
await saveFigures({ print: false });
console.log('saved');
g.fillRect(0, 0, 5, 5);
`,
    );
    const r = run(['s/redraw.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      'saved',
      ...figPaths('redraw', 'figure_1').map((f) => `Saving File s/${f}`),
    ]);
  });

  it('a file removed after saveFigures() is written again at exit', () => {
    p.write(
      's/removed.mjs',
      `import { saveFigures } from 'simorg';\nimport { rmSync } from 'node:fs';\nimport { createCanvas } from 'canvas';\n${DRAW}
const [png] = await saveFigures({ formats: ['png'], print: false });
rmSync(png.path);
`,
    );
    const r = run(['s/removed.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_FORMATS: 'png' } });
    expect(r.stdout.trim()).toBe(`Saving File s/${figPaths('removed', 'figure_1', ['png'])[0]}`);
    expect(statSync(join(p.dir, 's', figPaths('removed', 'figure_1', ['png'])[0]!)).size).toBeGreaterThan(0);
  });

  it('a canvas registered with figure() and never drawn on is saved at exit', () => {
    p.write(
      's/blank.mjs',
      `import { figure } from 'simorg';\nimport { createCanvas } from 'canvas';\nfigure(createCanvas(20, 20), { name: 'blank' });\n`,
    );
    const r = run(['s/blank.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_FORMATS: 'png' } });
    expect(r.stdout.trim()).toBe(`Saving File s/${figPaths('blank', 'blank', ['png'])[0]}`);
  });

  it('figures() describes each figure as plain data, which saveFigures({ only }) takes', () => {
    p.write(
      's/list.mjs',
      `import { figure, figures, saveFigures } from 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}
figure('<svg xmlns="http://www.w3.org/2000/svg" width="450pt" height="3in" viewBox="0 0 10 10"/>', { name: 'chart ü' });
const list = figures();
console.log(JSON.stringify(list));
console.log(list.every((f) => Object.getPrototypeOf(f) === Object.prototype));
const [, svg] = await saveFigures({ only: new Set([list[1]]), formats: ['svg'], print: false });
console.log(svg === undefined, (await saveFigures({ only: new Set([list[1]]), formats: ['svg'], print: false }))[0].name);
try { await saveFigures({ only: new Set([{ ...list[0] }]) }); } catch (e) { console.log(e.message); }
`,
    );
    const r = run(['s/list.mjs'], { cwd: p.dir, env: {} });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      JSON.stringify([
        { index: 0, name: 'figure_1', kind: 'canvas', width: 320, height: 200 },
        { index: 1, name: 'chart-u', kind: 'svg', width: 600, height: 288 },
      ]),
      'true',
      'true chart-u',
      'simorg: saveFigures(options): only must hold figures as figures() returns them, got object',
    ]);
  });
});
