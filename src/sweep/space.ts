import { canonicalJson, PARAM_NAME, type Params } from '../config/params.js';
import { UsageError } from '../errors.js';
import { paramValue } from '../run/params.js';

// Parameter spaces, as Lancet builds them: a dimension is one key and its values; spaces combine by
// product (every combination, the first key varying slowest) and concatenation (one list after
// the other). A space is kept expanded, as the list of its parameter sets: sweeps are run job by
// job, and thousands of small objects cost nothing next to thousands of processes.

export interface Space {
  points: Params[];
  /** Every key of any point, in first-seen order. */
  keys: string[];
}

const err = (message: string, hint: string): UsageError =>
  new UsageError(message, { code: 'E_SWEEP_SPACE', hint });

/** The space of one key: `key` over `values`. */
export function dimension(key: string, values: unknown[], where = `--sweep ${key}`): Space {
  if (!PARAM_NAME.test(key))
    throw err(
      `${where}: ${JSON.stringify(key)} is not a parameter name`,
      'a name starts with a letter or _, then letters, digits, _ . -',
    );
  if (!values.length)
    throw err(`${where}: the space is empty (no values)`, `give at least one value, e.g. ${key}=0.01,0.02`);
  return { points: values.map((v) => ({ [key]: v })), keys: [key] };
}

/** Every combination of the points of `spaces`; a key on both sides is an error naming it. */
export function product(spaces: Space[], where = 'the sweep'): Space {
  let out: Space = { points: [{}], keys: [] };
  for (const s of spaces) {
    const clash = s.keys.find((k) => out.keys.includes(k));
    if (clash !== undefined) {
      throw err(
        `${where}: the key '${clash}' is on both sides of a product`,
        'give each key once, or join the spaces with concat (one after the other)',
      );
    }
    const points: Params[] = [];
    for (const a of out.points) for (const b of s.points) points.push({ ...a, ...b });
    out = { points, keys: [...out.keys, ...s.keys] };
  }
  return out;
}

/** The points of `spaces` one after the other; a parameter set met twice runs once. */
export function concat(spaces: Space[]): Space {
  const seen = new Set<string>();
  const points: Params[] = [];
  const keys: string[] = [];
  for (const s of spaces) {
    for (const p of s.points) {
      const id = canonicalJson(p);
      if (!seen.has(id)) (seen.add(id), points.push(p));
    }
    for (const k of s.keys) if (!keys.includes(k)) keys.push(k);
  }
  return { points, keys };
}

/** `seeds: N`: every point repeated with `seed` 0..N-1 (varying fastest). */
export function withSeeds(space: Space, n: number, where = 'seeds'): Space {
  if (!Number.isInteger(n) || n < 1)
    throw err(
      `${where}: ${JSON.stringify(n)} is not a whole number of repeats (1 or more)`,
      'e.g. --seeds 5',
    );
  return product(
    [
      space,
      dimension(
        'seed',
        Array.from({ length: n }, (_, i) => i),
        where,
      ),
    ],
    where,
  );
}

// Twelve significant digits: 0.1 * 3 is 0.3 here, as a person wrote it, not 0.30000000000000004.
const tidy = (x: number): number => Number(x.toPrecision(12));

/** `range(start, stop, count)`: `count` evenly spaced values from start to stop, both included. */
export function linear(start: number, stop: number, count: number, where: string): number[] {
  checkCount(count, where);
  if (count === 1) return [start];
  const step = (stop - start) / (count - 1);
  if (step === 0)
    throw err(
      `${where}: the range has a zero step (start and stop are both ${start})`,
      'give different start and stop, or a count of 1',
    );
  return Array.from({ length: count }, (_, i) => tidy(i === count - 1 ? stop : start + i * step));
}

/** `log(start, stop, count)`: `count` values evenly spaced on a log scale, both ends included. */
export function logarithmic(start: number, stop: number, count: number, where: string): number[] {
  checkCount(count, where);
  if (!(start > 0 && stop > 0))
    throw err(`${where}: a log range needs start and stop above 0`, 'e.g. log(1e-3, 1, 7)');
  if (count === 1) return [start];
  if (start === stop)
    throw err(
      `${where}: the range has a zero step (start and stop are both ${start})`,
      'give different start and stop, or a count of 1',
    );
  const [a, b] = [Math.log10(start), Math.log10(stop)];
  return Array.from({ length: count }, (_, i) =>
    tidy(i === count - 1 ? stop : 10 ** (a + ((b - a) * i) / (count - 1))),
  );
}

function checkCount(count: number, where: string): void {
  if (!Number.isInteger(count) || count < 1)
    throw err(
      `${where}: the count of values must be a whole number of 1 or more, got ${count}`,
      'e.g. range(100, 1000, 4) gives 100, 400, 700, 1000',
    );
}

const CALL = /^(range|log)\s*\(([^()]*)\)$/;

/** The values a sweep spec names: `range(a,b,n)`, `log(a,b,n)`, a JSON list, or `v1,v2,...`. */
export function specValues(spec: string, where: string): unknown[] {
  const t = spec.trim();
  const call = CALL.exec(t);
  if (call) {
    const args = call[2]!.split(',').map((a) => a.trim());
    const nums = args.map(Number);
    if (args.length !== 3 || nums.some((x) => !Number.isFinite(x)) || args.some((a) => a === '')) {
      throw err(
        `${where}: ${call[1]}() takes three numbers (start, stop, count), got (${call[2]})`,
        `e.g. ${call[1]}(${call[1] === 'log' ? '1e-3, 1, 7' : '100, 1000, 4'})`,
      );
    }
    return (call[1] === 'range' ? linear : logarithmic)(nums[0]!, nums[1]!, nums[2]!, where);
  }
  if (/^[a-z_]+\s*\(/i.test(t))
    throw err(
      `${where}: unknown function in ${JSON.stringify(t)}`,
      'the functions are range(start, stop, count), log(start, stop, count) and files(pattern)',
    );
  if (t.startsWith('[')) {
    let v: unknown;
    try {
      v = JSON.parse(t);
    } catch (cause) {
      throw err(
        `${where}: ${JSON.stringify(t)} starts like a JSON list but is not one: ${(cause as Error).message}`,
        'e.g. sizes=[[1,2],[3,4]] for two list values',
      );
    }
    return v as unknown[];
  }
  if (t === '') return [];
  const items = t.split(',').map((x) => x.trim());
  if (items.some((x) => x === ''))
    throw err(
      `${where}: an empty value in ${JSON.stringify(t)}`,
      'separate values with single commas, e.g. tau=0.01,0.02',
    );
  return items.map(paramValue);
}

/** One `--sweep key=spec` option as a space. */
export function parseSweepOption(text: string): Space {
  const eq = text.indexOf('=');
  const key = eq > 0 ? text.slice(0, eq).trim() : '';
  if (eq < 0 || !PARAM_NAME.test(key)) {
    throw err(
      `unknown sweep syntax ${JSON.stringify(text)}: expected name=values`,
      "e.g. --sweep 'tau=0.01,0.02' --sweep 'n=range(100,1000,4)' --sweep 'g=log(1e-3,1,7)'",
    );
  }
  const where = `--sweep ${key}`;
  return dimension(key, specValues(text.slice(eq + 1), where), where);
}
