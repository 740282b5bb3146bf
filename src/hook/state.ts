import type { Flags } from './flags.js';

// The hook's state lives on globalThis under a registered symbol, so that every copy of the hook
// in one process (the ESM build preloaded by `--import simorg/register` and the CommonJS build a
// `require('simorg')` loads) shares one figure registry and installs its patches once.

/** A node-canvas Canvas, typed loosely: the hook must not depend on canvas' types at load. */
export type CanvasLike = {
  width: number;
  height: number;
  type?: string;
  getContext(type: '2d'): unknown;
  toBuffer(...args: unknown[]): Buffer;
};

export interface CanvasEntry {
  kind: 'canvas';
  canvas: CanvasLike;
  /** Creation order across all entries. */
  seq: number;
  name?: string;
  /** Registered with figure(): always a figure, whatever was drawn. */
  explicit: boolean;
  ignored: boolean;
  /** Something was drawn onto it (fill, stroke, text, image, pixels). */
  drawn: boolean;
  /** It was the source of a drawImage or createPattern on another canvas. */
  usedAsSource: boolean;
  /** The recorded drawing, when vector output is wanted (opaque to all but record/replay). */
  recording?: unknown;
}

export interface SvgEntry {
  kind: 'svg';
  svg: string;
  seq: number;
  name?: string;
  explicit: true;
  ignored: boolean;
}

export type FigureEntry = CanvasEntry | SvgEntry;

export interface HookState {
  flags: Flags;
  entries: FigureEntry[];
  byCanvas: WeakMap<object, CanvasEntry>;
  nextSeq: number;
  /** The node-canvas module the script loaded (exports of `canvas`), once it has. */
  canvasModule?: Record<string, unknown>;
  /** Set once figures were saved, so exit paths never save twice. */
  saved: boolean;
  /** The signal ending the script: saving must be quick (long recordings are not replayed). */
  hurry?: string;
  /** Extension point for the other parts of the hook. */
  [key: string]: unknown;
}

const KEY = Symbol.for('simorg.hook.state');

export function hookState(init?: () => HookState): HookState {
  const g = globalThis as unknown as Record<symbol, HookState | undefined>;
  let s = g[KEY];
  if (!s) {
    if (!init) throw new Error('simorg: hook state used before the hook was loaded');
    s = init();
    g[KEY] = s;
  }
  return s;
}
