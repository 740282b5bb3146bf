import { describe, expect, it } from 'vitest';
import { createCanvas } from 'canvas';
import { parseFont } from '../../src/hook/save/svg-font.js';

describe('a canvas font shorthand as SVG font attributes', () => {
  it('keeps the family list as written and reads style, variant, weight and size', () => {
    expect(parseFont('bold 14px "DejaVu Sans", sans-serif')).toEqual({
      family: '"DejaVu Sans", sans-serif',
      size: 14,
      weight: 'bold',
    });
    expect(parseFont("italic small-caps 600 12pt/1.5 'Helvetica Neue', Arial")).toEqual({
      family: "'Helvetica Neue', Arial",
      size: 16,
      style: 'italic',
      variant: 'small-caps',
      weight: '600',
    });
    expect(parseFont('normal normal 10px serif')).toEqual({ family: 'serif', size: 10 });
    expect(parseFont('oblique 2em Foo Bar')).toEqual({ family: 'Foo Bar', size: 32, style: 'oblique' });
  });

  it('sizes every unit as node-canvas does', () => {
    const g = createCanvas(10, 10).getContext('2d');
    for (const size of ['12px', '9pt', '1pc', '0.2in', '0.5cm', '4mm', '1.5em', '75%']) {
      const font = `${size} sans-serif`;
      g.font = font;
      expect(g.font).toBe(font); // node-canvas accepted it
      const ours = parseFont(font)!.size;
      g.font = `${ours}px sans-serif`;
      const a = g.measureText('M').emHeightAscent;
      g.font = font;
      expect(g.measureText('M').emHeightAscent).toBeCloseTo(a, 3);
    }
  });

  it('says so for what is not a font shorthand', () => {
    expect(parseFont('sans-serif')).toBeUndefined();
    expect(parseFont('12px')).toBeUndefined();
    expect(parseFont('bold 12 sans-serif')).toBeUndefined();
  });
});
