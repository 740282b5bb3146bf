import { dirname, isAbsolute, join, sep } from 'node:path';
import type { RunConfig, SimorgConfig } from '../config/types.js';
import type { HashCache } from './hash.js';
import type { InstalledPackages } from './packages.js';
import type { LatestRun } from './records.js';
import type { Dependency, DependencyState, Wanted } from './types.js';

// Judges one script against its own latest run, upstream scripts aside: which recorded
// dependencies changed, in plain words. Content hashes decide; mtimes only save re-hashing.

export interface JudgeContext {
  root: string;
  config: SimorgConfig;
  hashes: HashCache;
  packages: InstalledPackages;
  /** Per-command cache of canonical run config settings. */
  memo: Map<string, string>;
}

export interface OwnJudgement {
  deps: Dependency[];
  /** Reasons from this script's own dependencies (changed files, packages, run config). */
  changes: string[];
}

// Stored paths are already normalised ('/' separators, no '.' or '..'), so a concatenation does
// what join() would, at a fraction of the cost over 10,000 scripts.
export const absPath = (root: string, p: string): string =>
  isAbsolute(p) ? p : sep === '/' ? `${root}/${p}` : join(root, p);

// Files a script "reads" that are not its inputs: what node_modules holds is covered by package
// versions, and simorg's own folder changes on every run.
const inNodeModules = (p: string): boolean => /(^|\/)node_modules\//.test(p);
const ignoredRead = (p: string): boolean => inNodeModules(p) || p.startsWith('.simorg/');

export function judgeRun(ctx: JudgeContext, scriptPath: string, run: LatestRun, wanted: Wanted = {}): OwnJudgement {
  const deps: Dependency[] = [];
  const changes: string[] = [];
  const file = (kind: 'script' | 'module' | 'read', name: string, then: string | null): Dependency => {
    const now = ctx.hashes.hash(absPath(ctx.root, name))?.hash ?? null;
    const state: DependencyState = now === then ? 'unchanged' : now === null ? 'missing' : 'changed';
    const dep: Dependency = { kind, name, state, then, now };
    deps.push(dep);
    if (state !== 'unchanged') changes.push(`${kind === 'script' ? 'script' : name} ${state}`);
    return dep;
  };

  const scriptRow = run.files.find((f) => f.role === 'script');
  file('script', scriptPath, scriptRow ? scriptRow.hash : run.scriptHash);
  const seen = new Set([scriptPath]);
  for (const role of ['module', 'read'] as const) {
    for (const f of run.files) {
      if (f.role !== role || seen.has(f.path) || ignoredRead(f.path)) continue;
      seen.add(f.path);
      file(role, f.path, f.hash);
    }
  }

  const from = dirname(absPath(ctx.root, scriptPath));
  for (const [name, then] of Object.entries(parseObject(run.packagesJson))) {
    const was = String(then);
    const now = ctx.packages.version(from, name);
    const state: DependencyState = now === was ? 'unchanged' : now === null ? 'removed' : 'changed';
    deps.push({ kind: 'package', name, state, then: was, now });
    if (state === 'changed') changes.push(`package ${name} ${was} -> ${now}`);
    if (state === 'removed') changes.push(`package ${name} ${was} removed`);
  }

  const current = ctx.config.runConfigs[run.runConfig];
  const thenCfg = memo(ctx, `then\0${run.configJson}`, () => settingsOf(parseObject(run.configJson)));
  const nowCfg = current ? memo(ctx, `now\0${run.runConfig}`, () => settingsOf(current)) : null;
  const cfgState: DependencyState = nowCfg === null ? 'removed' : nowCfg === thenCfg ? 'unchanged' : 'changed';
  deps.push({ kind: 'run-config', name: run.runConfig, state: cfgState, then: thenCfg, now: nowCfg });
  if (cfgState !== 'unchanged') changes.push(`run config ${run.runConfig} ${cfgState}`);
  if (wanted.runConfig !== undefined && wanted.runConfig !== run.runConfig) {
    changes.push(`last run used run config ${run.runConfig}, not ${wanted.runConfig}`);
  }

  const argvThen = canonicalArgv(run.argvJson);
  const argvNow = wanted.argv === undefined ? argvThen : JSON.stringify(wanted.argv);
  const argvState: DependencyState = argvNow === argvThen ? 'unchanged' : 'changed';
  deps.push({ kind: 'argv', name: 'argv', state: argvState, then: argvThen, now: argvNow });
  if (argvState !== 'unchanged') changes.push('argv changed');
  return { deps, changes };
}

// Most runs share a handful of run configs: their canonical forms are computed once per command.
function memo(ctx: JudgeContext, key: string, make: () => string): string {
  let v = ctx.memo.get(key);
  if (v === undefined) ctx.memo.set(key, (v = make()));
  return v;
}

function parseObject(json: string): Record<string, unknown> {
  if (json === '{}') return {};
  try {
    const v: unknown = JSON.parse(json);
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function canonicalArgv(json: string): string {
  if (json === '[]') return json;
  try {
    const v: unknown = JSON.parse(json);
    return JSON.stringify(Array.isArray(v) ? v.map(String) : []);
  } catch {
    return '[]';
  }
}

/** The settings of a run config that change what a run does, as one comparable string. */
export function settingsOf(cfg: Partial<Record<keyof RunConfig, unknown>> | RunConfig): string {
  const env = cfg.env !== null && typeof cfg.env === 'object' ? (cfg.env as Record<string, unknown>) : {};
  const sortedEnv = Object.fromEntries(Object.keys(env).sort().map((k) => [k, env[k] ?? null]));
  const timeout = typeof cfg.timeout === 'number' ? cfg.timeout : null;
  const argv = Array.isArray(cfg.argv) ? cfg.argv.map(String) : [];
  return JSON.stringify({ timeout, env: sortedEnv, argv });
}
