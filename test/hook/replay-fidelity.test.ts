import { beforeAll, describe, expect, it } from 'vitest';
import { runFixture } from '../fixtures/canvas/run.js';

interface Measured {
  width: number;
  height: number;
  blank: boolean;
  svg: {
    diff: { mean: number; max: number };
    paths: number;
    images: number;
    glyphs: number;
    texts: string[];
  };
  pdf: { diff: { mean: number; max: number }; text: string; size: [number, number] };
}

let r: Record<string, Measured> & { ownSvgIsItself: boolean };

beforeAll(() => {
  r = runFixture('fidelity.mjs', { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png,svg,pdf' });
});

// Mean absolute difference per channel, against the PNG, both flattened on white. The SVG is
// rasterised by librsvg (node-canvas loadImage), the PDF by poppler (pdftoppm -r 72): antialiasing
// differs between rasterisers, so thin strokes cost a few levels on average.
const SVG_MEAN = 3;
const PDF_MEAN = 6;

describe('replay to SVG and PDF matches the PNG', () => {
  const pure = [
    'paths',
    'dashes',
    'transforms',
    'clip',
    'gradients',
    'resized',
    'resized-larger',
    'clear-partial',
    'wiped-and-redrawn',
  ];
  for (const name of pure) {
    it(`${name}: stays vector (paths, no embedded bitmap) and looks the same`, () => {
      const m = r[name]!;
      expect(m.svg.paths).toBeGreaterThan(0);
      expect(m.svg.images).toBe(0);
      expect(m.svg.diff.mean).toBeLessThan(SVG_MEAN);
      // poppler snaps the 1px frame of `paths` to whole pixels (stroke adjustment): a wider margin.
      expect(m.pdf.diff.mean).toBeLessThan(name === 'paths' ? 9 : PDF_MEAN);
      expect(m.pdf.size).toEqual([m.width, m.height]);
    });
  }

  it('text stays text: <text> elements in SVG, extractable text in PDF', () => {
    const m = r.text!;
    expect(m.svg.texts).toEqual(['Membrane', 'Vm', 'mV']);
    expect(m.svg.glyphs).toBe(0);
    expect(m.svg.images).toBe(0);
    expect(m.pdf.text).toContain('Membrane');
    expect(m.pdf.text).toContain('mV');
    expect(m.svg.diff.mean).toBeLessThan(SVG_MEAN);
    expect(m.pdf.diff.mean).toBeLessThan(PDF_MEAN);
  });

  for (const name of ['alpha', 'shadow', 'images', 'putimage']) {
    it(`${name}: replays (bitmaps where the drawing has them)`, () => {
      const m = r[name]!;
      expect(m.svg.diff.mean).toBeLessThan(SVG_MEAN);
      expect(m.pdf.diff.mean).toBeLessThan(PDF_MEAN);
    });
  }

  it('patterns: canvas and image sources, read as node-canvas reads them, with setTransform', () => {
    const m = r.pattern!;
    // Pattern cells are resampled differently by librsvg and poppler (cell phase, smoothing): the
    // margins are wide, and a wrong source (the bug this guards against) costs > 40 / > 60.
    expect(m.svg.diff.mean).toBeLessThan(15);
    expect(m.pdf.diff.mean).toBeLessThan(40);
  });

  it('a canvas wiped at the end keeps its last drawn frame', () => {
    const m = r['wiped-at-end']!;
    expect(m.blank).toBe(false);
    expect(m.svg.paths).toBeGreaterThan(0);
    expect(m.svg.diff.mean).toBeLessThan(SVG_MEAN);
    expect(m.pdf.diff.mean).toBeLessThan(PDF_MEAN);
  });

  it("a canvas made as 'svg' replays to itself", () => {
    expect(r.ownSvgIsItself).toBe(true);
  });
});
