// SIMORG_* environment variables -> the flags object. Read once at load; code may override any
// field afterwards (`flags.saveAll = true`), and what the flags say at save time is what counts.

export const KNOWN_FORMATS = ['png', 'svg', 'pdf', 'jpg', 'eps'] as const;
export type Format = (typeof KNOWN_FORMATS)[number];
export const VECTOR_FORMATS: readonly Format[] = ['svg', 'pdf', 'eps'];
export const DEFAULT_FORMATS: readonly Format[] = ['png', 'svg', 'pdf'];

export interface Flags {
  saveAll: boolean;
  noShow: boolean;
  /** Assigning validates: unknown formats throw a FormatsError naming the valid ones. */
  formats: Format[];
  /** Output folder; relative paths are taken from the script's folder. */
  outputDir: string;
}

const OFF = new Set(['0', 'false', 'no', 'off']);

/** A SIMORG_* switch is on when set, whatever the value (even empty), except 0/false/no/off. */
export function envSwitch(value: string | undefined): boolean {
  return value !== undefined && !OFF.has(value.trim().toLowerCase());
}

class FormatsErrorClass extends Error {
  readonly code = 'E_FORMATS';
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
export const FormatsError: typeof FormatsErrorClass = (classes[Symbol.for('simorg.FormatsError')] ??= FormatsErrorClass);
export type FormatsError = FormatsErrorClass;

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
export function flagsFromEnv(env: NodeJS.ProcessEnv = process.env, warn: (line: string) => void = () => {}): Flags {
  let formats: Format[] = [...DEFAULT_FORMATS];
  if (env.SIMORG_FORMATS !== undefined) {
    try {
      formats = parseFormats(env.SIMORG_FORMATS);
    } catch (err) {
      warn(`${(err as Error).message}; using the default ${DEFAULT_FORMATS.join(',')}`);
    }
  }
  return {
    saveAll: envSwitch(env.SIMORG_SAVEALL),
    noShow: envSwitch(env.SIMORG_NOSHOW),
    formats,
    outputDir: env.SIMORG_OUTPUT_DIR || '_output',
  };
}

/** The live flags object: plain fields, except `formats`, which validates what code assigns. */
export function createFlags(initial: Flags): Flags {
  let formats = initial.formats;
  const flags = {
    saveAll: initial.saveAll,
    noShow: initial.noShow,
    outputDir: initial.outputDir,
  } as Flags;
  Object.defineProperty(flags, 'formats', {
    enumerable: true,
    get: () => formats,
    set: (v: string | readonly string[]) => {
      formats = parseFormats(v, 'flags.formats');
    },
  });
  return flags;
}
