// The figure registry as the script sees it: figure(x, { name }) registers a canvas or an SVG
// string, ignore(canvas) drops one, figureList() is what will be saved, in creation order.
import { hookTypeError, kindOfValue } from './errors.js';
import { scriptRun } from './script-run.js';
import { canvasEntryOf, listFigure } from './figure-entries.js';
import { lazy } from './lazy.js';
import type * as Canvas from './canvas/canvas.js';
import type * as SvgSize from './save/svg-size.js';
import { hookState, type CanvasEntry, type CanvasLike, type FigureEntry, type SvgEntry } from './state.js';

export interface FigureOptions {
  /** File-name part: `fig001_<name>.png`. Made file-safe. */
  name?: string;
}

/** Something that carries SVG markup: a string, a Buffer, or a DOM-like node with outerHTML. */
export type SvgSource = string | Uint8Array | { outerHTML: string };

function isCanvas(x: unknown): x is CanvasLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as CanvasLike).getContext === 'function' &&
    typeof (x as CanvasLike).toBuffer === 'function'
  );
}

function svgText(x: unknown): string | undefined {
  if (typeof x === 'string') return x;
  if (x instanceof Uint8Array) return Buffer.from(x).toString('utf8');
  if (typeof x === 'object' && x !== null && typeof (x as { outerHTML?: unknown }).outerHTML === 'string') {
    return (x as { outerHTML: string }).outerHTML;
  }
  return undefined;
}

/** The entry of a canvas, made and listed when the canvas hook has not seen it. */
export function canvasEntry(canvas: CanvasLike): CanvasEntry {
  const known = hookState().byCanvas.get(canvas);
  if (known) return known;
  const e = canvasEntryOf(canvas);
  listFigure(e);
  return e;
}

/** Registers a canvas or SVG markup as a figure (always saved, drawn or not). Returns `x`. */
export function figure<T extends CanvasLike | SvgSource>(x: T, options: FigureOptions = {}): T {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw hookTypeError(
      'E_FIGURE',
      `simorg: figure(x, options) takes options like { name: 'trace' }, got ${kindOfValue(options)}`,
    );
  }
  const n: unknown = options.name;
  if (n !== undefined && typeof n !== 'string' && typeof n !== 'number') {
    throw hookTypeError(
      'E_FIGURE',
      `simorg: figure(x, { name }) takes a string name, got ${n === null ? 'null' : typeof n}`,
    );
  }
  const name = n === undefined ? undefined : String(n);
  if (isCanvas(x)) {
    const e = canvasEntry(x);
    e.explicit = true;
    e.ignored = false;
    // The canvas hook tracks a canvas from its construction without listing it until drawn on; an
    // undrawn figure must be listed too, or the exit save finds nothing to save.
    listFigure(e);
    if (name !== undefined) e.name = name;
    return x;
  }
  const svg = svgText(x);
  if (svg === undefined || !/<svg[\s>]/i.test(svg)) {
    throw new TypeError(
      'simorg: figure() takes a node-canvas Canvas or SVG markup (a string starting with <svg ...>)',
    );
  }
  const s = hookState();
  const entry: SvgEntry = { kind: 'svg', svg, seq: s.nextSeq++, explicit: true, ignored: false, name };
  listFigure(entry);
  return x;
}

/** Drops a canvas: it is never saved, even if drawn on (scratch canvases, offscreen buffers). */
export function ignore<T extends CanvasLike>(canvas: T): T {
  if (!isCanvas(canvas)) throw new TypeError('simorg: ignore() takes a node-canvas Canvas');
  canvasEntry(canvas).ignored = true;
  return canvas;
}

/** What will be saved, in creation order: canvases that count as figures and registered SVGs. */
export function figureList(): FigureEntry[] {
  const s = hookState();
  const seen = new Set<FigureEntry>();
  for (const e of lazy<typeof Canvas>('canvas/canvas').canvasFigures()) if (!e.ignored) seen.add(e);
  for (const e of s.entries) if (e.explicit && !e.ignored) seen.add(e);
  return [...seen].sort((a, b) => a.seq - b.seq);
}

/** A figure as figures() describes it: plain data, safe to print, compare or send. */
export interface FigureInfo {
  /** Creation order among figures: the NNN of its files' figNNN. */
  index: number;
  /** The name in its files' names (`figure_<n>` when none was given). */
  name: string;
  kind: 'canvas' | 'svg';
  /** In CSS px (96 per inch): a canvas' pixels, a PDF canvas' pt size as px, an SVG's declared size. */
  width: number;
  height: number;
}

/**
 * A canvas' size in CSS px. A PDF canvas is sized in pt (node-canvas' PDF surface): 96 / 72 px
 * each, rounded as its page PNGs are.
 */
function canvasCssSize(c: CanvasLike): { width: number; height: number } {
  if (c.type !== 'pdf') return { width: c.width, height: c.height };
  return { width: Math.round((c.width * 4) / 3), height: Math.round((c.height * 4) / 3) };
}

/** The figures as plain descriptions; each maps back to its figure for saveFigures({ only }). */
export function describeFigures(): FigureInfo[] {
  const run = scriptRun();
  const back = (run.described ??= new WeakMap());
  // Loaded here, not with the hook: most scripts never ask.
  const { svgCssSize } = lazy<typeof SvgSize>('save/svg-size');
  return figureList().map((e, index) => {
    const size = e.kind === 'canvas' ? canvasCssSize(e.canvas) : svgCssSize(e.svg);
    const info: FigureInfo = {
      index,
      name: safeName(e.name, index),
      kind: e.kind,
      width: size.width,
      height: size.height,
    };
    back.set(info, e);
    return info;
  });
}

/** The figure a description from figures() stands for (or the entry itself, for internal callers). */
export function entryOf(x: unknown): FigureEntry | undefined {
  if (typeof x !== 'object' || x === null) return undefined;
  if ('seq' in x && 'kind' in x) return x as FigureEntry;
  return scriptRun().described?.get(x) as FigureEntry | undefined;
}

/** A name safe in a file name on every OS: letters, digits, `.`, `_`, `-`; at most 80 chars. */
export function safeName(name: string | undefined, index: number): string {
  const fallback = `figure_${index + 1}`;
  if (name === undefined) return fallback;
  const safe = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return safe === '' ? fallback : safe;
}
