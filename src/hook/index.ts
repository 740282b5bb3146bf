// `import 'simorg'` / `require('simorg')`: installs the figure hook and exports the script API.
// The implementation is api.ts, required from the CommonJS build so that ESM and CommonJS scripts
// share the one CommonJS copy of it (see lazy.ts for why). The build bundles this file
// (scripts/bundle-hook.mjs), so what it imports costs no ES-module load of its own.
import { createRequire } from 'node:module';
import type * as Api from './api.js';
import { callerFile } from './own-file.js';

function apiModule(): typeof Api {
  if (typeof require === 'function' && typeof module === 'object') return require('./api.js') as typeof Api;
  // dist/hook/index.js requires dist/hook-cjs/api.js; sources run directly (through a TS loader)
  // the .ts beside this file.
  const here = callerFile();
  if (/\.[cm]?ts$/.test(here)) return createRequire(here)('./api.ts') as typeof Api;
  return createRequire(here)(
    /[\\/]hook[\\/]index\.js$/.test(here) ? '../hook-cjs/api.js' : './api.js',
  ) as typeof Api;
}

const api = apiModule();

/** The live flags: set fields in code to override the environment (`flags.formats = ['png']`). */
export const flags: typeof api.flags = api.flags;
/** Registers a canvas or SVG markup as a figure, optionally named: `figure(canvas, { name: 'trace' })`. */
export const figure: typeof api.figure = api.figure;
/** Drops a canvas: never saved, even if drawn on. */
export const ignore: typeof api.ignore = api.ignore;
/** Opens the figures drawn so far when a display can be used; otherwise says where they will be. */
export const show: typeof api.show = api.show;
/** The figures that would be saved now, in creation order (file index = position). */
export const figures: typeof api.figures = api.figures;
/** Saves every figure now, whatever SIMORG_SAVEALL says; resolves to the files written. */
export const saveFigures: typeof api.saveFigures = api.saveFigures;
/** The run's parameters over the defaults given: `const { tau, n } = params({ tau: 0.01, n: 100 })`. */
export const params: typeof api.params = api.params;
/** Records metrics of this run (`record({ rmse: 0.12 })`), kept in its record: show, list --long, export. */
export const record: typeof api.record = api.record;
export const KNOWN_FORMATS: typeof api.KNOWN_FORMATS = api.KNOWN_FORMATS;
/** Thrown when code assigns an unknown format to `flags.formats`. */
export const FormatsError: typeof api.FormatsError = api.FormatsError;
export type FormatsError = InstanceType<typeof api.FormatsError>;

export type { FigureInfo, FigureOptions, SvgSource } from './figures.js';
export type { Flags, Format } from './flags.js';
export type { SavedFile } from './save/saved-file.js';
export type { SaveOptions } from './save/save-options.js';
export type { Provenance } from './provenance/provenance.js';
export type { RunManifest, ManifestFigure } from './capture/manifest.js';
export type { CanvasEntry, SvgEntry, FigureEntry, CanvasLike } from './state.js';
