// Checks a raw config object key by key. Every problem is collected (not only the first) with the
// key path it belongs to, so the loader can point at the line of each one.

import { BUILTIN_RUN_CONFIGS, KNOWN_FORMATS } from './defaults.js';
import { formatKeyPath, type KeyPath } from './key-path.js';
import { checkSlurmSettings } from './slurm-settings.js';
import { PARAM_NAME } from './params.js';
import { didYouMean } from './suggest.js';

export interface ConfigIssue {
  path: KeyPath;
  message: string;
}

type Check = (v: unknown, path: KeyPath, out: ConfigIssue[]) => void;

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  if (typeof v === 'object') return 'an object';
  return `the ${typeof v} ${String(v)}`;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

function expect(ok: boolean, expected: string): Check {
  const name = (path: KeyPath) => (path.length ? `'${formatKeyPath(path)}'` : 'the config');
  return (v, path, out) =>
    void (ok || out.push({ path, message: `${name(path)} must be ${expected}, got ${describeValue(v)}` }));
}
const check =
  (pred: (v: unknown) => boolean, expected: string): Check =>
  (v, path, out) =>
    expect(pred(v), expected)(v, path, out);

const str = check((v) => typeof v === 'string' && v.trim() !== '', 'a non-empty string');
const bool = check((v) => typeof v === 'boolean', 'true or false');
const strList = check(
  (v) => typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')),
  'a string or an array of strings',
);

// `__proto__` as a name would set an object's prototype wherever the map is copied the usual way:
// refused, so every other name (`toString`, `constructor`...) can stay a plain name.
function refusedName(k: string, path: KeyPath, out: ConfigIssue[]): boolean {
  if (k !== '__proto__') return false;
  out.push({
    path: [...path, k],
    message: `'${formatKeyPath([...path, k])}': '__proto__' cannot be used as a name; choose another`,
  });
  return true;
}

function objectOf(
  each: Check,
  what: string,
  keyCheck?: (k: string, path: KeyPath, out: ConfigIssue[]) => void,
): Check {
  return (v, path, out) => {
    if (!isObject(v)) return expect(false, what)(v, path, out);
    for (const [k, x] of Object.entries(v)) {
      if (refusedName(k, path, out)) continue;
      keyCheck?.(k, [...path, k], out);
      each(x, [...path, k], out);
    }
  };
}

// An object with known keys; unknown ones are reported with the closest known key.
function shape(keys: Record<string, Check>, what: string, required: string[] = []): Check {
  return (v, path, out) => {
    if (!isObject(v)) return expect(false, what)(v, path, out);
    for (const [k, x] of Object.entries(v)) {
      // Own keys only: `toString` or `constructor` are unknown keys, not Object.prototype's methods.
      const c = Object.hasOwn(keys, k) ? keys[k] : undefined;
      if (c) c(x, [...path, k], out);
      else
        out.push({
          path: [...path, k],
          message: `unknown key '${formatKeyPath([...path, k])}'${didYouMean(k, Object.keys(keys))}`,
        });
    }
    for (const k of required) {
      if (!Object.hasOwn(v, k)) out.push({ path, message: `'${formatKeyPath(path)}' needs a '${k}'` });
    }
  };
}

const monitorDir = shape(
  { path: str, recurse: bool, shouldExist: bool, autoTrack: bool, group: str },
  'a folder path or an object { path, recurse, shouldExist, autoTrack, group }',
  ['path'],
);

