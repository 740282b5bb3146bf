// The Slurm settings a config may hold (`slurm: {...}` at the top, and per run config), checked
// here and merged with the command line by src/backends/slurm-options.ts.
import type { KeyPath } from './key-path.js';
import { formatKeyPath } from './key-path.js';
import type { SlurmSettings } from './types.js';

export interface SlurmIssue {
  path: KeyPath;
  message: string;
}

// Slurm's own forms: minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM, D-HH:MM:SS.
const TIME = /^(\d+|\d+:\d+|\d+:\d+:\d+|\d+-\d+|\d+-\d+:\d+|\d+-\d+:\d+:\d+)$/;
// A size in megabytes, or with a K, M, G or T suffix.
const MEM = /^\d+[KMGT]?$/i;
// A count, or a GPU type and count as --gpus takes it (a100:2).
const GPUS = /^([A-Za-z0-9_-]+:)?\d+$/;

type Rule = { key: keyof SlurmSettings; ok: (v: unknown) => boolean; expected: string };

const positiveInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v > 0;
const word = (v: unknown) => typeof v === 'string' && /^[\w.-]+$/.test(v);

const RULES: Rule[] = [
  {
    key: 'partition',
    ok: (v) => typeof v === 'string' && /^[\w.,-]+$/.test(v),
    expected: 'a partition name (or names separated by commas)',
  },
  {
    key: 'time',
    ok: (v) => positiveInt(v) || (typeof v === 'string' && TIME.test(v)),
    expected: 'minutes, or a Slurm time such as 30, 2:00:00 or 1-12:00',
  },
  {
    key: 'mem',
    ok: (v) => positiveInt(v) || (typeof v === 'string' && MEM.test(v)),
    expected: 'megabytes, or a size such as 500M or 4G',
  },
  { key: 'cpus', ok: positiveInt, expected: 'a whole number greater than 0' },
  {
    key: 'gpus',
    ok: (v) => positiveInt(v) || (typeof v === 'string' && GPUS.test(v)),
    expected: 'a number of GPUs, or type:number (a100:2)',
  },
  { key: 'account', ok: word, expected: 'an account name' },
  { key: 'ntasks', ok: positiveInt, expected: 'a whole number greater than 0' },
  { key: 'cpusPerTask', ok: positiveInt, expected: 'a whole number greater than 0' },
  {
    key: 'sbatch',
    ok: (v) => Array.isArray(v) && v.every((x) => typeof x === 'string' && x.startsWith('-')),
    expected: 'an array of sbatch options, each starting with -',
  },
];

export const SLURM_KEYS: readonly string[] = RULES.map((r) => r.key);

/** The problems of one `slurm` object at `path`, each naming its key and what was expected. */
export function checkSlurmSettings(v: unknown, path: KeyPath): SlurmIssue[] {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) {
    return [{ path, message: `'${formatKeyPath(path)}' must be an object { ${SLURM_KEYS.join(', ')} }` }];
  }
  const out: SlurmIssue[] = [];
  for (const [k, x] of Object.entries(v)) {
    const rule = RULES.find((r) => r.key === k);
    const p = [...path, k];
    if (!rule)
      out.push({
        path: p,
        message: `unknown key '${formatKeyPath(p)}'; Slurm settings are: ${SLURM_KEYS.join(', ')}`,
      });
    else if (!rule.ok(x))
      out.push({
        path: p,
        message: `'${formatKeyPath(p)}' must be ${rule.expected}, got ${JSON.stringify(x)}`,
      });
  }
  return out;
}

/** One checked `slurm` object as settings (call after checkSlurmSettings found nothing). */
export function slurmSettings(v: unknown): SlurmSettings {
  const o = (v ?? {}) as Record<string, unknown>;
  const out: SlurmSettings = {};
  for (const { key } of RULES) {
    const x = o[key];
    if (x === undefined) continue;
    if (key === 'sbatch') out.sbatch = (x as string[]).slice();
    else if (key === 'cpus' || key === 'ntasks' || key === 'cpusPerTask') out[key] = x as number;
    else out[key] = String(x);
  }
  return out;
}

/** Whether `v` is a Slurm time limit as `--time` takes it. */
export const isSlurmTime = (v: string): boolean => TIME.test(v);
/** Whether `v` is a memory size as `--mem` takes it. */
export const isSlurmMem = (v: string): boolean => MEM.test(v);
/** Whether `v` is a GPU request as `--gpus` takes it. */
export const isSlurmGpus = (v: string): boolean => GPUS.test(v);
