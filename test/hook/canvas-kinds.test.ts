import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadImage, createCanvas } from 'canvas';
import { fixtures } from '../fixtures/canvas/run.js';

const register = fileURLToPath(new URL('../../dist/hook/register.js', import.meta.url));
const temps: string[] = [];
afterAll(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Runs one case of kinds.mjs through the whole hook; returns the figures folder and the script's own file. */
function run(kind: string, formats = 'png,svg,pdf'): { root: string; own: string; stdout: string } {
  const out = mkdtempSync(join(tmpdir(), 'simorg-kinds-'));
  temps.push(out);
  const own = join(out, 'own');
  const env = {
    ...process.env,
    SIMORG_SAVEALL: '',
    SIMORG_NOSHOW: '',
    SIMORG_FORMATS: formats,
    SIMORG_OUTPUT_DIR: out,
    OWN: own,
  };
  const stdout = execFileSync(process.execPath, ['--import', register, join(fixtures, 'kinds.mjs'), kind], {
    cwd: fixtures,
    env,
    encoding: 'utf8',
  });
  return { root: join(out, 'figures', 'kinds'), own, stdout };
}

const pdfText = (file: string, page: number) =>
  execFileSync('pdftotext', ['-f', String(page), '-l', String(page), file, '-'], { encoding: 'utf8' });
const pdfPages = (file: string) =>
  Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))![1]);

/** The colour at (x, y) of a PNG, as [r, g, b, a]. */
async function pixel(file: string, x: number, y: number): Promise<number[]> {
  const img = await loadImage(file);
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  return [...g.getImageData(x, y, 1, 1).data];
}

async function size(file: string): Promise<[number, number]> {
  const img = await loadImage(file);
  return [img.width, img.height];
}

describe('a PDF canvas is saved as what it is', () => {
  it('its own PDF with both pages and their words; one PNG and one SVG per page, each with its own drawing', async () => {
    const { root, stdout } = run('pdf-pages');
    expect(stdout).not.toMatch(/could not|simorg:/);
    const pdf = join(root, 'pdf', 'fig000_figure_1.pdf');
    expect(pdfPages(pdf)).toBe(2);
    // node-canvas' PDF surface is in pt: the page is the canvas' 200 x 100.
    expect(execFileSync('pdfinfo', [pdf], { encoding: 'utf8' })).toMatch(/Page size:\s+200 x 100 pts/);
    expect(pdfText(pdf, 1)).toContain('Page one');
    expect(pdfText(pdf, 1)).not.toContain('Page two');
    expect(pdfText(pdf, 2)).toContain('Page two');
    expect(readdirSync(join(root, 'png')).sort()).toEqual([
      'fig000_figure_1-p1.png',
      'fig000_figure_1-p2.png',
    ]);
    expect(readdirSync(join(root, 'svg')).sort()).toEqual([
      'fig000_figure_1-p1.svg',
      'fig000_figure_1-p2.svg',
    ]);
    const [p1, p2] = ['p1', 'p2'].map((p) => join(root, 'png', `fig000_figure_1-${p}.png`));
    // 200 x 100 pt is 267 x 133 CSS px (96 per inch); a point (x, y) in pt is at 4/3 of it.
    expect(await size(p1!)).toEqual([267, 133]);
    const at = (x: number, y: number) => [Math.round((x * 4) / 3), Math.round((y * 4) / 3)] as const;
    expect(await pixel(p1!, ...at(35, 35))).toEqual([255, 0, 0, 255]); // page 1's red square
    expect((await pixel(p1!, ...at(100, 50)))[3]).toBe(0); // no circle on page 1
    expect(await pixel(p2!, ...at(100, 50))).toEqual([0, 0, 255, 255]); // page 2's blue circle
    expect((await pixel(p2!, ...at(35, 35)))[3]).toBe(0); // no square on page 2
    const svg2 = readFileSync(join(root, 'svg', 'fig000_figure_1-p2.svg'), 'utf8');
    expect(svg2).toMatch(/width="267" height="133"/);
    expect(svg2).toMatch(/rgb\(0%,\s*0%,\s*100%\)/);
    expect(svg2).not.toMatch(/rgb\(100%,\s*0%,\s*0%\)/);
    expect(readFileSync(join(root, 'svg', 'fig000_figure_1-p1.svg'), 'utf8')).toMatch(
      /rgb\(100%,\s*0%,\s*0%\)/,
    );
  });

  it('figures() gives its size in CSS px, as every other size: that of its page PNG', async () => {
    const { root, stdout } = run('pdf-size', 'png');
    expect(JSON.parse(stdout.split('\n')[0]!)).toEqual([[267, 133]]); // 200 x 100 pt
    expect(await size(join(root, 'png', 'fig000_figure_1.png'))).toEqual([267, 133]);
  });

  it('saveFigures() halfway leaves the surface to the script; the end saves every page', () => {
    const { root, own, stdout } = run('pdf-midsave', 'pdf,png');
    expect(stdout).not.toMatch(/could not|finished/);
    // The script's own toBuffer() after the save worked, and has both pages.
    expect(pdfPages(own)).toBe(2);
    const pdf = join(root, 'pdf', 'fig000_figure_1.pdf');
    expect(pdfPages(pdf)).toBe(2);
    expect(pdfText(pdf, 1)).toContain('Before save');
    expect(pdfText(pdf, 2)).toContain('After save');
    // The halfway save wrote a one-page PNG; the end, two pages: the one-page name is gone.
    expect(readdirSync(join(root, 'png')).sort()).toEqual([
      'fig000_figure_1-p1.png',
      'fig000_figure_1-p2.png',
    ]);
  });
});

