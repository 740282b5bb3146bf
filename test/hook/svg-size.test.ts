import { describe, expect, it } from 'vitest';
import { svgCssSize } from '../../src/hook/save/svg-size.js';

describe("an SVG's declared size, in CSS px", () => {
  it('reads units at 96 px per inch', () => {
    expect(svgCssSize('<svg xmlns="http://www.w3.org/2000/svg" width="240" height="120">')).toEqual({
      width: 240,
      height: 120,
    });
    expect(svgCssSize('<svg width="450pt" height="300pt">')).toEqual({ width: 600, height: 400 });
    expect(svgCssSize("<svg width='6in' height='2.54cm'>")).toEqual({ width: 576, height: 96 });
    expect(svgCssSize('<svg width="10px" height="25.4mm">')).toEqual({ width: 10, height: 96 });
  });

  it('falls back to the viewBox, keeping its aspect for a missing side, then to 300 x 150', () => {
    expect(svgCssSize('<svg viewBox="0 0 640 480">')).toEqual({ width: 640, height: 480 });
    expect(svgCssSize('<svg width="100%" height="100%" viewBox="0,0,64,48">')).toEqual({
      width: 64,
      height: 48,
    });
    expect(svgCssSize('<svg width="320" viewBox="0 0 640 480">')).toEqual({ width: 320, height: 240 });
    expect(svgCssSize('<svg>')).toEqual({ width: 300, height: 150 });
  });
});
