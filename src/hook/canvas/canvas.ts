// The figure hook's view of node-canvas: every canvas the script makes, which of them are figures,
// and each figure redrawn as real vectors. The patches live in canvas-patch.ts (interception),
// canvas-track.ts (what was drawn), record*.ts (what to replay) and replay.ts; the record* files
// and replay.ts load only when a context records or a figure is replayed (lazy.ts).
//
// The ESM build (`--import simorg/register`) and the CommonJS build (`require('simorg')`) may both
// load in one process; the first to install keeps its implementation in the shared hook state and
// the other delegates to it, so there is one set of patches and one notion of each recording.
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { hookState, type CanvasEntry, type CanvasLike, type HookState } from '../state.js';
import { internalCanvas, reg } from './canvas-registry.js';
import { bindingFiles, interceptBindings } from './canvas-patch.js';
import { lazy } from '../lazy.js';
import { callerFile } from '../own-file.js';
import type * as CanvasOwn from './canvas-own.js';
import type * as RecordModule from '../record/record.js';
import type * as Replay from '../record/replay.js';
import type { NCanvas } from './canvas-types.js';
import type { OwnSurface } from './canvas-own.js';

const IMPL = 'simorg.canvasHook';

interface Impl {
  figures(): CanvasEntry[];
  replay(entry: CanvasEntry, type: 'svg' | 'pdf' | 'image', scale?: number): CanvasLike | undefined;
  untracked<T>(fn: () => T): T;
  generation(entry: CanvasEntry): number | undefined;
  own(entry: CanvasEntry, final: boolean): OwnSurface | undefined;
  bindingFiles: readonly string[];
}

function current(): Impl | undefined {
  let s: HookState;
  try {
    s = hookState();
  } catch {
    return undefined;
  }
  return s[IMPL] as Impl | undefined;
}

/** Installs the interception once per process. Cheap: never loads node-canvas itself. */
export function installCanvasHook(): void {
  const s = hookState();
  if (s[IMPL]) return;
  // The ESM build hands over to the CommonJS one (lazy.ts): the one copy that runs, whose parts
  // (record, replay) load from there.
  const cjs = lazy<{ installCanvasHook: typeof installCanvasHook }>('canvas/canvas');
  if (cjs.installCanvasHook !== installCanvasHook) return cjs.installCanvasHook();
  reg.state = s;
  const impl: Impl = {
    figures,
    replay: replayEntry,
    untracked: runUntracked,
    generation,
    own: (e, final) => lazy<typeof CanvasOwn>('canvas/canvas-own').ownSurface(e, final),
    bindingFiles,
  };
  s[IMPL] = impl;
  interceptBindings();
}

/** The canvases that count as figures now, in creation order. */
export function canvasFigures(): CanvasEntry[] {
  const impl = current();
  if (impl) return impl.figures();
  const s = hookState();
  return s.entries.filter(
    (e): e is CanvasEntry =>
      e.kind === 'canvas' && !e.ignored && (e.explicit || (e.drawn && !e.usedAsSource)),
  );
}

/**
 * A new 'svg', 'pdf' or image canvas with the figure's recorded drawing replayed onto it, every
 * length times `scale` (the canvas is its size times `scale`, rounded up), or undefined.
 */
export function replayToVector(
  entry: CanvasEntry,
  type: 'svg' | 'pdf' | 'image',
  scale = 1,
): CanvasLike | undefined {
  return current()?.replay(entry, type, scale);
}

/**
 * A PDF or SVG canvas as what it is (its own file, its pages), or undefined for an image canvas.
 * `final`: the script is over, so the hook may finish the canvas' surface to take its file.
 */
export function ownSurface(entry: CanvasEntry, final: boolean): OwnSurface | undefined {
  return current()?.own(entry, final);
}

/**
 * A number that changes whenever anything is drawn on, cleared from or resized on the canvas, or
 * undefined when the hook does not follow it (drawn before the hook was installed).
 */
export function drawGeneration(entry: CanvasEntry): number | undefined {
  return current()?.generation(entry);
}

function generation(entry: CanvasEntry): number | undefined {
  return reg.tracked.get(entry)?.gen;
}

/** Runs `fn` with canvas tracking off: canvases it makes (e.g. to rasterise an SVG) are never figures. */
export function untracked<T>(fn: () => T): T {
  const impl = current();
  return impl ? impl.untracked(fn) : fn();
}

