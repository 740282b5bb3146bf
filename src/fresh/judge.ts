import { dirname, extname, isAbsolute, join, sep } from 'node:path';
import { NODE_SCRIPT_EXTENSIONS } from '../config/defaults.js';
import type { RunConfig, SimorgConfig } from '../config/types.js';
import type { HashCache } from './hash.js';
import type { InstalledPackages } from './packages.js';
import type { LatestRun, RunFile } from '../store/latest-runs.js';
import { isRuntimeFile } from '../store/runtime-files.js';
import type { Dependency, DependencyState, Wanted } from './types.js';
import { canonicalJson, paramText } from '../config/params.js';

// Judges one script against its own latest run, upstream scripts aside: which recorded
// dependencies changed, in plain words. Content hashes decide; mtimes only save re-hashing.

export interface JudgeContext {
  root: string;
  config: SimorgConfig;
  hashes: HashCache;
  packages: InstalledPackages;
  /** Per-command caches of canonical run config settings: recorded (by JSON) and configured now (by name). */
  settings: { then: Map<string, string>; now: Map<string, string> };
  /** Per-command cache of content hashes now, by path as stored (null: missing). */
  now: Map<string, string | null>;
}

/** The content hash now of a file named as run_files stores it. */
export function hashNow(ctx: JudgeContext, stored: string): string | null {
  let h = ctx.now.get(stored);
  if (h === undefined) ctx.now.set(stored, (h = ctx.hashes.hash(absPath(ctx.root, stored))?.hash ?? null));
  return h;
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

/**
 * `modules` are the modules the run loaded, by path; a module whose file is known unchanged may be
 * left out (StatusIndex does, to judge many scripts at once), and then `deps` is incomplete: pass
 * `listDeps` false not to make it at all.
 */
export function judgeRun(
  ctx: JudgeContext,
  scriptPath: string,
  run: LatestRun,
  modules: RunFile[],
  wanted: Wanted = {},
  listDeps = true,
): OwnJudgement {
  const deps: Dependency[] = [];
  const dep = (d: Dependency) => {
    if (listDeps) deps.push(d);
    return d;
  };
  const changes: string[] = [];
  const file = (kind: 'script' | 'module' | 'read', name: string, then: string | null): Dependency => {
    const now = hashNow(ctx, name);
    const state: DependencyState = now === then ? 'unchanged' : now === null ? 'missing' : 'changed';
    if (state !== 'unchanged') changes.push(`${kind === 'script' ? 'script' : name} ${state}`);
    return dep({ kind, name, state, then, now });
  };

  // Each path once: as the script, else as a module, else as a file read.
  file('script', scriptPath, run.scriptThen);
  for (const f of modules)
    if (f.path !== scriptPath && !isRuntimeFile(f.path)) file('module', f.path, f.hash);
  for (const f of run.io) {
    // run.io holds no runtime files (loadLatestRuns leaves them out).
    if (f.role === 'read' && !f.shadowed && f.path !== scriptPath) file('read', f.path, f.hash);
  }

  const from = dirname(absPath(ctx.root, scriptPath));
  for (const [name, then] of Object.entries(parseObject(run.packagesJson))) {
    const was = String(then);
    const now = ctx.packages.version(from, name);
    const state: DependencyState = now === was ? 'unchanged' : now === null ? 'removed' : 'changed';
    dep({ kind: 'package', name, state, then: was, now });
    if (state === 'changed') changes.push(`package ${name} ${was} -> ${now}`);
    if (state === 'removed') changes.push(`package ${name} ${was} removed`);
  }

  const current = ctx.config.runConfigs[run.runConfig];
  const thenCfg = memo(ctx.settings.then, run.configJson, () => settingsOf(parseObject(run.configJson)));
  const nowCfg = current ? memo(ctx.settings.now, run.runConfig, () => settingsOf(current)) : null;
  const cfgState: DependencyState =
    nowCfg === null ? 'removed' : nowCfg === thenCfg ? 'unchanged' : 'changed';
  dep({ kind: 'run-config', name: run.runConfig, state: cfgState, then: thenCfg, now: nowCfg });
  if (cfgState !== 'unchanged') changes.push(`run config ${run.runConfig} ${cfgState}`);
  if (wanted.runConfig !== undefined && wanted.runConfig !== run.runConfig) {
    changes.push(`last run used config ${run.runConfig}, not ${wanted.runConfig}`);
  }

  // Scripts run by an interpreter (not node) record the command they ran with; older runs did not.
  const recorded = isNodeScript(scriptPath) ? null : parseObject(run.configJson);
  if (recorded && 'interpreter' in recorded) {
    const then = JSON.stringify(recorded.interpreter ?? null);
    const now = JSON.stringify(ctx.config.interpreters[extname(scriptPath)] ?? null);
    const state: DependencyState = then === now ? 'unchanged' : 'changed';
    dep({ kind: 'interpreter', name: extname(scriptPath), state, then, now });
    if (state === 'changed') changes.push(`interpreter ${commandText(then)} -> ${commandText(now)}`);
  }

  const argvThen = canonicalArgv(run.argvJson);
  const argvNow = wanted.argv === undefined ? argvThen : JSON.stringify(wanted.argv);
  const argvState: DependencyState = argvNow === argvThen ? 'unchanged' : 'changed';
  dep({ kind: 'argv', name: 'argv', state: argvState, then: argvThen, now: argvNow });
  if (argvState !== 'unchanged')
    changes.push(`last run used arguments ${commandText(argvThen)}, not ${commandText(argvNow)}`);
  if (wanted.params !== undefined) judgeParams(run.paramsJson, wanted.params, dep, changes);
  return { deps, changes };
}

// Each wanted set of parameters in canonical form, made once per command rather than per script.
const canonical = new WeakMap<object, string>();

// Parameters, like arguments, say which run this is: the last run with other values is stale, one
// reason per parameter that differs (`param tau 0.01 -> 0.02`). Stored params are canonical JSON,
// so the common case (equal) is one string comparison.
function judgeParams(
  thenJson: string,
  wanted: Record<string, unknown>,
  dep: (d: Dependency) => Dependency,
  changes: string[],
): void {
  let nowJson = canonical.get(wanted);
  if (nowJson === undefined) canonical.set(wanted, (nowJson = canonicalJson(wanted)));
  const thenText = thenJson || '{}';
  if (thenText === nowJson) {
    // A script run without parameters is not listed as depending on them.
    if (thenText !== '{}')
      dep({ kind: 'params', name: 'params', state: 'unchanged', then: thenText, now: nowJson });
    return;
  }
  const then = parseObject(thenText);
  // Own keys only: a parameter called `toString` is not Object.prototype's.
  const get = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? o[k] : undefined);
  let differ = false;
  for (const k of [...new Set([...Object.keys(then), ...Object.keys(wanted)])].sort()) {
    const [a, b] = [get(then, k), get(wanted, k)];
    if (canonicalJson(a) === canonicalJson(b)) continue;
    differ = true;
    changes.push(`param ${k} ${paramText(a)} -> ${paramText(b)}`);
  }
  dep({
    kind: 'params',
    name: 'params',
    state: differ ? 'changed' : 'unchanged',
    then: thenText,
    now: nowJson,
  });
}