/** The longest timeout a timer can hold (2^31 - 1 ms, about 24.8 days); longer ones fire at once. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

// A variable name the OS can carry: not empty, no '=' (it ends the name), no NUL.
function envName(k: string, path: KeyPath, out: ConfigIssue[]): void {
  if (k === '' || k.includes('=') || k.includes('\0')) {
    out.push({
      path,
      message: `${JSON.stringify(k)} in '${formatKeyPath(path.slice(0, -1))}' is not a variable name (it must be non-empty, without '=' or NUL)`,
    });
  }
}

const slurm: Check = (v, path, out) => void out.push(...checkSlurmSettings(v, path));
// A parameter name a script can use as a key (config/params.ts).
function paramName(k: string, path: KeyPath, out: ConfigIssue[]): void {
  if (!PARAM_NAME.test(k))
    out.push({
      path,
      message: `${JSON.stringify(k)} in '${formatKeyPath(path.slice(0, -1))}' is not a parameter name (a letter or _, then letters, digits, _ . -)`,
    });
}

const runConfig = shape(
  {
    timeout: check(
      (v) => v === null || (typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= MAX_TIMEOUT_SECONDS),
      `a number of seconds greater than 0 and at most ${MAX_TIMEOUT_SECONDS} (24 days), or null for no timeout`,
    ),
    env: objectOf(
      check(
        (v) => v === null || typeof v === 'string' || typeof v === 'number',
        'a string, or null to unset the variable',
      ),
      'an object of variable names to values',
      envName,
    ),
    argv: check((v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'an array of strings'),
    killGrace: check(
      (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0,
      'a number of seconds (0 or more) between SIGTERM and SIGKILL',
    ),
    launcher: check(
      (v) => Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string' && x !== ''),
      'a non-empty array of words, e.g. ["mpirun", "-n", "4"]',
    ),
    slurm: slurm,
    params: objectOf(() => undefined, 'an object of parameter names to values', paramName),
  },
  'an object { timeout, env, argv, killGrace, launcher, slurm, params }',
);

const TOP: Record<string, Check> = {
  monitor: (v, path, out) => {
    if (!Array.isArray(v)) return expect(false, 'an array of folders')(v, path, out);
    v.forEach((m, i) =>
      typeof m === 'string' ? str(m, [...path, i], out) : monitorDir(m, [...path, i], out),
    );
  },
  groups: objectOf(strList, 'an object of group names to globs'),
  exclude: strList,
  runConfigs: objectOf(runConfig, 'an object of run config names to { timeout, env, argv }'),
  defaultRunConfig: str,
  database: str,
  outputDir: str,
  formats: (v, path, out) => {
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string'))
      return expect(false, 'an array of format names')(v, path, out);
    v.forEach((f: string, i) => {
      if (!KNOWN_FORMATS.includes(f))
        out.push({
          path: [...path, i],
          message: `unknown format '${f}' in 'formats'${didYouMean(f, KNOWN_FORMATS)}; known: ${KNOWN_FORMATS.join(', ')}`,
        });
    });
  },
  interpreters: objectOf(
    check(
      (v) =>
        (typeof v === 'string' && v.trim() !== '') ||
        (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')),
      'a command (string) or an array of strings',
    ),
    'an object of file extensions to commands',
  ),
  workers: check(
    (v) => typeof v === 'number' && Number.isInteger(v) && v > 0,
    'a whole number greater than 0',
  ),
  editor: str,
  slurm,
  // The space forms are checked where a sweep is read (src/sweep/config-space.ts), with their path.
  sweeps: objectOf(
    shape(
      {
        space: check((v) => isObject(v), 'an object (a space)'),
        seeds: check(
          (v) => typeof v === 'number' && Number.isInteger(v) && v > 0,
          'a whole number greater than 0',
        ),
      },
      'an object { space, seeds }',
      ['space'],
    ),
    'an object of sweep names to { space, seeds }',
  ),
};

/** The top-level keys a config may have. */
export const CONFIG_KEYS: readonly string[] = Object.keys(TOP);

// A NUL byte cannot be passed to a program (argv, environment, paths are C strings): found in any
// string of the config, it is reported where it is rather than failing a spawn later.
function findNul(v: unknown, path: KeyPath, out: ConfigIssue[]): void {
  if (typeof v === 'string') {
    if (v.includes('\0'))
      out.push({
        path,
        message: `'${formatKeyPath(path)}' contains a NUL byte (\\0), which no program can be given; remove it`,
      });
  } else if (Array.isArray(v)) v.forEach((x, i) => findNul(x, [...path, i], out));
  else if (isObject(v)) for (const [k, x] of Object.entries(v)) findNul(x, [...path, k], out);
}

export function validateConfig(raw: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  shape(TOP, 'an object')(raw, [], out);
  findNul(raw, [], out);
  if (out.length || !isObject(raw)) return out;
  // Cross-key check: the default must name a run config that exists after merging the built-ins.
  const names = new Set([
    ...Object.keys(BUILTIN_RUN_CONFIGS),
    ...Object.keys(isObject(raw.runConfigs) ? raw.runConfigs : {}),
  ]);
  const d = raw.defaultRunConfig;
  if (typeof d === 'string' && !names.has(d)) {
    out.push({
      path: ['defaultRunConfig'],
      message: `'defaultRunConfig' names the run config '${d}', which does not exist${didYouMean(d, names)}; run configs: ${[...names].join(', ')}`,
    });
  }
  return out;
}
