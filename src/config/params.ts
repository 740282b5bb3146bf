// A run's parameters, wherever they come from (`--param`, a params file, a run config's `params`,
// a sweep): the name rule, and the one canonical text they are stored and compared in, so that two
// runs with the same values are the same run to freshness whatever order the values came in.

export type ParamValue = unknown;
export type Params = Record<string, ParamValue>;

/** A parameter name: what a script can use as a key and a CSV header can hold without quoting. */
export const PARAM_NAME = /^(?!__proto__$)[A-Za-z_][A-Za-z0-9_.-]*$/;

/** A run's parameters: its run config's, then the ones it was given. Keys sorted, so equal sets are equal text. */
export function effectiveParams(fromRunConfig: Params | undefined, given: Params | undefined): Params {
  return sortKeys({ ...(fromRunConfig ?? {}), ...(given ?? {}) }) as Params;
}

/** JSON with object keys sorted at every level: the form parameters are stored and compared in. */
export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .sort()
      .map((k) => [k, sortKeys(o[k])]),
  );
}

/** A value as a reason or a table shows it: text as is, everything else as JSON; `(none)` when absent. */
export function paramText(v: unknown): string {
  if (v === undefined) return '(none)';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `tau=0.02 n=100`: parameters in one line, in key order. */
export const paramsLine = (p: Params): string =>
  Object.keys(p)
    .sort()
    .map((k) => `${k}=${paramText(p[k])}`)
    .join(' ');
