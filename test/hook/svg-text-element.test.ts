import { describe, expect, it } from 'vitest';
import { solidPaint, textElement, xmlEscape, type TextDraw } from '../../src/hook/save/svg-text-element.js';
import { withTextElements } from '../../src/hook/save/svg-text.js';

const base: TextDraw = {
  text: 'Vm',
  font: { family: 'sans-serif', size: 12 },
  matrix: [1, 0, 0, 1, 10, 20],
  dx: 0,
  baseline: 0,
  anchor: 'start',
  paint: '#000000',
  opacity: 1,
};

describe('one canvas text as an SVG <text> element', () => {
  it('folds a plain move into x/y and writes any other transform as a matrix', () => {
    expect(textElement(base)).toBe(
      '<text x="10" y="20" font-family="sans-serif" font-size="12" fill="#000000">Vm</text>',
    );
    expect(textElement({ ...base, matrix: [0, -1, 1, 0, 5, 6], dx: -0.25, baseline: 3.5 })).toBe(
      '<text transform="matrix(0 -1 1 0 5 6)" x="-0.25" y="3.5" font-family="sans-serif" font-size="12" fill="#000000">Vm</text>',
    );
  });

  it('escapes the words and the family, drops what XML cannot hold, and keeps runs of spaces', () => {
    expect(xmlEscape('a < b & "c" > d\u0001')).toBe('a &lt; b &amp; &quot;c&quot; &gt; d');
    expect(textElement({ ...base, text: ' <i>  x', font: { family: '"A&B", serif', size: 9 } })).toBe(
      '<text x="10" y="20" font-family="&quot;A&amp;B&quot;, serif" font-size="9" fill="#000000" xml:space="preserve"> &lt;i&gt;  x</text>',
    );
  });

  it('writes a stroke with its line style and opacity', () => {
    const line = { width: 2, join: 'round', cap: 'butt', miterLimit: 10, dash: [4, 2], dashOffset: 1 };
    expect(textElement({ ...base, anchor: 'end', paint: 'rgb(1,2,3)', opacity: 0.25, line })).toBe(
      '<text x="10" y="20" font-family="sans-serif" font-size="12" text-anchor="end" fill="none" stroke="rgb(1,2,3)" stroke-width="2" stroke-opacity="0.25" stroke-linejoin="round" stroke-dasharray="4 2" stroke-dashoffset="1">Vm</text>',
    );
  });

  it('reads node-canvas colours, and has no colour for gradients and patterns', () => {
    expect(solidPaint('#ff0000')).toEqual({ paint: '#ff0000', alpha: 1 });
    expect(solidPaint('rgba(10, 20, 30, 0.50)')).toEqual({ paint: 'rgb(10,20,30)', alpha: 0.5 });
    expect(solidPaint({})).toBeUndefined();
  });
});

describe("cairo's markers replaced by <text> elements", () => {
  const el = ['', '<text>one</text>', '<text>two</text>'];
  it('finds markers as cairo 1.16 and 1.18 write them, in order, and leaves everything else', () => {
    const svg =
      '<path style="fill:rgb(0%,0%,0.392157%);fill-opacity:0.0137;" d="M 0 0"/>' +
      '<path style="fill:rgb(0%,0%,0.392157%);fill-opacity:0.5;" d="M 1 1"/>' +
      '<path fill-rule="nonzero" fill="rgb(0%, 0%, 0.784314%)" fill-opacity="0.0137" d="M 2 2"/>';
    expect(withTextElements(svg, el)).toBe(
      '<text>one</text><path style="fill:rgb(0%,0%,0.392157%);fill-opacity:0.5;" d="M 1 1"/><text>two</text>',
    );
  });

  it('skips a marker cairo dropped (outside the page) and ignores ids out of order', () => {
    const two = '<path style="fill:rgb(0%,0%,0.784314%);fill-opacity:0.0137;" d=""/>';
    const one = '<path style="fill:rgb(0%,0%,0.392157%);fill-opacity:0.0137;" d=""/>';
    expect(withTextElements(two + one, el)).toBe('<text>two</text>' + one);
  });
});
