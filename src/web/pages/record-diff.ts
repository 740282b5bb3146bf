import type { RunRecord } from '../../store/run-record.js';

// The differences between two run records, as rows of (what, A, B): code, config, params, env,
// inputs and packages. What is the same is left out; files compare by content hash.

export interface DiffRow {
  section: string;
  name: string;
  a: string;
  b: string;
}

const show = (v: unknown): string =>
  v === undefined || v === null ? '-' : typeof v === 'string' ? v : JSON.stringify(v);

export function recordDiff(a: RunRecord, b: RunRecord): DiffRow[] {
  const rows: DiffRow[] = [];
  const add = (section: string, name: string, x: unknown, y: unknown) => {
    if (show(x) !== show(y)) rows.push({ section, name, a: show(x), b: show(y) });
  };
  add('code', 'script', a.scriptHash?.slice(0, 12), b.scriptHash?.slice(0, 12));
  add('code', 'git commit', a.git.commit, b.git.commit);
  add('code', 'git dirty', a.git.dirty, b.git.dirty);
  add('config', 'run config', a.runConfig, b.runConfig);
  add('config', 'timeout', a.config.timeout, b.config.timeout);
  add('config', 'env set', a.config.env, b.config.env);
  add('config', 'argv', [...(a.config.argv ?? []), ...a.argv], [...(b.config.argv ?? []), ...b.argv]);
  for (const k of keys(a.params, b.params)) add('params', k, a.params[k], b.params[k]);
  for (const k of keys(a.metrics, b.metrics)) add('metrics', k, a.metrics[k], b.metrics[k]);
  for (const k of keys(a.environment, b.environment)) add('env', k, a.environment[k], b.environment[k]);
  for (const role of ['module', 'read'] as const) {
    const fa = new Map(
      a.files.filter((f) => f.role === role).map((f) => [f.path, f.hash?.slice(0, 12) ?? '(gone)']),
    );
    const fb = new Map(
      b.files.filter((f) => f.role === role).map((f) => [f.path, f.hash?.slice(0, 12) ?? '(gone)']),
    );
    for (const p of keys(Object.fromEntries(fa), Object.fromEntries(fb)))
      add(role === 'read' ? 'inputs' : 'modules', p, fa.get(p), fb.get(p));
  }
  for (const k of keys(a.packages, b.packages)) add('packages', k, a.packages[k], b.packages[k]);
  add('outcome', 'status', a.status, b.status);
  add('outcome', 'error', a.error?.message, b.error?.message);
  return rows;
}

const keys = (x: object, y: object): string[] => [...new Set([...Object.keys(x), ...Object.keys(y)])].sort();