describe('an SVG canvas is saved as what it is', () => {
  it('an SVG of its drawing, in CSS px, and a PNG of it; no error after the script took its own SVG', async () => {
    const { root, own, stdout } = run('svg');
    expect(stdout).not.toMatch(/could not|simorg:/);
    const svg = readFileSync(join(root, 'svg', 'fig000_figure_1.svg'), 'utf8');
    expect(readFileSync(own, 'utf8')).toMatch(/width="200pt"/);
    expect(svg).toMatch(/<svg[^>]*width="200" height="100"/);
    expect(svg).toMatch(/rgb\(0%,\s*50\.\d*%,\s*0%\)/); // the green square
    const png = join(root, 'png', 'fig000_figure_1.png');
    expect(await size(png)).toEqual([200, 100]);
    expect(await pixel(png, 50, 50)).toEqual([0, 128, 0, 255]);
    const pdf = join(root, 'pdf', 'fig000_figure_1.pdf');
    expect(pdfText(pdf, 1)).toContain('Hello SVG');
  });

  it("chartjs-node-canvas with type 'svg': the chart as it was when rendered, not the wiped surface", async () => {
    const { root, stdout } = run('chartjs-svg');
    expect(stdout).not.toMatch(/could not|simorg:/);
    const svg = readFileSync(join(root, 'svg', 'fig000_figure_1.svg'), 'utf8');
    expect((svg.match(/<path/g) ?? []).length).toBeGreaterThan(5);
    expect(svg).toMatch(/<text[^>]*>Membrane Potential<\/text>/);
    const png = join(root, 'png', 'fig000_figure_1.png');
    expect(await size(png)).toEqual([400, 300]);
    // Some bar is drawn: the PNG is not blank.
    const img = await loadImage(png);
    const c = createCanvas(img.width, img.height);
    c.getContext('2d').drawImage(img, 0, 0);
    const d = c.getContext('2d').getImageData(0, 0, 400, 300).data;
    let bar = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === 0x33 && d[i + 1] === 0x66 && d[i + 2] === 0xcc) bar++;
    expect(bar).toBeGreaterThan(1000);
    expect(pdfText(join(root, 'pdf', 'fig000_figure_1.pdf'), 1)).toContain('Membrane Potential');
  });
});
