// Replays a Recording onto another context (a node-canvas SVG or PDF surface), so that paths
// stay paths and text stays text. Gradients and patterns made on the original context are made
// again on the target; images were snapshotted when drawn.
import type { Fn, NCanvas, NContext } from '../canvas/canvas-types.js';
import { internalCanvas, PatternUse, reg, type PatternDesc } from '../canvas/canvas-registry.js';
import { OP, OP_SIZE, type DrawImage, type PutImage, type Recording } from './record.js';
import { hasShadow, onlySourceOver, SvgTextWriter, type TextContext } from '../save/svg-text.js';

type Num = number;
/** The target context, as far as the replay uses it. */
interface ReplayContext {
  canvas: NCanvas;
  beginPath(): void;
  closePath(): void;
  moveTo(x: Num, y: Num): void;
  lineTo(x: Num, y: Num): void;
  bezierCurveTo(a: Num, b: Num, c: Num, d: Num, x: Num, y: Num): void;
  quadraticCurveTo(a: Num, b: Num, x: Num, y: Num): void;
  arc(x: Num, y: Num, r: Num, a0: Num, a1: Num, ccw: boolean): void;
  arcTo(a: Num, b: Num, c: Num, d: Num, r: Num): void;
  ellipse(x: Num, y: Num, rx: Num, ry: Num, rot: Num, a0: Num, a1: Num, ccw: boolean): void;
  rect(x: Num, y: Num, w: Num, h: Num): void;
  fillRect(x: Num, y: Num, w: Num, h: Num): void;
  strokeRect(x: Num, y: Num, w: Num, h: Num): void;
  clearRect(x: Num, y: Num, w: Num, h: Num): void;
  save(): void;
  restore(): void;
  translate(x: Num, y: Num): void;
  scale(x: Num, y: Num): void;
  rotate(a: Num): void;
  transform(a: Num, b: Num, c: Num, d: Num, e: Num, f: Num): void;
  setTransform(a: Num, b: Num, c: Num, d: Num, e: Num, f: Num): void;
  drawImage(src: unknown, ...args: Num[]): void;
  putImageData(img: unknown, x: Num, y: Num): void;
  createPattern(src: unknown, repetition: unknown): unknown;
  textDrawingMode: string;
  shadowColor: string;
  shadowBlur: Num;
  shadowOffsetX: Num;
  shadowOffsetY: Num;
  globalAlpha: Num;
  globalCompositeOperation: string;
  imageSmoothingEnabled: boolean;
  fillStyle: unknown;
  [key: string]: unknown;
}

export interface ReplayResult {
  /** Ops that threw on the target and were skipped (e.g. addPage on an SVG surface). */
  failed: number;
}

const DRAWING_CALLS = new Set(['fill', 'stroke', 'fillText', 'strokeText']);

export interface ReplayOptions {
  /**
   * Every coordinate times this (a PDF page in pt is 0.75 of the canvas' CSS px; a PNG at 300 dpi
   * 3.125 of them): applied under the script's own transforms, setTransform included.
   */
  scale?: number;
  /** The target is pixels: clears really clear (to transparent) rather than paint white. */
  raster?: boolean;
}

// Canvas shadows are in device pixels, not user space: they scale with the page, not the transform.
const SHADOW_LENGTHS = new Set(['shadowBlur', 'shadowOffsetX', 'shadowOffsetY']);

