import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fixtures, runFixture } from '../fixtures/canvas/run.js';

interface Lib {
  figures: Array<[number, number]>;
  replays: Array<{
    svg: { diff: { mean: number }; paths: number; images: number; glyphs: number; texts: string[] };
    pdf: { diff: { mean: number }; text: string };
  }>;
}

const vector = { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png,svg,pdf' };

// Real libraries, each in a fresh process with the interception preloaded. A chart is axes,
// bars/lines and labels: it must come out as paths and <text> elements (its title, legend and
// tick labels), no bitmap, and look like the PNG (small text is where librsvg and pango differ
// most, hence a wider SVG margin than the unit tests).
describe('chart libraries on node-canvas', () => {
  const cases: Array<[string, [number, number], string[]]> = [
    ['chartjs', [400, 300], ['Vm', 'Membrane', 'a', 'b', 'c', 'd', '3', '4', '5', '6', '7', '8', '9']],
    [
      'chartjs-node-canvas',
      [400, 300],
      ['spikes', 'Membrane', 'a', 'b', 'c', 'd', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    ],
    ['echarts', [400, 300], ['0', '2', '4', '6', '8', '10', 'a', 'b', 'c', 'd', 'Membrane']],
  ];
  for (const [lib, size, words] of cases) {
    it(`${lib}: exactly one figure, replayed as vectors with its text as <text>`, () => {
      const r = runFixture<Lib>('libraries.mjs', vector, true, [lib]);
      expect(r.figures).toEqual([size]);
      const m = r.replays[0]!;
      expect(m.svg.paths).toBeGreaterThan(5);
      expect(m.svg.images).toBe(0);
      expect(m.svg.texts).toEqual(words);
      expect(m.svg.glyphs).toBe(0);
      expect(m.pdf.text).toContain('Membrane');
      expect(m.svg.diff.mean).toBeLessThan(5);
      expect(m.pdf.diff.mean).toBeLessThan(6);
    });
  }

  it("vega-lite -> vega View.toCanvas(): the renderer's canvas at its final size, never the text-measuring one", () => {
    const r = runFixture<Lib>('libraries.mjs', vector, true, ['vega']);
    expect(r.figures).toHaveLength(1);
    const [w, h] = r.figures[0]!;
    expect(w).toBeGreaterThan(50);
    expect(h).toBeGreaterThan(50);
    const m = r.replays[0]!;
    expect(m.svg.paths).toBeGreaterThan(5);
    expect(m.svg.images).toBe(0);
    // Vega's title, axis titles and tick labels, in its drawing order.
    expect(m.svg.texts).toEqual([
      'a',
      'b',
      'c',
      'd',
      'l',
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '9',
      'v',
      'Membrane',
    ]);
    expect(m.svg.glyphs).toBe(0);
    expect(m.pdf.text).toContain('Membrane');
    expect(m.svg.diff.mean).toBeLessThan(5);
    expect(m.pdf.diff.mean).toBeLessThan(6);
  });
});

const register = fileURLToPath(new URL('../../dist/hook/register.js', import.meta.url));

describe('through --import simorg/register (the whole hook)', () => {
  it('has the built hook to load (the global setup builds it)', () =>
    expect(existsSync(register)).toBe(true));
  it('saves the chartjs-node-canvas chart and the drawn page, not the scratch canvas, as png/svg/pdf', () => {
    const out = mkdtempSync(join(tmpdir(), 'simorg-canvas-'));
    try {
      const env = {
        ...process.env,
        SIMORG_SAVEALL: '',
        SIMORG_NOSHOW: '',
        SIMORG_FORMATS: 'png,svg,pdf',
        SIMORG_OUTPUT_DIR: out,
      };
      execFileSync(process.execPath, ['--import', register, join(fixtures, 'register-chart.mjs')], {
        cwd: fixtures,
        env,
        encoding: 'utf8',
      });
      const root = join(out, 'figures', 'register-chart');
      for (const fmt of ['png', 'svg', 'pdf']) expect(readdirSync(join(root, fmt)).sort()).toHaveLength(2);
      const svgs = readdirSync(join(root, 'svg')).sort();
      expect(svgs[0]).toMatch(/^fig000_/);
      expect(svgs[1]).toMatch(/^fig001_/);
      // The saved SVGs (through the whole hook) hold their words as <text> elements: the chart's
      // legend and tick labels, the page's title.
      const chartSvg = readFileSync(join(root, 'svg', svgs[0]!), 'utf8');
      for (const words of ['n', 'a', 'b'])
        expect(chartSvg).toMatch(new RegExp(`<text\\b[^>]*>${words}</text>`));
      const pageSvg = readFileSync(join(root, 'svg', svgs[1]!), 'utf8');
      expect(pageSvg).toMatch(/<text\b[^>]*>Membrane<\/text>/);
      expect(chartSvg + pageSvg).not.toMatch(/<symbol/);
      const pdfText = execFileSync(
        'pdftotext',
        [join(root, 'pdf', readdirSync(join(root, 'pdf')).sort()[1]!), '-'],
        { encoding: 'utf8' },
      );
      expect(pdfText).toContain('Membrane');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
