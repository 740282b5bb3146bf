// Which canvases exist, which were drawn on, which only fed other canvases, and what each one
// looked like before it was wiped. Called from the patched node-canvas methods.
import { VECTOR_FORMATS } from '../flags.js';
import { canvasEntryOf, listFigure } from '../figure-entries.js';
import type { CanvasEntry } from '../state.js';
import { Tracked, type NCanvas, type NContext } from './canvas-types.js';
import { copyCanvas, INFO, isCanvas, REC, reg } from './canvas-registry.js';
import { lazy } from '../lazy.js';
import type * as RecordCompact from '../record/record-compact.js';
import type * as RecordModule from '../record/record.js';
import type { Recording } from '../record/record.js';

// record.ts loads with the first context that records (vector output wanted), not before.
let recordModule: typeof RecordModule | undefined;

/**
 * Vector output, or pixels at another resolution than the canvas' own, is wanted: contexts made
 * now record. Read when each context is created.
 */
export function wantsRecording(canvas?: NCanvas): boolean {
  const f = reg.state.flags;
  if (!f.saveAll || f.formats.length === 0) return false;
  // A PDF or SVG canvas' pixels (and a PDF canvas' pages as SVG) are drawn from its recording.
  return (
    (canvas !== undefined && isOwnSurface(canvas)) ||
    f.formats.some((x) => VECTOR_FORMATS.includes(x)) ||
    f.dpi !== 96
  );
}

export function isOwnSurface(canvas: { type?: string }): boolean {
  return canvas.type === 'pdf' || canvas.type === 'svg';
}

/** toBuffer() of a PDF or SVG canvas returned `bytes`: keep them as that canvas' own file. */
export function keepOwn(canvas: NCanvas, bytes: unknown): void {
  if (!Buffer.isBuffer(bytes)) return;
  const e = reg.state.byCanvas.get(canvas);
  const t = e && reg.tracked.get(e);
  if (!t) return;
  const head = bytes.subarray(0, 512).toString('latin1');
  if (canvas.type === 'pdf' ? !head.startsWith('%PDF') : !/<svg[\s>]/.test(head)) return;
  const r = canvas.context?.[REC] as Recording | null | undefined;
  t.own = {
    bytes,
    recording: r ?? undefined,
    end: r ? r.length : 0,
    width: canvas.width,
    height: canvas.height,
    stale: false,
  };
}

/** The entry and our bookkeeping for a canvas, made on first sight (normally at construction). */
export function track(canvas: NCanvas): Tracked {
  const entry = canvasEntryOf(canvas);
  let t = reg.tracked.get(entry);
  if (!t) {
    t = new Tracked(entry, canvas);
    reg.tracked.set(entry, t);
    remember(entry);
  }
  return t;
}

// Weakly, so a canvas that is never drawn (a text-measuring scratch, say) can still be collected;
// an explicit figure() of an undrawn canvas is found here.
function remember(entry: CanvasEntry): void {
  reg.all.push(new WeakRef(entry));
  if (reg.all.length >= reg.allPruneAt) {
    reg.all = reg.all.filter((r) => r.deref() !== undefined);
    reg.allPruneAt = Math.max(1024, reg.all.length * 2);
  }
}

/** A canvas was constructed through the node-canvas module. */
export function onConstruct(canvas: NCanvas): void {
  if (reg.suspended > 0) reg.internal.add(canvas);
  else track(canvas);
}

/** A 2D context was handed out for the first time: tag it, and record if vector output is wanted. */
export function onContext(canvas: NCanvas, ctx: NContext, installRecording: () => void): void {
  if (reg.internal.has(canvas) || reg.suspended > 0) {
    reg.internal.add(canvas);
    ctx[INFO] = null;
    ctx[REC] = null;
    return;
  }
  const t = track(canvas);
  ctx[INFO] = t;
  if (wantsRecording(canvas)) {
    const r = new (recordModule ??= lazy<typeof RecordModule>('record/record')).Recording(
      reg.state.flags.maxVectorOps,
    );
    t.entry.recording = r;
    ctx[REC] = r;
    if (!reg.recordingInstalled) installRecording();
  } else {
    ctx[REC] = null;
  }
}

/** A context handed out before the hook was installed: tracked from now on, without a recording. */
export function adopt(ctx: NContext): Tracked | null {
  const canvas = ctx.canvas;
  if (!canvas || reg.internal.has(canvas) || !isCanvas(canvas)) {
    ctx[INFO] = null;
    ctx[REC] = null;
    return null;
  }
  const t = track(canvas);
  ctx[INFO] = t;
  ctx[REC] = null;
  return t;
}

