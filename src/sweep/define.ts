import { canonicalJson, PARAM_NAME, type Params } from '../config/params.js';
import type { SimorgConfig } from '../config/types.js';
import { UsageError } from '../errors.js';
import { configSweep } from './config-space.js';
import { filesSpace } from './files-space.js';
import { parseSweepOption, product, withSeeds, type Space } from './space.js';

// A sweep as a command defines it: a space from the config (by name) and/or `--sweep` options (their
// product), repeated `seeds` times, with the constant parameters (`--param`, `--params`) in every job.

export interface SweepDefinition {
  name: string;
  space: Space;
  /** How the space was given, kept with the sweep. */
  text: string;
  /** Keys whose value differs between jobs: the columns of its table, the names of its job folders. */
  varying: string[];
  /** Keys with one value in every job. */
  constant: Params;
}

export interface DefineOptions {
  /** A sweep of the config's `sweeps`. */
  configName?: string;
  /** `--sweep key=values`, each a dimension of the product. */
  sweeps?: string[];
  seeds?: number;
  /** Parameters every job gets. */
  base?: Params;
  /** The sweep's name (default: the config sweep's, else the swept keys joined by '-'). */
  name?: string;
  /** The project root, where `--sweep 'key=files(pattern)'` patterns are matched. */
  root?: string;
}

/** A sweep name is a folder name under figures/<script>/, and something to type. */
export const SWEEP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.,=+-]*$/;

export function defineSweep(config: SimorgConfig, o: DefineOptions): SweepDefinition {
  const parts: Space[] = [];
  const text: string[] = [];
  if (o.configName !== undefined) {
    const c = configSweep(config, o.configName);
    parts.push(c.space);
    text.push(`sweeps.${c.name} ${c.text}`);
  }
  for (const s of o.sweeps ?? []) {
    parts.push(sweepOption(s, o.root));
    text.push(`--sweep ${s}`);
  }
  if (!parts.length) {
    throw new UsageError('the sweep has an empty space: nothing to vary', {
      code: 'E_SWEEP_SPACE',
      hint: "give --sweep 'key=v1,v2' (repeatable), or the name of a sweep in the config",
    });
  }
  let space = product(parts, 'the sweep');
  if (o.seeds !== undefined) {
    space = withSeeds(space, o.seeds, '--seeds');
    text.push(`--seeds ${o.seeds}`);
  }
  const base = o.base ?? {};
  if (Object.keys(base).length) {
    space = product(
      [space, { points: [base], keys: Object.keys(base) }],
      'the sweep and its --param/--params',
    );
    text.push(...Object.entries(base).map(([k, v]) => `--param ${k}=${JSON.stringify(v)}`));
  }
  const name = o.name ?? o.configName ?? space.keys.filter((k) => !Object.hasOwn(base, k)).join('-');
  if (!SWEEP_NAME.test(name)) {
    throw new UsageError(`${JSON.stringify(name)} cannot name a sweep: it becomes a folder name`, {
      code: 'E_SWEEP_NAME',
      hint: 'use letters, digits and _ . , = + - (not starting with . or -), e.g. --name tau-scan',
    });
  }
  return { name, space, text: text.join(' '), ...splitKeys(space) };
}

// `key=files(pattern)`: the config's space of files, on the command line: one job per file matching
// the pattern (relative to the project root) as `key`, each {field} it captures a parameter.
const FILES = /^\s*([^=\s]+)\s*=\s*files\s*\((.*)\)\s*$/;

function sweepOption(text: string, root: string | undefined): Space {
  const m = FILES.exec(text);
  if (!m) return parseSweepOption(text);
  const [, key, pattern] = m as unknown as [string, string, string];
  const where = `--sweep ${key}`;
  if (!PARAM_NAME.test(key) || !pattern.trim() || root === undefined)
    throw new UsageError(`${where}: expected key=files(pattern), got ${JSON.stringify(text)}`, {
      code: 'E_SWEEP_SPACE',
      hint: "e.g. --sweep 'data=files(data/{subject}/*.csv)' (the pattern relative to the project root)",
    });
  return filesSpace(root, pattern.trim(), key, where);
}

/** The keys whose value differs between points, and the others with their one value. */
export function splitKeys(space: Space): { varying: string[]; constant: Params } {
  const varying: string[] = [];
  const constant: Params = {};
  for (const k of space.keys) {
    const values = new Set(space.points.map((p) => (Object.hasOwn(p, k) ? canonicalJson(p[k]) : '(none)')));
    if (values.size > 1) varying.push(k);
    else constant[k] = space.points[0]![k];
  }
  return { varying, constant };
}
