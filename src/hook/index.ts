// `import 'simorg'` / `require('simorg')`: installs the figure hook and exports the script API.
// The implementation is api.ts, loaded through lazy() so that ESM and CommonJS scripts share the
// one CommonJS copy of it (see lazy.ts for why).
import { lazy } from './lazy.js';

const api = lazy('api');

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
export const KNOWN_FORMATS: typeof api.KNOWN_FORMATS = api.KNOWN_FORMATS;
/** Thrown when code assigns an unknown format to `flags.formats`. */
export const FormatsError: typeof api.FormatsError = api.FormatsError;
export type FormatsError = InstanceType<typeof api.FormatsError>;

export type { FigureOptions, SvgSource } from './figures.js';
export type { Flags, Format } from './flags.js';
export type { SavedFile, SaveOptions } from './save.js';
export type { Provenance } from './provenance.js';
export type { RunManifest, ManifestFigure } from './manifest.js';
export type { CanvasEntry, SvgEntry, FigureEntry, CanvasLike } from './state.js';
