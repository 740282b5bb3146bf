// The shapes of node-canvas the interception touches, typed loosely: the hook must not depend on
// canvas' own types (it is an optional peer), and it only ever sees the native binding's objects.
import type { CanvasEntry } from '../state.js';
import type { Recording } from '../record/record.js';

/** A constructor as the binding exports it (a native class). */
export type Ctor = new (...args: unknown[]) => object;

/** The exports of node-canvas' native binding (build/Release/canvas.node). */
export interface Binding {
  Canvas: Ctor;
  CanvasRenderingContext2d: Ctor;
  CanvasGradient?: Ctor;
  CanvasPattern?: Ctor;
  Image?: Ctor;
  ImageData?: Ctor;
  [key: string]: unknown;
}

export type Fn = (this: unknown, ...args: unknown[]) => unknown;

/** A canvas as seen from inside the hook. */
export interface NCanvas {
  width: number;
  height: number;
  type?: string;
  getContext(type: '2d'): NContext;
  toBuffer(...args: unknown[]): Buffer;
  context?: NContext;
}

/** A 2D context as seen from inside the hook: any member, plus our two private slots. */
export interface NContext {
  canvas: NCanvas;
  [key: string]: unknown;
  [key: symbol]: unknown;
}

/** What we keep per live canvas. `preserved` is the last drawn frame before a full clear or resize. */
export class Tracked {
  gen = 0;
  /** Something was drawn since the last full clear (or since creation). */
  sinceClear = false;
  /** The entry was pushed into hookState().entries. */
  listed = false;
  preserved?: Preserved;
  /** The last pixel copy made by a wipe, drawn into again by the next one (never once handed out). */
  spare?: NCanvas;
  /** A PDF or SVG canvas' own file, from its toBuffer() (see canvas-own.ts). */
  own?: OwnBytes;
  constructor(
    readonly entry: CanvasEntry,
    readonly canvas: NCanvas,
  ) {}
}

export interface Preserved {
  /** A pixel copy of the canvas as it was just before it was cleared. */
  canvas: NCanvas;
  recording?: Recording;
  /** Replay ops of `recording` up to here. */
  end: number;
  /** The canvas' size then (a PDF or SVG canvas' `canvas` is the live one, perhaps resized since). */
  width: number;
  height: number;
}

/** What a PDF or SVG canvas' own toBuffer() gave, and how far the drawing had got then. */
export interface OwnBytes {
  bytes: Buffer;
  recording?: Recording;
  end: number;
  width: number;
  height: number;
  /** Drawn on since: the bytes are no longer the figure. */
  stale: boolean;
}
