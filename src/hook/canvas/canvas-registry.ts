// The canvas interception's private, process-wide bookkeeping. Only the copy of the hook that
// installed the patches (see canvas.ts) ever touches it, so plain module state is enough.
import type { CanvasEntry, HookState } from '../state.js';
import type { Binding, Fn, NCanvas, NContext, Tracked } from './canvas-types.js';

/** Slot on every 2D context: its Tracked, or null for our own internal canvases. */
export const INFO = Symbol('simorg.canvas.info');
/** Slot on every 2D context: its Recording, or null when it does not record. */
export const REC = Symbol('simorg.canvas.rec');

export interface GradientDesc {
  method: string;
  args: number[];
  stops: Array<[number, unknown]>;
}

export interface PatternDesc {
  /** The source as it was when the pattern was made (a pixel copy for a canvas). */
  source: unknown;
  /** A canvas source: node-canvas patterns read it live, at each use. */
  live?: object;
  repetition: unknown;
  matrix?: number[];
  /** node-canvas' DOMMatrix class (pattern.setTransform takes nothing else). */
  matrixCtor?: new (init: number[]) => object;
}

/** A pattern set as fillStyle/strokeStyle, with its canvas source as it looked at that moment. */
export class PatternUse {
  constructor(
    readonly pattern: object,
    readonly source: unknown,
  ) {}
}

export const reg = {
  state: undefined as unknown as HookState,
  bindings: [] as Binding[],
  /** Canvases we made ourselves (snapshots, replay targets): never figures, never tracked. */
  internal: new WeakSet<object>(),
  /** > 0 while untracked(): canvases made then are internal. */
  suspended: 0,
  tracked: new WeakMap<CanvasEntry, Tracked>(),
  /** Every canvas entry we created, weakly, in creation order: explicit-but-undrawn ones live here only. */
  all: [] as Array<WeakRef<CanvasEntry>>,
  allPruneAt: 1024,
  /** The recording wrappers are on the context prototype (installed at the first recording context). */
  recordingInstalled: false,
  gradients: new WeakMap<object, GradientDesc>(),
  patterns: new WeakMap<object, PatternDesc>(),
  /** drawImage/createPattern source canvas -> its pixel copy, valid while `gen` is unchanged. */
  snapshots: new WeakMap<object, { gen: number; copy: NCanvas }>(),
};

/** The native Canvas class a canvas was made by (there may be more than one copy of node-canvas). */
export function nativeCanvasOf(canvas: object): Binding['Canvas'] | undefined {
  for (const b of reg.bindings) if (canvas instanceof b.Canvas) return b.Canvas;
  return undefined;
}

export function isCanvas(x: unknown): x is NCanvas {
  return typeof x === 'object' && x !== null && nativeCanvasOf(x) !== undefined;
}

/** A canvas of our own, made with the native class so that it is never tracked as a figure. */
export function internalCanvas(
  like: object,
  width: number,
  height: number,
  type?: string,
): NCanvas | undefined {
  const NativeCanvas = nativeCanvasOf(like) ?? reg.bindings[0]?.Canvas;
  if (!NativeCanvas) return undefined;
  const c = (type ? new NativeCanvas(width, height, type) : new NativeCanvas(width, height)) as NCanvas;
  reg.internal.add(c);
  return c;
}

/** A 2D context of an internal canvas. */
export function internalContext(c: NCanvas): NContext {
  return c.getContext('2d');
}

/**
 * A pixel copy of a canvas: what a drawImage or createPattern of it saw at that moment. Drawn into
 * `into` when that is one of ours of the same size: a canvas' pixels live outside the JavaScript
 * heap, where the collector does not see them pile up (a new copy per frame of an animation grew
 * a process by half a gigabyte before it ran).
 */
export function copyCanvas(src: NCanvas, into?: NCanvas): NCanvas | undefined {
  const w = src.width;
  const h = src.height;
  if (!(w > 0 && h > 0)) return undefined;
  const reuse = into && into.width === w && into.height === h && reg.internal.has(into);
  const c = reuse ? into : internalCanvas(src, w, h);
  if (!c) return undefined;
  const g = internalContext(c);
  if (reuse) (g.clearRect as Fn).call(g, 0, 0, w, h);
  (g.drawImage as Fn).call(g, src, 0, 0);
  return c;
}
