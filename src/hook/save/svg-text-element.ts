// One fillText/strokeText written as an SVG <text> element: the words as they were given, the font
// as the script named it, the paint, the alignment as text-anchor, and the text's whole transform.
import type { SvgFont } from './svg-font.js';

export type Matrix = [number, number, number, number, number, number];

export interface LineStyle {
  width: number;
  join: string;
  cap: string;
  miterLimit: number;
  dash: number[];
  dashOffset: number;
}

export interface TextDraw {
  text: string;
  font: SvgFont;
  /** The canvas' current transform times translate(x, y) (and the maxWidth squeeze). */
  matrix: Matrix;
  /** A shift along the text, in its own units (before the squeeze). */
  dx: number;
  /** Where the alphabetic baseline lies below the canvas' textBaseline, in the text's own units. */
  baseline: number;
  anchor: 'start' | 'middle' | 'end';
  /** An SVG colour, with its opacity (the colour's alpha times globalAlpha). */
  paint: string;
  opacity: number;
  /** Set for strokeText. */
  line?: LineStyle;
}

/** A canvas colour as node-canvas reports it ('#rrggbb', 'rgba(r, g, b, a)'); undefined for gradients and patterns. */
export function solidPaint(style: unknown): { paint: string; alpha: number } | undefined {
  if (typeof style !== 'string') return undefined;
  const m = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/.exec(style);
  if (m) return { paint: `rgb(${m[1]},${m[2]},${m[3]})`, alpha: Number(m[4]) };
  return { paint: style, alpha: 1 };
}

/** A number as SVG wants it: short, no exponent, no -0. */
export function num(v: number): string {
  const r = Math.round(v * 1e4) / 1e4;
  return Object.is(r, -0) ? '0' : String(r);
}

// XML 1.0 cannot hold most control characters at all, not even escaped.
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlEscape(s: string): string {
  return s
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

export function textElement(d: TextDraw): string {
  const [a, b, c, dd, x, y] = d.matrix;
  // A text only moved keeps plain x/y (what an editor shows best); anything else carries its matrix.
  const at =
    a === 1 && b === 0 && c === 0 && dd === 1
      ? `x="${num(x + d.dx)}" y="${num(y + d.baseline)}"`
      : `transform="matrix(${d.matrix.map(num).join(' ')})" x="${num(d.dx)}" y="${num(d.baseline)}"`;
  const f = d.font;
  let attrs = `${at} font-family="${xmlEscape(f.family)}" font-size="${num(f.size)}"`;
  if (f.style) attrs += ` font-style="${f.style}"`;
  if (f.variant) attrs += ` font-variant="${f.variant}"`;
  if (f.weight) attrs += ` font-weight="${f.weight}"`;
  if (d.anchor !== 'start') attrs += ` text-anchor="${d.anchor}"`;
  const opacity = d.opacity < 1 ? num(Math.max(0, d.opacity)) : '';
  if (d.line) {
    const l = d.line;
    attrs += ` fill="none" stroke="${xmlEscape(d.paint)}" stroke-width="${num(l.width)}"`;
    if (opacity) attrs += ` stroke-opacity="${opacity}"`;
    if (l.join !== 'miter') attrs += ` stroke-linejoin="${l.join}"`;
    if (l.cap !== 'butt') attrs += ` stroke-linecap="${l.cap}"`;
    // SVG's default miter limit is 4, the canvas' 10.
    if (l.join === 'miter' && l.miterLimit !== 4) attrs += ` stroke-miterlimit="${num(l.miterLimit)}"`;
    if (l.dash.length) attrs += ` stroke-dasharray="${l.dash.map(num).join(' ')}"`;
    if (l.dash.length && l.dashOffset) attrs += ` stroke-dashoffset="${num(l.dashOffset)}"`;
  } else {
    attrs += ` fill="${xmlEscape(d.paint)}"`;
    if (opacity) attrs += ` fill-opacity="${opacity}"`;
  }
  // Runs of spaces, and spaces at either end, are kept by the canvas; SVG collapses them unless told.
  if (/^ | $| {2}/.test(d.text)) attrs += ' xml:space="preserve"';
  return `<text ${attrs}>${xmlEscape(d.text)}</text>`;
}
