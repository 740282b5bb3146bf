// What each figure looked like when its files were last written, so that a second save in one
// process (saveFigures() during the script, then the save at exit) rewrites only what was drawn on
// since: the same file is neither encoded nor written nor announced twice.
import { existsSync } from 'node:fs';
import { drawGeneration } from '../canvas/canvas.js';
import { scriptRun } from '../script-run.js';
import type { FigureEntry } from '../state.js';

interface Written {
  stamp: string;
  paths: Set<string>;
}

function book(): WeakMap<object, Written> {
  return (scriptRun().written ??= new WeakMap());
}

/**
 * The figure's state as a string, or undefined when it cannot be told (then it is always saved).
 * An SVG string never changes; a canvas changes with each drawing call, clear and resize.
 */
export function figureStamp(entry: FigureEntry): string | undefined {
  if (entry.kind === 'svg') return 'svg';
  const gen = drawGeneration(entry);
  return gen === undefined ? undefined : `${gen}:${entry.canvas.width}x${entry.canvas.height}`;
}

/** The file at `path` was written for this figure in this state, and is still there. */
export function isUnchanged(entry: FigureEntry, stamp: string | undefined, path: string): boolean {
  if (stamp === undefined) return false;
  const w = book().get(entry);
  return !!w && w.stamp === stamp && w.paths.has(path) && existsSync(path);
}

/** The file at `path` now holds the figure as it was in state `stamp`. */
export function markWritten(entry: FigureEntry, stamp: string | undefined, path: string): void {
  if (stamp === undefined) return;
  const b = book();
  let w = b.get(entry);
  if (!w || w.stamp !== stamp) b.set(entry, (w = { stamp, paths: new Set() }));
  w.paths.add(path);
}
