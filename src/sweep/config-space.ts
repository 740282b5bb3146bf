import { UsageError } from '../errors.js';
import type { SimorgConfig } from '../config/types.js';
import { filesSpace } from './files-space.js';
import { concat, dimension, product, specValues, withSeeds, type Space } from './space.js';

// The `sweeps:` key of the config: named spaces with Lancet's product and concatenation.
//
//   "sweeps": {
//     "grid": { "space": { "tau": [0.01, 0.02], "n": "range(100, 1000, 4)" }, "seeds": 3 },
//     "mixed": { "space": { "concat": [{ "model": "lif", "tau": [0.01, 0.02] }, { "model": "adex", "a": "log(1e-3, 1, 4)" }] } }
//   }
//
// A plain object is the product of its keys (in order); `{ "product": [...] }` and
// `{ "concat": [...] }` combine spaces; a key's values are a list, a string as `--sweep` takes it
// (`"0.01,0.02"`, `"range(...)"`, `"log(...)"`), or one value. `{ "files": "data/{subject}/*.csv" }`
// is one job per file, with the fields the pattern captures (files-space.ts).

export interface ConfigSweep {
  name: string;
  space: Space;
  /** The space as written, for the sweep's record. */
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);
const bad = (where: string, what: string): UsageError =>
  new UsageError(`${where}: ${what}`, {
    code: 'E_SWEEP_SPACE',
    hint: 'see "sweeps" in .simorgrc.example for the forms a space takes',
  });

export function spaceFrom(v: unknown, where: string, root: string): Space {
  if (!isObject(v))
    throw bad(
      where,
      'a space is an object: { key: values, ... }, { product: [...] }, { concat: [...] } or { files: pattern }',
    );
  if (Object.hasOwn(v, 'files')) {
    const extra = Object.keys(v).filter((k) => k !== 'files' && k !== 'as');
    if (extra.length) throw bad(where, `'files' takes only 'as' beside it, not '${extra[0]}'`);
    if (typeof v.files !== 'string' || !v.files.trim())
      throw bad(`${where}.files`, 'must be a pattern such as "data/{subject}/run{run}.csv"');
    if (v.as !== undefined && (typeof v.as !== 'string' || !v.as))
      throw bad(`${where}.as`, 'must be a parameter name');
    return filesSpace(root, v.files, (v.as as string | undefined) ?? 'file', `${where}.files`);
  }
  const ops = ['product', 'concat'].filter((k) => Object.hasOwn(v, k));
  if (ops.length) {
    const op = ops[0]!;
    if (Object.keys(v).length !== 1)
      throw bad(where, `'${op}' stands alone in its object; put the other keys in one of its spaces`);
    const list = v[op];
    if (!Array.isArray(list) || !list.length)
      throw bad(`${where}.${op}`, 'must be a non-empty list of spaces');
    const parts = list.map((s, i) => spaceFrom(s, `${where}.${op}[${i}]`, root));
    return op === 'product' ? product(parts, `${where}.product`) : concat(parts);
  }
  const keys = Object.keys(v);
  if (!keys.length) throw bad(where, 'the space is empty (no keys)');
  return product(
    keys.map((k) => dimension(k, valuesOf(v[k], `${where}.${k}`), `${where}.${k}`)),
    where,
  );
}

function valuesOf(v: unknown, where: string): unknown[] {
  if (Array.isArray(v)) return v;
  if (typeof v === 'string') return specValues(v, where);
  return [v];
}

/** The sweep `name` of the config; an unknown name is an error listing the known ones. */
export function configSweep(config: SimorgConfig, name: string): ConfigSweep {
  const all = config.sweeps ?? {};
  const entry = Object.hasOwn(all, name) ? all[name] : undefined;
  if (entry === undefined) {
    const names = Object.keys(all);
    throw new UsageError(`no sweep '${name}' in the config`, {
      code: 'E_NO_SWEEP',
      hint: names.length
        ? `sweeps in the config: ${names.join(', ')}`
        : 'define one under "sweeps" in the config file, or give --sweep key=values',
    });
  }
  const where = `sweeps.${name}`;
  if (!isObject(entry) || !Object.hasOwn(entry, 'space'))
    throw bad(where, 'needs a "space" (and may have "seeds")');
  let space = spaceFrom(entry.space, `${where}.space`, config.root);
  if (entry.seeds !== undefined) space = withSeeds(space, entry.seeds as number, `${where}.seeds`);
  return { name, space, text: JSON.stringify(entry) };
}
