// The figure hook as a user meets it: which files appear, where, for which kinds of script.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRAW, SVG, TSX, figPaths, project, run, type Project } from './hook-helpers.js';

let p: Project;
beforeAll(() => {
  p = project();
  p.write('sims/membrane.mjs', `import 'simorg';\nimport { createCanvas } from 'canvas';\n${DRAW}`);
  p.write('sims/plain.mjs', `import { createCanvas } from 'canvas';\n${DRAW}`);
  p.write('sims/legacy.cjs', `require('simorg');\nconst { createCanvas } = require('canvas');\n${DRAW}`);
  p.write(
    'sims/typed.ts',
    `import 'simorg';\nimport { createCanvas } from 'canvas';\nconst label: string = 'typed';\n${DRAW}\nconsole.log(label);`,
  );
});
afterAll(() => p.cleanup());

const SAVE = { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' };

describe('saving figures at exit', () => {
  it('writes nothing at all without SIMORG_SAVEALL', () => {
    const r = run(['sims/membrane.mjs'], { cwd: p.dir, env: { SIMORG_NOSHOW: '' } });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(existsSync(join(p.dir, 'sims/_output'))).toBe(false);
    const off = run(['sims/membrane.mjs'], { cwd: p.dir, env: { SIMORG_SAVEALL: 'off' } });
    expect(off.stdout).toBe('');
    expect(existsSync(join(p.dir, 'sims/_output'))).toBe(false);
  });

  it('saves png, svg and pdf beside the script when launched from another folder', () => {
    const other = join(p.dir, 'elsewhere');
    p.write('elsewhere/.keep', '');
    const r = run([join(p.dir, 'sims/membrane.mjs')], { cwd: other, env: SAVE });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const want = figPaths('membrane', 'figure_1');
    for (const f of want) expect(existsSync(join(p.dir, 'sims', f)), f).toBe(true);
    // outside the working directory: absolute paths
    expect(r.stdout.trim().split('\n')).toEqual(want.map((f) => `Saving File ${join(p.dir, 'sims', f)}`));
    expect(p.files('elsewhere')).toEqual(['elsewhere/.keep']);
    // real files: a PNG of the canvas' size, a vector SVG with text, a one-page PDF with the text
    const png = readFileSync(join(p.dir, 'sims', want[0]!));
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([320, 200]);
    const svg = readFileSync(join(p.dir, 'sims', want[1]!), 'utf8');
    expect(svg).toMatch(/<path/);
    expect(svg).not.toMatch(/data:image\/png/);
    const text = execFileSync('pdftotext', [join(p.dir, 'sims', want[2]!), '-'], { encoding: 'utf8' });
    expect(text).toContain('membrane potential');
    expect(
      execFileSync('pdfimages', ['-list', join(p.dir, 'sims', want[2]!)], { encoding: 'utf8' })
        .trim()
        .split('\n'),
    ).toHaveLength(2);
  });

  it('prints paths relative to the working directory', () => {
    const r = run(['sims/membrane.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.stdout.trim().split('\n')).toEqual(
      figPaths('membrane', 'figure_1').map((f) => `Saving File sims/${f}`),
    );
  });

  it('works for CommonJS (require)', () => {
    const r = run(['sims/legacy.cjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(0);
    for (const f of figPaths('legacy', 'figure_1')) expect(existsSync(join(p.dir, 'sims', f)), f).toBe(true);
  });

  it('works for TypeScript under node --import tsx and under npx tsx', () => {
    const a = run(['--import', 'tsx', 'sims/typed.ts'], {
      cwd: p.dir,
      env: { ...SAVE, SIMORG_FORMATS: 'png' },
    });
    expect(a.stderr).toBe('');
    expect(a.stdout).toContain('Saving File sims/_output/figures/typed/png/fig000_figure_1.png');
    const b = run(['typed.ts'], {
      cmd: TSX,
      cwd: join(p.dir, 'sims'),
      env: { ...SAVE, SIMORG_FORMATS: 'svg' },
    });
    expect(b.status).toBe(0);
    expect(b.stdout).toContain('Saving File _output/figures/typed/svg/fig000_figure_1.svg');
  });

  it('works with --import simorg/register on a script that does not import simorg', () => {
    const r = run(['--import', 'simorg/register', 'sims/plain.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.status).toBe(0);
    expect(r.stdout.trim().split('\n')).toEqual(
      figPaths('plain', 'figure_1').map((f) => `Saving File sims/${f}`),
    );
  });

  it('writes into SIMORG_OUTPUT_DIR and makes jpg and eps', () => {
    const r = run(['sims/membrane.mjs'], {
      cwd: p.dir,
      env: { ...SAVE, SIMORG_OUTPUT_DIR: 'out2', SIMORG_FORMATS: 'jpg,eps' },
    });
    expect(r.stderr).toBe('');
    const [jpg, eps] = figPaths('membrane', 'figure_1', ['jpg', 'eps'], 0, 'out2').map((f) =>
      readFileSync(join(p.dir, 'sims', f)),
    );
    expect([jpg![0], jpg![1]]).toEqual([0xff, 0xd8]);
    expect(eps!.toString('latin1', 0, 23)).toBe('%!PS-Adobe-3.0 EPSF-3.0');
  });

  it('warns about a bad SIMORG_FORMATS, lists the valid ones, and still saves the defaults', () => {
    const r = run(['sims/membrane.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_FORMATS: 'png,pgn' } });
    expect(r.status).toBe(0);
    expect(r.stderr.trim()).toBe(
      "simorg: SIMORG_FORMATS has unknown format 'pgn'; valid formats are png, svg, pdf, jpg, eps; using the default png,svg,pdf",
    );
    expect(r.stdout.trim().split('\n')).toHaveLength(3);
  });
});

describe('where converters are missing', () => {
  // scripts are started by absolute node path; an empty PATH hides pdftops, gs and rsvg-convert
  const bare = { ...SAVE, PATH: '/nonexistent-simorg-test-bin' };

  it('says in one line that eps could not be made, and saves the rest', () => {
    const r = run(['sims/membrane.mjs'], { cwd: p.dir, env: { ...bare, SIMORG_FORMATS: 'png,eps' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'simorg: eps could not be made: install poppler-utils (pdftops) or ghostscript (gs) and put it on PATH\n',
    );
    expect(r.stdout.trim().split('\n')).toEqual([
      'Saving File sims/_output/figures/membrane/png/fig000_figure_1.png',
    ]);
  });

  it('falls back to a raster PDF for SVG figures without rsvg-convert, with one warning', () => {
    p.write(
      'api/svgonly.mjs',
      `import { figure } from 'simorg';\nfigure(${JSON.stringify(SVG)});\nfigure(${JSON.stringify(SVG)});\n`,
    );
    const r = run(['api/svgonly.mjs'], { cwd: p.dir, env: { ...bare, SIMORG_FORMATS: 'pdf' } });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe(
      'simorg: rsvg-convert (librsvg2-bin) is not on PATH; SVG figures are embedded in PDF as raster images\n',
    );
    const saved = r.stdout.trim().split('\n');
    expect(saved).toHaveLength(2);
    // Raster indeed: an image in the PDF, and none of the SVG's text as text.
    const pdf = join(p.dir, saved[0]!.replace(/^Saving File /, ''));
    expect(
      execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').length,
    ).toBeGreaterThan(2);
    expect(execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' })).not.toMatch(/spike/);
  });
});

describe('the script API', () => {
  it('names figures, ignores scratch canvases, and keeps creation order', () => {
    p.write(
      'api/two.mjs',
      `
import { figure, ignore, figures } from 'simorg';
import { createCanvas } from 'canvas';
const a = createCanvas(100, 80); a.getContext('2d').fillRect(0, 0, 10, 10);
const scratch = ignore(createCanvas(50, 50)); scratch.getContext('2d').fillRect(0, 0, 5, 5);
const b = figure(createCanvas(120, 90), { name: 'voltage trace/é' }); b.getContext('2d').fillRect(0, 0, 20, 20);
const measure = createCanvas(1, 1); measure.getContext('2d').measureText('x');
console.log(figures().length);
`,
    );
    const r = run(['api/two.mjs'], { cwd: p.dir, env: { ...SAVE, SIMORG_FORMATS: 'png' } });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      '2',
      'Saving File api/_output/figures/two/png/fig000_figure_1.png',
      'Saving File api/_output/figures/two/png/fig001_voltage-trace-e.png',
    ]);
  });

  it('saves a figure(svgString) as raster png and vector svg and pdf', () => {
    p.write(
      'api/svgfig.mjs',
      `import { figure } from 'simorg';\nfigure(${JSON.stringify(SVG)}, { name: 'raster plot' });\n`,
    );
    const r = run(['api/svgfig.mjs'], { cwd: p.dir, env: SAVE });
    expect(r.stderr).toBe('');
    const [png, svg, pdf] = figPaths('svgfig', 'raster-plot').map((f) => join(p.dir, 'api', f));
    const pngBuf = readFileSync(png!);
    expect([pngBuf.readUInt32BE(16), pngBuf.readUInt32BE(20)]).toEqual([240, 120]);
    expect(readFileSync(svg!, 'utf8')).toContain('<text x="20" y="100" font-size="16">spike raster</text>');
    expect(execFileSync('pdftotext', [pdf!, '-'], { encoding: 'utf8' })).toContain('spike raster');
    // vector: no image XObject in the PDF (pdfimages lists only its two header lines)
    expect(execFileSync('pdfimages', ['-list', pdf!], { encoding: 'utf8' }).trim().split('\n')).toHaveLength(
      2,
    );
  });

  it('lets code override the environment through flags', () => {
    p.write(
      'api/flags.mjs',
      `
import { flags } from 'simorg';
import { createCanvas } from 'canvas';
flags.saveAll = true;
flags.formats = ['png'];
let bad = '';
try { flags.formats = ['png', 'tiff']; } catch (e) { bad = e.message; }
console.log(bad);
${DRAW}`,
    );
    const r = run(['api/flags.mjs'], { cwd: p.dir, env: { SIMORG_FORMATS: 'svg' } });
    expect(r.stdout.trim().split('\n')).toEqual([
      "simorg: flags.formats has unknown format 'tiff'; valid formats are png, svg, pdf, jpg, eps",
      'Saving File api/_output/figures/flags/png/fig000_figure_1.png',
    ]);
  });

  it('saveFigures() saves now, whatever SIMORG_SAVEALL says', () => {
    p.write(
      'api/now.mjs',
      `
import { saveFigures } from 'simorg';
import { createCanvas } from 'canvas';
${DRAW}
const files = await saveFigures({ formats: ['png'], print: false });
console.log(files.map((f) => f.format + ' ' + f.index + ' ' + f.name).join());
`,
    );
    const r = run(['api/now.mjs'], { cwd: p.dir, env: {} });
    expect(r.stdout.trim()).toBe('png 0 figure_1');
    expect(p.files('api/_output/figures/now')).toEqual([
      'api/_output/figures/now/.simorg-saved.json',
      'api/_output/figures/now/png/fig000_figure_1.png',
    ]);
  });
});
