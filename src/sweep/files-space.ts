import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PARAM_NAME, type Params } from '../config/params.js';
import { UsageError } from '../errors.js';
import { paramValue } from '../run/params.js';
import { dimension, type Space } from './space.js';

// A space of files: `{ "files": "data/{subject}/run{run}.csv" }` is one job per matching file, with
// the file (relative to the project root) as `file` (or the key given as `as`) and each {field} the
// pattern captures as a parameter of its own: subject=s01, run=3. `*` matches within one folder
// name; a field matches within one folder name too, and the same field twice must match the same.

const FIELD = /\{([^{}]*)\}/g;

/** One folder-level segment of the pattern as a regular expression, with its field names. */
function segment(seg: string, where: string): { re: RegExp; fields: string[] } | null {
  if (!seg.includes('*') && !seg.includes('{')) return null;
  const fields: string[] = [];
  let src = '';
  let last = 0;
  for (const m of seg.matchAll(FIELD)) {
    const name = m[1]!;
    if (!PARAM_NAME.test(name))
      throw new UsageError(`${where}: {${name}} is not a field name`, {
        code: 'E_SWEEP_SPACE',
        hint: 'e.g. data/{subject}/run{run}.csv',
      });
    src +=
      literal(seg.slice(last, m.index)) + (fields.includes(name) ? `\\k<${name}>` : `(?<${name}>[^/]+?)`);
    if (!fields.includes(name)) fields.push(name);
    last = m.index! + m[0].length;
  }
  src += literal(seg.slice(last));
  return { re: new RegExp(`^${src}$`), fields };
}

const literal = (s: string): string => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*');

// A captured text keeps its zeros (run01 stays "01"); otherwise it is typed as --param types it.
const typed = (text: string): unknown => (/^[+-]?0\d/.test(text) ? text : paramValue(text));

/** The files under `root` matching `pattern`, in path order, as a space. */
export function filesSpace(root: string, pattern: string, as = 'file', where = 'files'): Space {
  if (pattern.startsWith('/') || pattern.split('/').includes('..')) {
    throw new UsageError(`${where}: ${JSON.stringify(pattern)} must be a pattern inside the project`, {
      code: 'E_SWEEP_SPACE',
      hint: 'e.g. data/{subject}/run{run}.csv',
    });
  }
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const compiled = segs.map((s) => segment(s, where));
  const found: Array<{ path: string; fields: Params }> = [];
  const walk = (i: number, rel: string, fields: Params, texts: Record<string, string>) => {
    if (i === segs.length) {
      if (Object.hasOwn(fields, as))
        throw new UsageError(`${where}: the field {${as}} has the name the file itself takes`, {
          code: 'E_SWEEP_SPACE',
          hint: 'rename the field, or give the file another key with "as"',
        });
      if (existsSync(join(root, rel))) found.push({ path: rel, fields });
      return;
    }
    const c = compiled[i];
    const next = (name: string, more: Record<string, string>) => {
      const all = { ...texts, ...more };
      // A field met in an earlier folder must have the same text here.
      if (Object.entries(more).some(([k, v]) => Object.hasOwn(texts, k) && texts[k] !== v)) return;
      walk(
        i + 1,
        rel ? `${rel}/${name}` : name,
        { ...fields, ...Object.fromEntries(Object.entries(more).map(([k, v]) => [k, typed(v)])) },
        all,
      );
    };
    if (!c) return next(segs[i]!, {});
    let names: string[];
    try {
      names = readdirSync(rel ? join(root, rel) : root).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const m = c.re.exec(name);
      if (m) next(name, { ...(m.groups ?? {}) });
    }
  };
  walk(0, '', {}, {});
  if (!found.length)
    throw new UsageError(`${where}: no file matches ${JSON.stringify(pattern)}`, {
      code: 'E_SWEEP_SPACE',
      hint: 'the pattern is relative to the project root',
    });
  const space = dimension(
    as,
    found.map((f) => f.path),
    where,
  );
  space.points = found.map((f) => ({ [as]: f.path, ...f.fields }));
  space.keys = [as, ...new Set(found.flatMap((f) => Object.keys(f.fields)))];
  return space;
}
