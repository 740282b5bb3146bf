// saveFigures(options) as a script may call it, checked before anything is saved.
import { hookTypeError, kindOfValue } from '../errors.js';
import { entryOf } from '../figures.js';
import { parseFormats } from '../flags.js';
import type { FigureInfo } from '../figures.js';
import type { Format } from '../flags.js';
import type { FigureEntry } from '../state.js';

export interface SaveOptions {
  /** Folder holding the <fmt>/ folders; default `<scriptdir>/<outputDir>/figures/<script>`. */
  root?: string;
  formats?: Format[];
  /** Print `Saving File` lines (default true). */
  print?: boolean;
  /** Save only these figures, from figures() (their numbering stays that of the whole list). */
  only?: ReadonlySet<FigureInfo | FigureEntry>;
}

/** saveFigures(options) as a script may call it: wrong types named here, not as a raw TypeError later. */
export function checkSaveOptions(options: unknown): SaveOptions {
  const bad = (what: string, got: unknown) =>
    hookTypeError('E_SAVE_OPTIONS', `simorg: saveFigures(options): ${what}, got ${kindOfValue(got)}`);
  if (options === undefined) return {};
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    throw bad("options must be an object like { formats: ['png'] }", options);
  const o = options as Record<string, unknown>;
  if (o.root !== undefined && (typeof o.root !== 'string' || o.root === ''))
    throw bad('root must be a folder path (a non-empty string)', o.root);
  if (o.print !== undefined && typeof o.print !== 'boolean')
    throw bad('print must be true or false', o.print);
  if (o.only !== undefined && !(o.only instanceof Set))
    throw bad('only must be a Set of figures (from figures())', o.only);
  if (o.only !== undefined) {
    const stray = [...(o.only as Set<unknown>)].find((f) => !entryOf(f));
    if (stray !== undefined) throw bad('only must hold figures as figures() returns them', stray);
  }
  const out: SaveOptions = { ...(o as SaveOptions) };
  if (o.formats !== undefined)
    out.formats = parseFormats(o.formats as string | readonly string[], 'saveFigures({ formats })');
  return out;
}
