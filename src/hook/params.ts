// `params({ tau: 0.01, n: 100 })`: the defaults a script declares, with the values of the run that
// started it over them. The runner writes them to a JSON file named by SIMORG_PARAMS; without it
// (the script run by hand) the defaults are the answer, so the script runs standalone too.
import { readFileSync } from 'node:fs';
import { hookState } from './state.js';

const KEY = 'runParams';

/** The run's parameters as given (read once per process), or {} outside a run with parameters. */
export function runParams(): Record<string, unknown> {
  const s = hookState();
  let p = s[KEY] as Record<string, unknown> | undefined;
  if (p) return p;
  const file = process.env.SIMORG_PARAMS;
  if (!file) p = {};
  else {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(file, 'utf8'));
    } catch (err) {
      throw new Error(
        `simorg: cannot read the run's parameters from SIMORG_PARAMS (${file}): ${(err as Error).message}`,
      );
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      throw new Error(`simorg: SIMORG_PARAMS (${file}) must hold a JSON object of name: value pairs`);
    }
    p = raw as Record<string, unknown>;
  }
  s[KEY] = p;
  return p;
}

/** The defaults with the run's values over them; every parameter of the run when called without defaults. */
export function params<T extends Record<string, unknown>>(defaults?: T): T {
  if (
    defaults !== undefined &&
    (defaults === null || typeof defaults !== 'object' || Array.isArray(defaults))
  ) {
    throw new TypeError(
      `simorg: params() takes an object of defaults, e.g. params({ tau: 0.01 }); got ${Array.isArray(defaults) ? 'an array' : typeof defaults}`,
    );
  }
  return { ...(defaults ?? {}), ...runParams() } as T;
}
