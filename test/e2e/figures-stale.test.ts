// A figures folder says what the script makes now: the files of its previous save not written
// again (a renamed figure, a dropped format) are removed; nothing simorg did not list is touched.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figPaths, project, run, type Project } from './hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
});
afterAll(() => p.cleanup());

const script = (name: string) => `import { figure } from 'simorg';
import { createCanvas } from 'canvas';
const c = figure(createCanvas(60, 40), { name: process.env.FIG_NAME });
c.getContext('2d').fillRect(0, 0, 30, 20);
if (process.env.SECOND) figure(createCanvas(20, 20), { name: 'second' }).getContext('2d').fillRect(0, 0, 5, 5);
// ${name}
`;

const env = (o: Record<string, string>) => ({ SIMORG_SAVEALL: '', SIMORG_NOSHOW: '', ...o });

describe('stale figure files', () => {
  it("a renamed figure and a dropped format leave no old file; the user's own files stay", () => {
    p.write('s/spec.mjs', script('spec'));
    const dir = 's/_output/figures/spec';
    expect(
      run(['s/spec.mjs'], { cwd: p.dir, env: env({ FIG_NAME: 'Spectrum log', SECOND: '1' }) }).status,
    ).toBe(0);
    const before = [...figPaths('spec', 'Spectrum-log'), ...figPaths('spec', 'second', undefined, 1)].map(
      (f) => `s/${f}`,
    );
    for (const f of before) expect(existsSync(join(p.dir, f)), f).toBe(true);
    // the user's own files in the folder, one even named like ours
    p.write(`${dir}/png/notes.txt`, 'mine');
    p.write(`${dir}/png/fig007_mine.png`, 'mine too');
    p.write(`${dir}/README`, 'mine');

    const manifest = join(p.dir, 'm.json');
    const r = run(['s/spec.mjs'], {
      cwd: p.dir,
      env: env({ FIG_NAME: 'spectrum-log', SIMORG_FORMATS: 'png,svg', SIMORG_MANIFEST: manifest }),
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    // the list is simorg's bookkeeping, not a file the script read or wrote
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { read: string[]; written: string[] };
    expect([...m.read, ...m.written].filter((f) => f.includes('simorg-saved'))).toEqual([]);
    expect(p.files(dir)).toEqual([
      `${dir}/.simorg-saved.json`,
      `${dir}/README`,
      `${dir}/png/fig000_spectrum-log.png`,
      `${dir}/png/fig007_mine.png`,
      `${dir}/png/notes.txt`,
      `${dir}/svg/fig000_spectrum-log.svg`,
    ]);
    // the pdf folder held only our files: it goes too
    expect(existsSync(join(p.dir, dir, 'pdf'))).toBe(false);
    expect(JSON.parse(readFileSync(join(p.dir, dir, '.simorg-saved.json'), 'utf8')).files).toEqual([
      'png/fig000_spectrum-log.png',
      'svg/fig000_spectrum-log.svg',
    ]);
  });

  it('never removes a path outside its own naming, even if the list names it', () => {
    p.write('s/guard.mjs', script('guard'));
    const dir = 's/_output/figures/guard';
    expect(run(['s/guard.mjs'], { cwd: p.dir, env: env({ SIMORG_FORMATS: 'png' }) }).status).toBe(0);
    p.write('s/data.csv', '1,2\n');
    p.write(`${dir}/png/keep.png`, 'x');
    writeFileSync(
      join(p.dir, dir, '.simorg-saved.json'),
      JSON.stringify({
        version: 1,
        files: ['../../../data.csv', 'png/keep.png', '/etc/hostname', 'png/fig000_figure_1.png'],
      }),
    );
    expect(
      run(['s/guard.mjs'], { cwd: p.dir, env: env({ FIG_NAME: 'renamed', SIMORG_FORMATS: 'png' }) }).status,
    ).toBe(0);
    expect(existsSync(join(p.dir, 's/data.csv'))).toBe(true);
    expect(p.files(`${dir}/png`)).toEqual([`${dir}/png/fig000_renamed.png`, `${dir}/png/keep.png`]);
  });

  it('saving only some figures removes none of the others', () => {
    p.write(
      's/part.mjs',
      `import { figure, figures, saveFigures, flags } from 'simorg';
import { createCanvas } from 'canvas';
const a = figure(createCanvas(20, 20), { name: 'a' });
const b = figure(createCanvas(20, 20), { name: 'b' });
if (process.env.ONLY) {
  flags.saveAll = false;
  const [first] = figures();
  await saveFigures({ only: new Set([first]), formats: ['png'], print: false });
}
`,
    );
    const dir = 's/_output/figures/part';
    expect(run(['s/part.mjs'], { cwd: p.dir, env: env({ SIMORG_FORMATS: 'png' }) }).status).toBe(0);
    expect(run(['s/part.mjs'], { cwd: p.dir, env: env({ SIMORG_FORMATS: 'png', ONLY: '1' }) }).status).toBe(
      0,
    );
    expect(p.files(`${dir}/png`)).toEqual([`${dir}/png/fig000_a.png`, `${dir}/png/fig001_b.png`]);
  });
});
