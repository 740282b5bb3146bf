// The errors a script can get from the hook, each with a stable `code` (the hook imports nothing of
// the core, so it keeps its own list; src/errors.ts has the core's).
import { KNOWN_FORMATS } from './formats.js';

export const HOOK_ERROR_CODES = {
  E_FLAG: 'a flags field set to a value of the wrong type',
  E_FORMATS: 'an unknown or empty list of figure formats',
  E_FIGURE: 'figure(x, options) called with options of the wrong shape',
  E_SAVE_OPTIONS: 'saveFigures(options) called with options of the wrong shape',
  E_EPS: 'EPS wanted but neither pdftops nor gs is on PATH',
} as const;

export type HookErrorCode = keyof typeof HOOK_ERROR_CODES;

/** A wrong argument to the hook's API: a TypeError (what JavaScript throws for one) with a code. */
export function hookTypeError(code: HookErrorCode, message: string): TypeError & { code: HookErrorCode } {
  return Object.assign(new TypeError(message), { code });
}

/** What a script passing `got` sees named: null, a list, or its type. */
export function kindOfValue(got: unknown): string {
  return got === null ? 'null' : Array.isArray(got) ? 'a list' : typeof got;
}

class FormatsErrorClass extends Error {
  readonly code: HookErrorCode = 'E_FORMATS';
  constructor(bad: string[], source: string) {
    super(
      `simorg: ${source} has unknown format${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')}; ` +
        `valid formats are ${KNOWN_FORMATS.join(', ')}`,
    );
    this.name = 'FormatsError';
  }
}

// One class per process, however many copies of this file load (the bundled register.js, the
// CommonJS build): what the flags' setter throws is what `instanceof FormatsError` checks.
const classes = globalThis as unknown as Record<symbol, typeof FormatsErrorClass | undefined>;
export const FormatsError: typeof FormatsErrorClass = (classes[Symbol.for('simorg.FormatsError')] ??=
  FormatsErrorClass);
export type FormatsError = FormatsErrorClass;

/** EPS is made from the PDF by an external converter; without one, that format is skipped with this line. */
export class EpsUnavailable extends Error {
  readonly code: HookErrorCode = 'E_EPS';
  constructor() {
    super(
      'simorg: eps could not be made: install poppler-utils (pdftops) or ghostscript (gs) and put it on PATH',
    );
    this.name = 'EpsUnavailable';
  }
}