export function replay(
  rec: Recording,
  end: number,
  target: NContext,
  opts: ReplayOptions = {},
): ReplayResult {
  const ctx = target as unknown as ReplayContext;
  const sc = opts.scale ?? 1;
  const wipe = opts.raster
    ? (c: ReplayContext, x: number, y: number, w: number, h: number) => c.clearRect(x, y, w, h)
    : clearRect;
  if (sc !== 1) ctx.setTransform(sc, 0, 0, sc, 0, 0);
  const f = rec.ops;
  const refs = rec.refs;
  const made = new Map<object, unknown>();
  const out: ReplayResult = { failed: 0 };
  // node-canvas draws text as outlines by default ('path'); 'glyph' keeps it as text in PDF and
  // as reusable glyphs in SVG. Only where the script did not choose a mode itself.
  let scriptTextMode = false;
  // A vector surface cannot un-draw: what was drawn before the last whole-canvas wipe is skipped
  // (state, transforms and the path still replay), and a wipe of an empty surface is a no-op.
  let start = 0;
  for (const c of rec.clears) if (c < end) start = c;
  let drawn = false;
  // An SVG's text as <text> elements unless SIMORG_SVG_TEXT=paths (svg-text.ts says how).
  const text =
    !opts.raster && ctx.canvas.type === 'svg' && svgTextWanted() && onlySourceOver(rec, start, end)
      ? new SvgTextWriter(ctx as unknown as TextContext)
      : undefined;
  for (let i = 0; i < end; i += OP_SIZE[f[i]!] ?? 1) {
    const op = f[i]!;
    const drawnBefore = drawn;
    if (op === OP.FILL_RECT || op === OP.STROKE_RECT || op === OP.DRAW_IMAGE || op === OP.PUT_IMAGE) {
      if (i < start) continue;
      drawn = true;
    } else if (op === OP.CALL && DRAWING_CALLS.has(refs[f[i + 1]!] as string)) {
      if (i < start) continue;
      drawn = true;
    } else if (op === OP.CLEAR_RECT) {
      if (i >= start && drawn) wipe(ctx, f[i + 1]!, f[i + 2]!, f[i + 3]!, f[i + 4]!);
      continue;
    }
    // 'destination-over' onto an empty surface is plain painting, but cairo's SVG surface would
    // rasterise the whole page for it (chartjs-node-canvas paints its background this way).
    const under = !drawnBefore && drawn && ctx.globalCompositeOperation === 'destination-over';
    if (under) ctx.globalCompositeOperation = 'source-over';
    switch (op) {
      case OP.BEGIN_PATH:
        ctx.beginPath();
        break;
      case OP.CLOSE_PATH:
        ctx.closePath();
        break;
      case OP.MOVE_TO:
        ctx.moveTo(f[i + 1], f[i + 2]);
        break;
      case OP.LINE_TO:
        ctx.lineTo(f[i + 1], f[i + 2]);
        break;
      case OP.BEZIER_CURVE_TO:
        ctx.bezierCurveTo(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6]);
        break;
      case OP.QUADRATIC_CURVE_TO:
        ctx.quadraticCurveTo(f[i + 1], f[i + 2], f[i + 3], f[i + 4]);
        break;
      case OP.ARC:
        ctx.arc(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6] === 1);
        break;
      case OP.ARC_TO:
        ctx.arcTo(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5]);
        break;
      case OP.ELLIPSE:
        ctx.ellipse(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6], f[i + 7], f[i + 8] === 1);
        break;
      case OP.RECT:
        ctx.rect(f[i + 1], f[i + 2], f[i + 3], f[i + 4]);
        break;
      case OP.FILL_RECT:
        ctx.fillRect(f[i + 1], f[i + 2], f[i + 3], f[i + 4]);
        break;
      case OP.STROKE_RECT:
        ctx.strokeRect(f[i + 1], f[i + 2], f[i + 3], f[i + 4]);
        break;
      case OP.SAVE:
        ctx.save();
        break;
      case OP.RESTORE:
        ctx.restore();
        break;
      case OP.TRANSLATE:
        ctx.translate(f[i + 1], f[i + 2]);
        break;
      case OP.SCALE:
        ctx.scale(f[i + 1], f[i + 2]);
        break;
      case OP.ROTATE:
        ctx.rotate(f[i + 1]);
        break;
      case OP.TRANSFORM:
        ctx.transform(f[i + 1], f[i + 2], f[i + 3], f[i + 4], f[i + 5], f[i + 6]);
        break;
      case OP.SET_TRANSFORM:
        ctx.setTransform(
          sc * f[i + 1]!,
          sc * f[i + 2]!,
          sc * f[i + 3]!,
          sc * f[i + 4]!,
          sc * f[i + 5]!,
          sc * f[i + 6]!,
        );
        break;
      case OP.CALL: {
        const k = f[i + 1]!;
        const name = refs[k] as string;
        const args = refs[k + 1] as unknown[];
        if (name === 'fillText' || name === 'strokeText') {
          try {
            if (text?.draw(name, args)) break;
          } catch {
            // measuring failed: the text is drawn as outlines, as node-canvas does
          }
          if (!scriptTextMode) ctx.textDrawingMode = textMode(ctx, name);
        }
        try {
          (ctx[name] as Fn).apply(ctx, args);
        } catch {
          out.failed++;
        }
        break;
      }
      case OP.SET: {
        const k = f[i + 1]!;
        const name = refs[k] as string;
        if (name === 'textDrawingMode') scriptTextMode = true;
        const v = refs[k + 1];
        try {
          ctx[name] =
            sc !== 1 && typeof v === 'number' && SHADOW_LENGTHS.has(name) ? v * sc : equivalent(ctx, v, made);
        } catch {
          out.failed++;
        }
        break;
      }
      case OP.DRAW_IMAGE: {
        const d = refs[f[i + 1]!] as DrawImage;
        try {
          ctx.drawImage(d.source, ...d.args);
        } catch {
          out.failed++;
        }
        break;
      }
      case OP.PUT_IMAGE:
        if (!putImage(ctx, refs[f[i + 1]!] as PutImage, drawnBefore, sc, wipe)) out.failed++;
        break;
      default:
        // Unknown opcode: the recording is corrupt; stop rather than draw garbage.
        out.failed++;
        text?.finish(ctx.canvas);
        return out;
    }
    if (under) ctx.globalCompositeOperation = 'destination-over';
  }
  text?.finish(ctx.canvas);
  return out;
}

