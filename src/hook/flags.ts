// SIMORG_* environment variables -> the flags object. Read once at load; code may override any
// field afterwards (`flags.saveAll = true`), and what the flags say at save time is what counts.

export const KNOWN_FORMATS = ['png', 'svg', 'pdf', 'jpg', 'eps'] as const;
export type Format = (typeof KNOWN_FORMATS)[number];
export const VECTOR_FORMATS: readonly Format[] = ['svg', 'pdf', 'eps'];

export interface Flags {
  saveAll: boolean;
  noShow: boolean;
  formats: Format[];
  /** Output folder; relative paths are taken from the script's folder. */
  outputDir: string;
}

const OFF = new Set(['0', 'false', 'no', 'off']);

/** A SIMORG_* switch is on when set, whatever the value (even empty), except 0/false/no/off. */
export function envSwitch(value: string | undefined): boolean {
  return value !== undefined && !OFF.has(value.trim().toLowerCase());
}

export class FormatsError extends Error {
  constructor(bad: string[], source: string) {
    super(
      `simorg: ${source} has unknown format${bad.length > 1 ? 's' : ''} ${bad.map((b) => `'${b}'`).join(', ')}; ` +
        `valid formats are ${KNOWN_FORMATS.join(', ')}`,
    );
    this.name = 'FormatsError';
  }
}

export function parseFormats(value: string | readonly string[], source = 'SIMORG_FORMATS'): Format[] {
  const items = (typeof value === 'string' ? value.split(',') : [...value])
    .map((s) => s.trim().toLowerCase().replace(/^\./, ''))
    .map((s) => (s === 'jpeg' ? 'jpg' : s))
    .filter((s) => s !== '');
  const bad = items.filter((s) => !(KNOWN_FORMATS as readonly string[]).includes(s));
  if (bad.length) throw new FormatsError(bad, source);
  if (!items.length) throw new FormatsError(['(empty)'], source);
  return [...new Set(items)] as Format[];
}

export function flagsFromEnv(env: NodeJS.ProcessEnv = process.env): Flags {
  return {
    saveAll: envSwitch(env.SIMORG_SAVEALL),
    noShow: envSwitch(env.SIMORG_NOSHOW),
    formats: env.SIMORG_FORMATS === undefined ? ['png', 'svg', 'pdf'] : parseFormats(env.SIMORG_FORMATS),
    outputDir: env.SIMORG_OUTPUT_DIR || '_output',
  };
}
