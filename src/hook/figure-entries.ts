// A figure's entry made, and listed for saving, in one place for every way a figure appears (the
// canvas hook, figure(), ignore()). The exit handlers (exit.ts) go in with the first listed figure,
// not at load: a script that draws nothing, run without a manifest, keeps Node's own exit and
// signal behaviour and does not pay for them (about 1 ms of the preload's start:
// bench/hook-load.bench.js). The manifest capture installs them itself (install.ts).
import { installExit } from './exit.js';
import { scriptRun } from './script-run.js';
import { hookState, type CanvasEntry, type CanvasLike, type FigureEntry } from './state.js';

/** The entry of a canvas, made (not yet listed) the first time the hook sees it. */
export function canvasEntryOf(canvas: CanvasLike): CanvasEntry {
  const s = hookState();
  let e = s.byCanvas.get(canvas);
  if (!e) {
    e = {
      kind: 'canvas',
      canvas,
      seq: s.nextSeq++,
      explicit: false,
      ignored: false,
      drawn: false,
      usedAsSource: false,
    };
    s.byCanvas.set(canvas, e);
  }
  return e;
}

/** Lists a figure for saving (once), and makes sure the exit of a hooked script will save it. */
export function listFigure(e: FigureEntry): void {
  const entries = hookState().entries;
  if (!entries.includes(e)) entries.push(e);
  // Only where the hook was installed (install.ts): parts used on their own add no exit behaviour.
  if (scriptRun().installed.has('hook')) installExit();
}
