// What the hook knows of this run of the script, beside the figure registry (state.ts): where it
// was launched, the warnings printed, the files saved and those that failed, which parts are
// installed, the error ending it. Kept in the shared hook state (one per process, shared by the
// ESM and CommonJS copies of the hook), typed in one place.
import type { FailedFile, SavedFile } from './save/saved-file.js';
import { hookState } from './state.js';

/** The main script, as script-path.ts reads it. */
export interface ScriptInfo {
  /** Absolute path of the main script, or undefined for `node -e` and the REPL. */
  path?: string;
  dir: string;
  /** File name without extension: the folder name under figures/. */
  stem: string;
}

export interface ScriptRun {
  /** process.argv[1] and the working directory at hook load; `script` is made from them when needed. */
  launch?: { argv1: string | undefined; cwd: string };
  script?: ScriptInfo;
  /** Distinct warning lines already printed. */
  warned: Set<string>;
  warnings: string[];
  /** Every figure file written by the final save (for the manifest). */
  savedFiles: SavedFile[];
  /** figures()' plain descriptions -> the figures they describe (for saveFigures({ only })). */
  described?: WeakMap<object, object>;
  /** Per figure, its state when its files were last written and which (save-unchanged.ts). */
  written?: WeakMap<object, { stamp: string; paths: Set<string> }>;
  /** Figure files that could not be written, by path (a later successful save of one clears it). */
  failedFiles: Map<string, FailedFile>;
  /** Saving itself crashed (a bug): the figures are not all there. */
  saveCrashed?: boolean;
  /** Which parts are installed (each once per process). */
  installed: Set<string>;
  /** The uncaught error that is ending the script, seen by uncaughtExceptionMonitor. */
  error?: { name?: string; message: string; stack?: string };
  /** Canvases already opened by show(). */
  shown: WeakSet<object>;
  showSaidWhere?: boolean;
  startedAt: number;
}

const KEY = 'figureHook';

export function scriptRun(): ScriptRun {
  const s = hookState();
  let run = s[KEY] as ScriptRun | undefined;
  if (!run) {
    run = {
      warned: new Set(),
      warnings: [],
      savedFiles: [],
      failedFiles: new Map(),
      installed: new Set(),
      shown: new WeakSet(),
      startedAt: Date.now(),
    };
    s[KEY] = run;
  }
  return run;
}
