// The run manifest: what the hook tells the runner about one script's run. Written as JSON, once,
// at exit, to the file named by SIMORG_MANIFEST. The runner (src/run/) reads it; this file is the
// whole contract between the two, so it holds types only.

export interface ManifestFigure {
  /** Creation order, 0-based (the NNN of figNNN). */
  index: number;
  name: string;
  format: string;
  /** Absolute path of the file written. */
  path: string;
}

/** A figure file the hook could not write (full disk, read-only folder...): none is left at `path`. */
export interface ManifestFailedFigure extends ManifestFigure {
  /** The cause in words, e.g. `ENOSPC: disk full`. */
  error: string;
}

export interface RunManifest {
  version: 1;
  /** Absolute path of the main script. */
  script: string;
  runId?: string;
  pid: number;
  startedAt: number;
  endedAt: number;
  /** How the process ended, as far as the hook saw it. */
  exit: { code: number | null; signal?: string };
  /** The uncaught error that ended the script, if any. */
  error?: { name?: string; message: string; stack?: string };
  figures: ManifestFigure[];
  /**
   * Figure files that could not be saved, with why. Any of them makes a script that would have
   * exited 0 exit 1 instead, with `error` naming the first (so the runner records a failed run).
   */
  failedFigures?: ManifestFailedFigure[];
  /** Absolute paths of local source files the script loaded (CJS and ESM), outside node_modules. */
  modules: string[];
  /** Packages loaded from node_modules: name -> version. */
  packages: Record<string, string>;
  /** Absolute paths of files read through `fs`. */
  read: string[];
  /** Absolute paths of files written through `fs` (figures excluded). */
  written: string[];
  /** One-line warnings the hook printed (e.g. eps could not be made). */
  warnings: string[];
  /** What the script recorded with `record({ rmse: 0.12 })`: name -> a JSON value. */
  metrics?: Record<string, unknown>;
}

/**
 * Separates the links of a nested package's key in `packages`: `vega>vega-expression` is the copy of
 * vega-expression that vega itself resolves (node_modules/vega/node_modules/vega-expression).
 */
export const PACKAGE_CHAIN_SEPARATOR = '>';
