// One size rule for every figure and format: a CSS px is 1/96 inch. A W x H canvas is a W x H PNG
// (more pixels at SIMORG_DPI, same inches), an SVG of width="W" height="H" and a PDF page of
// 0.75 W x 0.75 H pt; an SVG string's declared size is read the same way.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, run, type Project } from './hook-helpers.js';

const { Image, createCanvas } = createRequire(import.meta.url)('canvas') as typeof import('canvas');

let p: Project;
beforeAll(() => {
  p = project();
  p.write(
    's/size.mjs',
    `import { figure, flags } from 'simorg';
import { createCanvas } from 'canvas';
if (process.env.CODE_DPI) flags.dpi = Number(process.env.CODE_DPI);
const c = createCanvas(801, 601);
const g = c.getContext('2d');
g.fillStyle = '#fff'; g.fillRect(0, 0, 801, 601);
g.fillStyle = '#000'; g.fillRect(100, 100, 200, 100);
g.font = '20px sans-serif'; g.fillText('hello', 100, 300);
figure('<svg xmlns="http://www.w3.org/2000/svg" width="450pt" height="3in"><rect width="100" height="50" fill="red"/></svg>', { name: 'str' });
`,
  );
});
afterAll(() => p.cleanup());

const out = (f: string) => join(p.dir, 's/_output/figures/size', f);

function png(f: string): { width: number; height: number; ppm: number } {
  const b = readFileSync(out(f));
  const at = b.indexOf('pHYs');
  expect(at, `${f} has a pHYs chunk`).toBeGreaterThan(0);
  expect(b[at + 12], 'unit: metre').toBe(1);
  return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), ppm: b.readUInt32BE(at + 4) };
}

const svgRoot = (f: string) => /<svg\b[^>]*>/.exec(readFileSync(out(f), 'utf8'))![0];
const pageSize = (f: string) =>
  /Page size:\s+([\d.]+) x ([\d.]+) pts/
    .exec(execFileSync('pdfinfo', [out(f)], { encoding: 'utf8' }))!
    .slice(1)
    .map(Number);

describe('figure sizes', () => {
  it('at the default 96 dpi, agree across PNG, SVG and PDF', () => {
    const r = run(['s/size.mjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' } });
    expect(r.stderr).toBe('');
    expect(png('png/fig000_figure_1.png')).toEqual({ width: 801, height: 601, ppm: 3780 });
    expect(svgRoot('svg/fig000_figure_1.svg')).toMatch(/ width="801" height="601" viewBox="0 0 801 601"/);
    expect(pageSize('pdf/fig000_figure_1.pdf')).toEqual([600.75, 450.75]);
    // the page still draws where the canvas did: rendered at 96 dpi, the box is at (100, 100)
    execFileSync('pdftoppm', [
      '-r',
      '96',
      '-png',
      '-singlefile',
      out('pdf/fig000_figure_1.pdf'),
      join(p.dir, 'page'),
    ]);
    const img = new Image();
    img.src = readFileSync(join(p.dir, 'page.png'));
    expect([img.width, img.height]).toEqual([801, 601]);
    const g = createCanvas(img.width, img.height).getContext('2d');
    g.drawImage(img, 0, 0);
    expect([...g.getImageData(102, 102, 1, 1).data.slice(0, 3)]).toEqual([0, 0, 0]);
    expect([...g.getImageData(97, 97, 1, 1).data.slice(0, 3)]).toEqual([255, 255, 255]);
    // an SVG string of 450pt x 3in is 600 x 288 CSS px
    expect(png('png/fig001_str.png')).toEqual({ width: 600, height: 288, ppm: 3780 });
    expect(svgRoot('svg/fig001_str.svg')).toMatch(/width="450pt" height="3in"/);
    expect(pageSize('pdf/fig001_str.pdf')).toEqual([450, 216]);
  });

  it('SIMORG_DPI makes the PNG print-sharp: more pixels, redrawn, same inches; vectors unchanged', () => {
    const r = run(['s/size.mjs'], {
      cwd: p.dir,
      env: { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '', SIMORG_DPI: '300' },
    });
    expect(r.stderr).toBe('');
    expect(png('png/fig000_figure_1.png')).toEqual({ width: 2503, height: 1878, ppm: 11811 });
    expect(png('png/fig001_str.png')).toEqual({ width: 1875, height: 900, ppm: 11811 });
    expect(pageSize('pdf/fig000_figure_1.pdf')).toEqual([600.75, 450.75]);
    expect(svgRoot('svg/fig000_figure_1.svg')).toMatch(/ width="801" height="601"/);
    // redrawn, not scaled up: the box's left edge (x = 312.5 px) is one part-covered pixel, not a blur
    const img = new Image();
    img.src = readFileSync(out('png/fig000_figure_1.png'));
    const g = createCanvas(img.width, img.height).getContext('2d');
    g.drawImage(img, 0, 0);
    const row = g.getImageData(300, 400, 30, 1).data;
    const grey = [...Array(30).keys()].filter((i) => row[i * 4]! > 0 && row[i * 4]! < 255);
    expect(grey.length).toBeLessThanOrEqual(1);
  });

  it('a canvas drawn before flags.dpi was set has its pixels scaled, and says so', () => {
    p.write(
      's/late.mjs',
      `import { flags } from 'simorg';
import { createCanvas } from 'canvas';
flags.formats = ['png'];
const g = createCanvas(801, 601).getContext('2d');
flags.dpi = 300;
g.fillRect(100, 100, 200, 100);
`,
    );
    const r = run(['s/late.mjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' } });
    expect(r.stderr).toBe(
      'simorg: fig000_figure_1 has no vector recording; its pixels are scaled to 300 dpi, not redrawn\n',
    );
    const b = readFileSync(join(p.dir, 's/_output/figures/late/png/fig000_figure_1.png'));
    expect([b.readUInt32BE(16), b.readUInt32BE(20)]).toEqual([2503, 1878]);
  });

  it('flags.dpi is checked when set, and SIMORG_DPI when read', () => {
    p.write(
      's/bad-dpi.mjs',
      `import { flags } from 'simorg';\nconsole.log(flags.dpi);\ntry { flags.dpi = 0; } catch (e) { console.log(e.message); }\n`,
    );
    const r = run(['s/bad-dpi.mjs'], { cwd: p.dir, env: { SIMORG_DPI: 'high' } });
    expect(r.stderr).toBe(
      "simorg: SIMORG_DPI should be a number of pixels per inch from 1 to 2400, not 'high'; using 96\n",
    );
    expect(r.stdout).toBe(
      '96\nsimorg: flags.dpi must be a number of pixels per inch from 1 to 2400, got 0\n',
    );
  });
});