// Most runs share a handful of run configs: their canonical forms are computed once per command.
function memo(cache: Map<string, string>, key: string, make: () => string): string {
  let v = cache.get(key);
  if (v === undefined) cache.set(key, (v = make()));
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
  const sortedEnv = Object.fromEntries(
    Object.keys(env)
      .sort()
      .map((k) => [k, env[k] ?? null]),
  );
  const timeout = typeof cfg.timeout === 'number' ? cfg.timeout : null;
  const argv = Array.isArray(cfg.argv) ? cfg.argv.map(String) : [];
  // A launcher (mpirun -n 4) changes how the script runs; absent, the string is what it always was.
  const launcher = Array.isArray(cfg.launcher) && cfg.launcher.length ? cfg.launcher.map(String) : undefined;
  return JSON.stringify({ timeout, env: sortedEnv, argv, ...(launcher && { launcher }) });
}

/** Whether the runner starts this script under node with the hook, which records what it used. */
export const isNodeScript = (path: string): boolean => NODE_SCRIPT_EXTENSIONS.includes(extname(path));

// A JSON list of words as a person would type it ('(none)' for no words, null for no command).
function commandText(json: string): string {
  const v: unknown = JSON.parse(json);
  if (!Array.isArray(v)) return '(default)';
  if (!v.length) return '(none)';
  return v
    .map((w) => (/^[\w@%+=:,./-]+$/.test(String(w)) ? String(w) : `'${String(w).replace(/'/g, "'\\''")}'`))
    .join(' ');
}
