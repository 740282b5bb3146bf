// Gradients, patterns and pixel data are objects made on one context and used on it later; a
// replay onto another surface needs equivalents made there. We keep, per object, how it was made
// (creation arguments, colour stops, pattern source snapshot and matrix), and copies of pixels.
import type { Binding, Fn, NContext } from '../canvas/canvas-types.js';
import { INFO, isCanvas, PatternUse, reg, type PatternDesc } from '../canvas/canvas-registry.js';
import { snapshotSource } from '../canvas/canvas-track.js';
import type { PutImage } from './record.js';

type Proto = Record<string, unknown>;

/** Arguments as they are now: arrays (setLineDash, roundRect radii) are copied. */
export function copyArgs(args: ArrayLike<unknown>): unknown[] {
  const out = new Array<unknown>(args.length);
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    out[i] = Array.isArray(a) ? a.slice() : a;
  }
  return out;
}

export function recordGradientWrappers(b: Binding): void {
  const p = b.CanvasRenderingContext2d.prototype as Proto;
  for (const method of ['createLinearGradient', 'createRadialGradient', 'createConicGradient']) {
    const n = p[method] as Fn | undefined;
    if (typeof n !== 'function') continue;
    p[method] = function (this: NContext, ...args: unknown[]): unknown {
      const g = n.apply(this, args);
      if (this[INFO] !== null && typeof g === 'object' && g !== null) {
        reg.gradients.set(g, { method, args: args.map(Number), stops: [] });
      }
      return g;
    };
  }
  const gp = b.CanvasGradient?.prototype as Proto | undefined;
  const addColorStop = gp?.addColorStop as Fn | undefined;
  if (gp && addColorStop) {
    gp.addColorStop = function (this: object, offset: number, color: unknown): void {
      addColorStop.call(this, offset, color);
      // Later stops change a gradient already in use, as in a browser; the replay sees all of them.
      reg.gradients.get(this)?.stops.push([Number(offset), String(color)]);
    };
  }
  const pp = b.CanvasPattern?.prototype as Proto | undefined;
  const setTransform = pp?.setTransform as Fn | undefined;
  if (pp && setTransform) {
    pp.setTransform = function (this: object, m: unknown): void {
      setTransform.call(this, m);
      const d = reg.patterns.get(this);
      if (d) {
        d.matrix = matrixOf(m);
        d.matrixCtor = (m as { constructor: PatternDesc['matrixCtor'] }).constructor;
      }
    };
  }
}

function matrixOf(m: unknown): number[] | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const o = m as Record<string, unknown>;
  return ['a', 'b', 'c', 'd', 'e', 'f'].map((k) => Number(o[k] ?? (k === 'a' || k === 'd' ? 1 : 0)));
}

/** How a pattern was made, with its source as it looked then (a canvas source may change later). */
export function patternDesc(source: unknown, repetition: unknown): PatternDesc {
  return { source: snapshotSource(source), live: isCanvas(source) ? source : undefined, repetition };
}

/** The value to record for a style property: a canvas-backed pattern with its source as of now. */
export function styleValue(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  const d = reg.patterns.get(v);
  return d?.live ? new PatternUse(v, snapshotSource(d.live)) : v;
}

type ImageDataLike = { width: number; height: number; data: Uint8ClampedArray };

/** putImageData's pixels copied now: scripts reuse and rewrite one ImageData between calls. */
export function putImage(args: ArrayLike<unknown>): PutImage | undefined {
  const img = args[0] as ImageDataLike | undefined;
  if (!img || !(img.data instanceof Uint8ClampedArray)) return undefined;
  const data = new Uint8ClampedArray(img.data);
  let opaque = true;
  for (let i = 3; i < data.length; i += 4) {
    if (data[i] !== 255) {
      opaque = false;
      break;
    }
  }
  const nums: number[] = [];
  for (let i = 1; i < args.length; i++) nums.push(Number(args[i]));
  return { data: { width: img.width, height: img.height, data }, args: nums, opaque };
}
