import { beforeAll, describe, expect, it } from 'vitest';
import { svgInPx } from '../../src/hook/save/save-formats.js';
import { runFixture } from '../fixtures/canvas/run.js';
import { chromium, chromiumPng, compare, haveRsvg, rsvgPng } from './svg-render.js';

interface Drawn {
  width: number;
  height: number;
  png: string;
  svg: string;
}

const vector = { SIMORG_SAVEALL: '', SIMORG_FORMATS: 'png,svg' };
// Against the PNG, any SVG of this figure differs in some 400 of its 86,400 pixels: node-canvas
// hints glyphs to whole pixels in a PNG, and SVG renderers do not (the glyph-outline SVG scores
// the same). A title missing costs ~1,500 more.
const PNG_DIFFERING = 864;
const PNG_MEAN = 2;

let text: Drawn;
let paths: Drawn;
let multiply: Drawn;
beforeAll(() => {
  text = runFixture<Drawn>('svg-text.mjs', vector);
  paths = runFixture<Drawn>('svg-text.mjs', { ...vector, SIMORG_SVG_TEXT: 'paths' });
  multiply = runFixture<Drawn>('svg-text.mjs', vector, true, ['multiply']);
});

const texts = (svg: string): string[] => [...svg.matchAll(/<text\b[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
const element = (svg: string, words: string): string =>
  svg.match(new RegExp(`<text\\b[^>]*>${words}</text>`))?.[0] ?? '';

describe("a canvas figure's SVG keeps its text as <text>", () => {
  it('every fillText/strokeText is a <text> element with its words, and no glyph outlines', () => {
    expect(texts(text.svg)).toEqual([
      'Membrane potential &amp; &lt;spikes&gt;',
      '-60',
      '0',
      '60',
      '0 ms',
      '50 ms',
      '100 ms',
      'Voltage (mV)',
      'clipped label',
      'stroked',
      'a squeezed legend entry',
    ]);
    expect(text.svg).not.toMatch(/<symbol|<use\b|<image\b/);
  });

  it('carries font, paint, alignment, baseline and transform as attributes', () => {
    expect(element(text.svg, 'Membrane potential.*?')).toMatch(
      /font-family="&quot;DejaVu Sans&quot;, sans-serif" font-size="18" font-weight="bold" text-anchor="middle" fill="#000000"/,
    );
    // The rotated label carries the canvas' transform; the alphabetic baseline needs no shift.
    expect(element(text.svg, 'Voltage \\(mV\\)')).toMatch(
      /transform="matrix\(0 -1 1 0 18 115\)" x="-?[\d.]+" y="0" font-family="serif" font-size="14" font-style="italic" text-anchor="middle" fill="#c81e1e"/,
    );
    // textBaseline 'middle' at y=115 becomes an alphabetic baseline a few px lower; right-aligned at x=54
    // (less the part of a pixel node-canvas rounds the width up by).
    expect(element(text.svg, '0')).toMatch(/ x="5[34](\.\d+)?" y="119\.\d+" .*text-anchor="end"/);
    expect(element(text.svg, 'stroked')).toMatch(/fill="none" stroke="#9467bd" stroke-width="1"/);
    expect(element(text.svg, 'a squeezed legend entry')).toMatch(
      /transform="matrix\(0\.\d+ 0 0 1 160 185\)".* fill-opacity="0.5"/,
    );
  });

  it('keeps the clip and the paint order: the clipped label inside its clip group, labels after the curve', () => {
    expect(text.svg).toMatch(
      /<g clip-path="url\(#clip\d+\)"[^>]*>\s*<text [^>]*>clipped label<\/text>\s*<\/g>/,
    );
    expect(text.svg.indexOf('>Membrane potential')).toBeGreaterThan(
      text.svg.indexOf('stroke:rgb(12.156863%,46.666667%,70.588235%)'),
    );
  });

  it.skipIf(!haveRsvg)('renders in librsvg (rsvg-convert) as its glyph outlines do, and like the PNG', () => {
    const { width, height } = text;
    const asText = rsvgPng(text.svg, width, height);
    // The same rasteriser, text against cairo's own outlines: a label one pixel off shows here.
    expect(compare(rsvgPng(paths.svg, width, height), asText, width, height).differing).toBeLessThan(10);
    const vsPng = compare(Buffer.from(text.png, 'base64'), asText, width, height);
    expect(vsPng.differing).toBeLessThan(PNG_DIFFERING);
    expect(vsPng.mean).toBeLessThan(PNG_MEAN);
  });

  it.skipIf(!chromium)('renders like the PNG in Chromium', () => {
    const { width, height } = text;
    const vsPng = compare(
      Buffer.from(text.png, 'base64'),
      chromiumPng(svgInPx(text.svg, width, height), width, height),
      width,
      height,
    );
    expect(vsPng.differing).toBeLessThan(PNG_DIFFERING);
    expect(vsPng.mean).toBeLessThan(PNG_MEAN);
  });

  it('SIMORG_SVG_TEXT=paths keeps glyph outlines', () => {
    expect(texts(paths.svg)).toEqual([]);
    expect(paths.svg).toMatch(/<symbol[^>]*id="glyph/);
  });
});

describe('where cairo would paint part of the SVG as an image (a blend mode)', () => {
  it('the text is drawn as cairo draws it (here into a page image), never lost under the image', () => {
    expect(texts(multiply.svg)).toEqual([]);
    if (!haveRsvg) return;
    const { width, height } = multiply;
    const vsPng = compare(
      Buffer.from(multiply.png, 'base64'),
      rsvgPng(multiply.svg, width, height),
      width,
      height,
    );
    expect(vsPng.differing).toBeLessThan(PNG_DIFFERING);
    expect(vsPng.mean).toBeLessThan(PNG_MEAN);
  });
});
