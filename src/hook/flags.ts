// SIMORG_* environment variables -> the flags object. Read once at load; code may override any
// field afterwards (`flags.saveAll = true`), and what the flags say at save time is what counts.

import { envSwitch } from './env-switch.js';
import { FormatsError, hookTypeError } from './errors.js';
import { DEFAULT_FORMATS, KNOWN_FORMATS, VECTOR_FORMATS, type Format } from './formats.js';

export { DEFAULT_FORMATS, FormatsError, KNOWN_FORMATS, VECTOR_FORMATS, type Format };

export interface Flags {
  saveAll: boolean;
  noShow: boolean;
  /** Assigning validates: unknown formats throw a FormatsError naming the valid ones. */
  formats: Format[];
  /** Output folder; relative paths are taken from the script's folder. */
  outputDir: string;
  /**
   * Drawing operations recorded per figure for its vector formats (large images count by their
   * size); past it the figure's svg/pdf/eps embed a raster image instead. Infinity: no limit.
   */
  maxVectorOps: number;
  /**
   * PNG (and JPEG) resolution in pixels per inch: a canvas of W x H CSS px becomes W*dpi/96 x
   * H*dpi/96 pixels, with the PNG's pHYs chunk saying so. Vector formats keep their physical size.
   */
  dpi: number;
  /**
   * How a canvas figure's SVG holds its text: 'text' (the default), each fillText/strokeText as a
   * <text> element an editor can change; 'paths', as glyph outlines that look the same everywhere.
   */
  svgText: SvgText;
}

export const SVG_TEXT_MODES = ['text', 'paths'] as const;
export type SvgText = (typeof SVG_TEXT_MODES)[number];

export const DEFAULT_DPI = 96;

/** SIMORG_DPI / flags.dpi: a number of pixels per inch, 1 to 2400 (beyond, canvases hit node-canvas' limits). */
export function validDpi(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 1 && v <= 2400;
}

export const DEFAULT_MAX_VECTOR_OPS = 100_000;

/** SIMORG_MAX_VECTOR_OPS: a whole number (`_` or `,` between digits allowed), or none/unlimited. */
export function parseMaxVectorOps(value: string): number | undefined {
  const v = value.trim().toLowerCase();
  if (v === 'none' || v === 'unlimited' || v === 'infinity') return Infinity;
  if (!/^\d+([_,]?\d+)*$/.test(v)) return undefined;
  return Number(v.replace(/[_,]/g, ''));
}

export { envSwitch };

export function parseFormats(value: string | readonly string[], source = 'SIMORG_FORMATS'): Format[] {
  if (typeof value !== 'string' && !Array.isArray(value)) throw new FormatsError([String(value)], source);
  const items = (typeof value === 'string' ? value.split(',') : [...value])
    .map((s) => String(s).trim().toLowerCase().replace(/^\./, ''))
    .map((s) => (s === 'jpeg' ? 'jpg' : s))
    .filter((s) => s !== '');
  const bad = items.filter((s) => !(KNOWN_FORMATS as readonly string[]).includes(s));
  if (bad.length) throw new FormatsError(bad, source);
  if (!items.length) throw new FormatsError(['(empty)'], source);
  return [...new Set(items)] as Format[];
}

/**
 * Flags from the environment. A bad SIMORG_FORMATS never stops the script (a typo must not cost a
 * long simulation its figures): `warn` receives one line and the defaults are used.
 */
