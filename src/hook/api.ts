// The script-side API behind `import 'simorg'` / `require('simorg')` (index.ts re-exports it).
// Loading it installs the figure hook: flags from SIMORG_* variables, canvas interception, saving
// at exit, and the run manifest when SIMORG_MANIFEST is set.
import { describeFigures, type FigureInfo } from './figures.js';
import { install } from './install.js';
import { lazy } from './lazy.js';
import type * as Metrics from './metrics.js';
import type * as Params from './params.js';
import type * as Save from './save/save.js';
import type * as Show from './show.js';
import type { SavedFile } from './save/saved-file.js';
import type { SaveOptions } from './save/save-options.js';

/** The live flags: set fields in code to override the environment (`flags.formats = ['png']`). */
export const flags = install();

export { figure, ignore, type FigureInfo, type FigureOptions, type SvgSource } from './figures.js';
export { KNOWN_FORMATS, FormatsError, type Flags, type Format } from './flags.js';
export type { SavedFile } from './save/saved-file.js';
export type { SaveOptions } from './save/save-options.js';
export type { Provenance } from './provenance/provenance.js';
export type { RunManifest, ManifestFigure } from './capture/manifest.js';
export type { CanvasEntry, SvgEntry, FigureEntry, CanvasLike } from './state.js';

/** The figures that would be saved now, in creation order (file index = position), as plain data. */
export function figures(): FigureInfo[] {
  return describeFigures();
}

/**
 * Saves every figure now, whatever SIMORG_SAVEALL says (calling it is the request), and resolves
 * to the files written. With SIMORG_SAVEALL on, the exit save still runs and rewrites them.
 */
export function saveFigures(options?: SaveOptions): Promise<SavedFile[]> {
  const save = lazy<typeof Save>('save/save');
  return save.saveAllAsync(save.checkSaveOptions(options));
}

/**
 * The run's parameters over the defaults given: `const { tau, n } = params({ tau: 0.01, n: 100 })`.
 * Without a run (the script started by hand), the defaults. Loaded when called, like show().
 */
export function params<T extends Record<string, unknown>>(defaults?: T): T {
  return lazy<typeof Params>('params').params(defaults);
}

/** Records metrics of this run (`record({ rmse: 0.12 })`), kept in its record through the manifest. */
export function record(metrics: Record<string, unknown>): void {
  lazy<typeof Metrics>('metrics').record(metrics);
}

/** Opens the figures drawn so far when a display can be used; otherwise says where they will be. */
export function show(): void {
  lazy<typeof Show>('show').show();
}