function runUntracked<T>(fn: () => T): T {
  reg.suspended++;
  try {
    return fn();
  } finally {
    reg.suspended--;
  }
}

function figures(): CanvasEntry[] {
  const seen = new Set<CanvasEntry>();
  const out: CanvasEntry[] = [];
  const consider = (e: CanvasEntry): void => {
    if (seen.has(e)) return;
    seen.add(e);
    const t = reg.tracked.get(e);
    // A canvas wiped (Chart.js destroy(), a resize) after its last drawing is saved as it was then.
    if (t) e.canvas = t.preserved && !t.sinceClear ? t.preserved.canvas : t.canvas;
    // Handed out (a save may be encoding it): the next wipe must not draw into it.
    if (t && e.canvas === t.spare) t.spare = undefined;
    if (isFigure(e)) out.push(e);
  };
  for (const r of reg.all) {
    const e = r.deref();
    if (e) consider(e);
  }
  for (const e of reg.state.entries) if (e.kind === 'canvas') consider(e);
  return out.sort((a, b) => a.seq - b.seq);
}

function isFigure(e: CanvasEntry): boolean {
  if (e.ignored) return false;
  const t = reg.tracked.get(e);
  if (reg.internal.has(t ? t.canvas : e.canvas)) return false;
  if (e.explicit) return true;
  return e.drawn && !e.usedAsSource && e.canvas.width > 0 && e.canvas.height > 0;
}

function replayEntry(entry: CanvasEntry, type: 'svg' | 'pdf' | 'image', scale = 1): CanvasLike | undefined {
  const t = reg.tracked.get(entry);
  const live = (t ? t.canvas : entry.canvas) as NCanvas;
  const frame = t?.preserved && !t.sinceClear ? t.preserved : undefined;
  if (!frame && live.type === type && scale === 1) return live as CanvasLike;
  const rec = frame ? frame.recording : entry.recording;
  // record.ts and replay.ts load only now, at save time (record.ts earlier if anything recorded).
  const recordModule = lazy<typeof RecordModule>('record/record');
  // A script's own pdf/svg canvas with nothing to replay is still better as itself than as pixels.
  if (!rec || !(rec instanceof recordModule.Recording) || rec.over)
    return !frame && type !== 'image' && live.type === type ? (live as CanvasLike) : undefined;
  if (reg.state.hurry && (frame ? frame.end : rec.length) > recordModule.HURRY_SLOTS) {
    rec.hurried = true;
    return undefined;
  }
  const w = frame ? frame.width : live.width;
  const h = frame ? frame.height : live.height;
  if (!(w > 0 && h > 0)) return undefined;
  // Pixels round to the nearest whole one; a page is made large enough (its box is then set exactly).
  const fit =
    type === 'image' ? (x: number) => Math.max(1, Math.round(x)) : (x: number) => Math.ceil(x - 1e-9);
  const target = internalCanvas(live, fit(w * scale), fit(h * scale), type === 'image' ? undefined : type);
  if (!target) return undefined;
  lazy<typeof Replay>('record/replay').replay(rec, frame ? frame.end : rec.length, target.getContext('2d'), {
    scale,
    raster: type === 'image',
  });
  return target as unknown as CanvasLike;
}

/**
 * The node-canvas module: the one the script loaded, else one found from `fromDir`, the main
 * script's folder, the working directory or our own install. Loading it here goes through the
 * interception, so canvases made from it are seen like the script's own.
 */
export function loadCanvasModule(fromDir?: string): Record<string, unknown> | undefined {
  const s = hookState();
  if (s.canvasModule) return s.canvasModule;
  installCanvasHook();
  const loaded = (current()?.bindingFiles ?? []).map((f) => resolve(dirname(f), '..', '..'));
  const dirs = [
    ...loaded,
    fromDir,
    process.argv[1] && dirname(resolve(process.argv[1])),
    process.cwd(),
    ownDir(),
  ];
  for (const dir of dirs) {
    if (!dir) continue;
    try {
      const req = createRequire(join(dir, 'noop.js'));
      const m = req(loaded.includes(dir) ? dir : 'canvas') as Record<string, unknown>;
      if (m && typeof m.createCanvas === 'function') return (s.canvasModule = m);
    } catch {
      // not there; try the next place
    }
  }
  return undefined;
}

// Where this file is: from __filename in the CommonJS build, from a stack frame in the ESM one.
function ownDir(): string | undefined {
  const file = typeof __filename === 'string' ? __filename : callerFile();
  return file ? dirname(file) : undefined;
}