/** flags.svgText, read where the replay runs (the hook's shared state). */
function svgTextWanted(): boolean {
  return (reg.state?.flags as { svgText?: string } | undefined)?.svgText !== 'paths';
}

function textMode(ctx: ReplayContext, name: string): 'glyph' | 'path' {
  // Glyph mode fills glyphs even for strokeText, and draws no text shadow: keep outlines there.
  if (name === 'strokeText') return 'path';
  return hasShadow(ctx) ? 'path' : 'glyph';
}

/**
 * clearRect on node-canvas' vector surfaces goes wrong (cairo's SVG surface rasterises the whole
 * page, its PDF surface drops the clear): paint the area white instead, which is what a page or
 * a viewer shows through a hole. Only after something was drawn; wipes of an empty surface are
 * skipped, and whole-canvas wipes are handled by replaying from the last one.
 */
function clearRect(ctx: ReplayContext, x: number, y: number, w: number, h: number): void {
  ctx.save();
  ctx.globalAlpha = 1;
  ctx.globalCompositeOperation = 'source-over';
  ctx.shadowColor = 'rgba(0,0,0,0)';
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, w, h);
  ctx.restore();
}

/** A gradient or pattern from the original context, made again on the target. */
function equivalent(ctx: ReplayContext, v: unknown, made: Map<object, unknown>): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (v instanceof PatternUse) {
    const d = reg.patterns.get(v.pattern);
    // One target pattern per (pattern, source snapshot): a source unchanged between uses is shared.
    const key = (v.source ?? v.pattern) as object;
    let byPattern = made.get(key) as Map<object, unknown> | undefined;
    if (!byPattern) made.set(key, (byPattern = new Map()));
    if (!byPattern.has(v.pattern)) byPattern.set(v.pattern, d ? pattern(ctx, v.source, d) : v.pattern);
    return byPattern.get(v.pattern);
  }
  if (made.has(v)) return made.get(v);
  let out: unknown = v;
  const g = reg.gradients.get(v);
  const p = reg.patterns.get(v);
  if (g) {
    const t = (ctx[g.method] as Fn).apply(ctx, g.args) as { addColorStop(o: number, c: unknown): void };
    for (const [o, c] of g.stops) t.addColorStop(o, c);
    out = t;
  } else if (p) {
    out = pattern(ctx, p.source, p);
  }
  made.set(v, out);
  return out;
}

function pattern(ctx: ReplayContext, source: unknown, p: PatternDesc): unknown {
  const t = ctx.createPattern(source, p.repetition) as { setTransform(m: unknown): void } | null;
  if (t && p.matrix && p.matrixCtor) t.setTransform(new p.matrixCtor(p.matrix));
  return t;
}

/**
 * putImageData writes raw pixels, which a PDF or SVG surface has no notion of: draw them as an
 * image at identity, replacing what was under them. Residual difference: putImageData ignores the
 * clip region, and this drawImage honours it (a clip set by the script is rare around pixel writes).
 */
function putImage(
  ctx: ReplayContext,
  p: PutImage,
  drawn: boolean,
  k: number,
  wipe: typeof clearRect,
): boolean {
  const { width, height } = p.data;
  let [dx = 0, dy = 0, sx = 0, sy = 0, sw = width, sh = height] = p.args;
  if (sw < 0) ((sx += sw), (sw = -sw));
  if (sh < 0) ((sy += sh), (sh = -sh));
  if (sx < 0) ((sw += sx), (sx = 0));
  if (sy < 0) ((sh += sy), (sy = 0));
  sw = Math.min(sw, width - sx);
  sh = Math.min(sh, height - sy);
  if (!(sw > 0 && sh > 0)) return true;
  dx = Math.trunc(dx);
  dy = Math.trunc(dy);
  try {
    const src = (p.canvas ??= pixels(ctx.canvas, p)) as NCanvas;
    ctx.save();
    const scale = k * (p.scale ?? 1);
    ctx.setTransform(scale, 0, 0, scale, 0, 0);
    ctx.globalAlpha = 1;
    ctx.globalCompositeOperation = 'source-over';
    ctx.shadowColor = 'rgba(0,0,0,0)';
    ctx.imageSmoothingEnabled = false;
    if (!p.opaque && drawn) wipe(ctx, dx + sx, dy + sy, sw, sh);
    ctx.drawImage(src, sx, sy, sw, sh, dx + sx, dy + sy, sw, sh);
    ctx.restore();
    return true;
  } catch {
    return false;
  }
}

function pixels(like: NCanvas, p: PutImage): NCanvas {
  const c = internalCanvas(like, p.data.width, p.data.height);
  if (!c) throw new Error('no node-canvas binding');
  const g = c.getContext('2d') as unknown as ReplayContext;
  const ImageData =
    reg.bindings.find((b) => like instanceof b.Canvas)?.ImageData ?? reg.bindings[0]?.ImageData;
  if (!ImageData) throw new Error('no ImageData');
  g.putImageData(new ImageData(p.data.data, p.data.width, p.data.height), 0, 0);
  return c;
}
