// node-canvas draws text as outlines by default (textDrawingMode 'path'): in a PDF canvas' own
// file no word could then be found or copied. On PDF and SVG canvases, fillText without a shadow
// is drawn in 'glyph' mode instead (real text in PDF; the same look), unless the script chose a
// mode itself. Glyph mode fills even for strokeText and drops text shadows: those stay outlines.
import type { Fn, NContext } from './canvas-types.js';
import { isOwnSurface } from './canvas-track.js';

/** Slot on a 2D context: the script set textDrawingMode itself. */
const CHOSEN = Symbol('simorg.canvas.textModeChosen');

type P = Record<string, unknown>;

export function patchTextMode(p: P): void {
  const d = Object.getOwnPropertyDescriptor(p, 'textDrawingMode');
  const fillText = p.fillText as Fn;
  if (!d || !d.get || !d.set || !d.configurable || typeof fillText !== 'function') return;
  const get = d.get;
  const set = d.set;
  Object.defineProperty(p, 'textDrawingMode', {
    ...d,
    set(this: NContext, v: unknown) {
      this[CHOSEN] = true;
      set.call(this, v);
    },
  });
  p.fillText = function (this: NContext, ...args: unknown[]): unknown {
    if (this[CHOSEN] || !isOwnSurface(this.canvas) || get.call(this) !== 'path' || hasShadow(this))
      return fillText.apply(this, args);
    set.call(this, 'glyph');
    try {
      return fillText.apply(this, args);
    } finally {
      set.call(this, 'path');
    }
  };
}

function hasShadow(ctx: NContext): boolean {
  const color = String(ctx.shadowColor);
  if (/^rgba\(.*,\s*0(\.0*)?\)$|^transparent$/.test(color)) return false;
  return Number(ctx.shadowBlur) > 0 || Number(ctx.shadowOffsetX) !== 0 || Number(ctx.shadowOffsetY) !== 0;
}