/** Something was drawn (fill, stroke, text, image, pixels). */
export function touch(ctx: NContext): void {
  let t = ctx[INFO] as Tracked | null | undefined;
  if (t === null) return;
  if (t === undefined && !(t = adopt(ctx))) return;
  t.gen++;
  if (t.own) t.own.stale = true;
  if (!t.sinceClear) drawnNow(t);
}

function drawnNow(t: Tracked): void {
  t.sinceClear = true;
  t.preserved = undefined;
  const e = t.entry;
  e.drawn = true;
  if (!t.listed) {
    t.listed = true;
    listFigure(e);
  }
}

/** A canvas was the source of a drawImage or createPattern: it is a scratch, not a figure. */
export function markSource(src: object): void {
  const e = reg.state.byCanvas.get(src);
  if (!e || e.usedAsSource) return;
  e.usedAsSource = true;
  // Let a loop of scratch canvases be collected: an unnamed source is never saved.
  if (!e.explicit) {
    const entries = reg.state.entries;
    const i = entries.lastIndexOf(e);
    if (i >= 0) entries.splice(i, 1);
  }
}

/** Keep what was drawn before a wipe: the canvas may be cleared (Chart.js destroy()) before exit. */
export function preserve(ctx: NContext | undefined, t: Tracked): void {
  t.sinceClear = false;
  t.gen++;
  const r = ctx ? (ctx[REC] as Recording | null | undefined) : undefined;
  const { width, height } = t.canvas;
  // A PDF or SVG surface cannot be copied as pixels: its frame lives in the recording alone.
  const copy = t.canvas.type === 'image' ? copyCanvas(t.canvas, t.spare) : t.canvas;
  if (!copy) return;
  if (copy !== t.canvas) t.spare = copy;
  t.preserved = { canvas: copy, recording: r ?? undefined, end: r ? r.length : 0, width, height };
}

/**
 * The whole canvas was wiped: the recording starts over with only the state in force (see
 * record-compact.ts), so an animation's recording holds one frame. Returns the recording to go on
 * with, or undefined when it could not start over (a clip in force, a PDF's earlier pages).
 */
export function startOver(ctx: NContext, t: Tracked, r: Recording): Recording | undefined {
  if (t.canvas.type === 'pdf') return undefined;
  const fresh = lazy<typeof RecordCompact>('record/record-compact').restart(r);
  if (!fresh) return undefined;
  ctx[REC] = t.entry.recording = fresh;
  return fresh;
}

/** fillRect(x, y, w, h) paints over the whole canvas with an opaque colour: a wipe, as clearRect is. */
export function fillWipes(ctx: NContext, x: number, y: number, w: number, h: number): boolean {
  const t = ctx[INFO] as Tracked | null | undefined;
  if (!t || !t.sinceClear) return false;
  const op = ctx.globalCompositeOperation;
  if (ctx.globalAlpha !== 1 || (op !== 'source-over' && op !== 'copy')) return false;
  // node-canvas reads an opaque colour back as #rrggbb, anything with alpha as rgba(...).
  const style = ctx.fillStyle;
  return typeof style === 'string' && /^#[0-9a-f]{6}$/i.test(style) && coversCanvas(ctx, t, x, y, w, h);
}

/** clearRect(x, y, w, h) under the context's current transform wipes the whole canvas. */
export function coversCanvas(ctx: NContext, t: Tracked, x: number, y: number, w: number, h: number): boolean {
  if (!(w !== 0 && h !== 0)) return false;
  const m = (
    ctx.getTransform as () => { a: number; b: number; c: number; d: number; e: number; f: number }
  ).call(ctx);
  if (m.b !== 0 || m.c !== 0) return false;
  const xa = m.a * x + m.e;
  const xb = m.a * (x + w) + m.e;
  const ya = m.d * y + m.f;
  const yb = m.d * (y + h) + m.f;
  const W = t.canvas.width;
  const H = t.canvas.height;
  return Math.min(xa, xb) <= 0 && Math.min(ya, yb) <= 0 && Math.max(xa, xb) >= W && Math.max(ya, yb) >= H;
}

/** What a drawImage/createPattern of `src` must replay: a pixel copy of a canvas as it is now. */
export function snapshotSource(src: unknown): unknown {
  if (!isCanvas(src)) return src;
  const e = reg.state.byCanvas.get(src);
  const t = e ? reg.tracked.get(e) : undefined;
  if (t) {
    const hit = reg.snapshots.get(src);
    if (hit && hit.gen === t.gen && hit.copy.width === src.width && hit.copy.height === src.height)
      return hit.copy;
  }
  let copy: NCanvas | undefined;
  try {
    copy = copyCanvas(src);
  } catch {
    copy = undefined;
  }
  if (!copy) return src;
  if (t) reg.snapshots.set(src, { gen: t.gen, copy });
  return copy;
}