export function flagsFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  warn: (line: string) => void = () => {},
): Flags {
  let formats: Format[] = [...DEFAULT_FORMATS];
  if (env.SIMORG_FORMATS !== undefined) {
    try {
      formats = parseFormats(env.SIMORG_FORMATS);
    } catch (err) {
      warn(`${(err as Error).message}; using the default ${DEFAULT_FORMATS.join(',')}`);
    }
  }
  let maxVectorOps = DEFAULT_MAX_VECTOR_OPS;
  if (env.SIMORG_MAX_VECTOR_OPS !== undefined && env.SIMORG_MAX_VECTOR_OPS.trim() !== '') {
    const n = parseMaxVectorOps(env.SIMORG_MAX_VECTOR_OPS);
    if (n === undefined) {
      warn(
        `simorg: SIMORG_MAX_VECTOR_OPS should be a whole number or 'none', not '${env.SIMORG_MAX_VECTOR_OPS}'; using ${DEFAULT_MAX_VECTOR_OPS}`,
      );
    } else {
      maxVectorOps = n;
    }
  }
  let dpi = DEFAULT_DPI;
  if (env.SIMORG_DPI !== undefined && env.SIMORG_DPI.trim() !== '') {
    const n = Number(env.SIMORG_DPI.trim());
    if (validDpi(n)) dpi = n;
    else
      warn(
        `simorg: SIMORG_DPI should be a number of pixels per inch from 1 to 2400, not '${env.SIMORG_DPI}'; using ${DEFAULT_DPI}`,
      );
  }
  let svgText: SvgText = 'text';
  if (env.SIMORG_SVG_TEXT !== undefined && env.SIMORG_SVG_TEXT.trim() !== '') {
    const v = env.SIMORG_SVG_TEXT.trim().toLowerCase();
    if ((SVG_TEXT_MODES as readonly string[]).includes(v)) svgText = v as SvgText;
    else
      warn(`simorg: SIMORG_SVG_TEXT should be 'text' or 'paths', not '${env.SIMORG_SVG_TEXT}'; using 'text'`);
  }
  return {
    dpi,
    svgText,
    saveAll: envSwitch(env.SIMORG_SAVEALL),
    noShow: envSwitch(env.SIMORG_NOSHOW),
    formats,
    outputDir: env.SIMORG_OUTPUT_DIR || '_output',
    maxVectorOps,
  };
}

/** A value of the wrong type assigned to a flag in code: named, with what was expected. */
function flagError(name: string, expected: string, got: unknown): TypeError {
  const shown =
    typeof got === 'string'
      ? JSON.stringify(got)
      : got === null
        ? 'null'
        : Array.isArray(got)
          ? 'a list'
          : typeof got === 'object'
            ? 'an object'
            : String(got);
  return hookTypeError('E_FLAG', `simorg: flags.${name} must be ${expected}, got ${shown}`);
}

/**
 * The live flags object. Every field validates what code assigns, so a wrong type fails at the
 * assignment, naming the flag, rather than as a raw TypeError when figures are saved at exit.
 */
export function createFlags(initial: Flags): Flags {
  let { saveAll, noShow, outputDir, formats, maxVectorOps, dpi, svgText } = initial;
  const flags = {} as Flags;
  const field = <K extends keyof Flags>(name: K, get: () => Flags[K], set: (v: unknown) => void) =>
    Object.defineProperty(flags, name, { enumerable: true, get, set });
  field(
    'saveAll',
    () => saveAll,
    (v) => {
      if (typeof v !== 'boolean') throw flagError('saveAll', 'true or false', v);
      saveAll = v;
    },
  );
  field(
    'noShow',
    () => noShow,
    (v) => {
      if (typeof v !== 'boolean') throw flagError('noShow', 'true or false', v);
      noShow = v;
    },
  );
  field(
    'outputDir',
    () => outputDir,
    (v) => {
      if (typeof v !== 'string' || v.trim() === '' || v.includes('\0'))
        throw flagError('outputDir', 'a folder path (a non-empty string)', v);
      outputDir = v;
    },
  );
  field(
    'maxVectorOps',
    () => maxVectorOps,
    (v) => {
      if (typeof v !== 'number' || !(v >= 0) || (v !== Infinity && !Number.isInteger(v))) {
        throw flagError('maxVectorOps', 'a whole number of operations, or Infinity', v);
      }
      maxVectorOps = v;
    },
  );
  field(
    'dpi',
    () => dpi,
    (v) => {
      if (!validDpi(v)) throw flagError('dpi', 'a number of pixels per inch from 1 to 2400', v);
      dpi = v;
    },
  );
  field(
    'svgText',
    () => svgText,
    (v) => {
      if (!(SVG_TEXT_MODES as readonly unknown[]).includes(v))
        throw flagError('svgText', "'text' or 'paths'", v);
      svgText = v as SvgText;
    },
  );
  field(
    'formats',
    () => formats,
    (v) => {
      formats = parseFormats(v as string | readonly string[], 'flags.formats');
    },
  );
  return flags;
}
