import { availableParallelism } from 'node:os';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import {
  BUILTIN_RUN_CONFIGS,
  DEFAULT_DATABASE,
  DEFAULT_FORMATS,
  DEFAULT_INTERPRETERS,
  DEFAULT_OUTPUT_DIR,
} from './defaults.js';
import { findConfig } from './find.js';
import { formatKeyPath } from './key-path.js';
import { locateKey } from './locate.js';
import { slurmSettings } from './slurm-settings.js';
import type { MonitorDir, RunConfig, SimorgConfig } from './types.js';
import { validateConfig, type ConfigIssue } from './validate.js';

export { findConfig, findConfigFile } from './find.js';

/** The resolved config of the project containing `cwd`, or null when there is none. */
export async function loadConfig(cwd: string): Promise<SimorgConfig | null> {
  const found = await findConfig(cwd);
  if (!found) return null;
  return resolveConfig(found.raw, dirname(found.file), found.file);
}

/** Defaults for a project rooted at `root` with no config file. */
export function defaultConfig(root: string): SimorgConfig {
  return resolveConfig({}, root, undefined);
}

const MAX_SHOWN = 8;

// One line per problem, each starting `file:line:col:` when the key can be found in the file.
function issuesError(issues: ConfigIssue[], file: string | undefined): ConfigError {
  const lines = issues.slice(0, MAX_SHOWN).map((issue) => {
    if (!file) return issue.message;
    const at = locateKey(file, issue.path);
    return `${file}${at ? `:${at.line}:${at.column}` : ''}: ${issue.message}`;
  });
  if (issues.length > MAX_SHOWN) lines.push(`... and ${issues.length - MAX_SHOWN} more`);
  const head =
    issues.length === 1 ? lines[0]! : `the config has ${issues.length} problems:\n  ${lines.join('\n  ')}`;
  return new ConfigError(head, {
    file,
    hint: 'see .simorgrc.example (in the simorg package) for every key and its type',
  });
}

type Raw = Record<string, unknown>;
// Maps keyed by user-chosen names (run configs, groups, env, interpreters) have no prototype, so a
// lookup of `toString` or `constructor` finds nothing unless the user defined that name.
const emptyMap = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;
const mapOf = <T>(from: Record<string, T>): Record<string, T> => Object.assign(emptyMap<T>(), from);
const list = (v: unknown): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)];

function monitorDirs(raw: unknown, root: string, file: string | undefined): MonitorDir[] {
  const dirs = (raw as Array<string | Raw> | undefined) ?? [];
  return dirs.map((m, i) => {
    const o: Raw = typeof m === 'string' ? { path: m } : m;
    const path = String(o.path).replace(/\\/g, '/').replace(/\/+$/, '') || '.';
    const rel = relative(root, resolve(root, path));
    if (rel.startsWith('..') || isAbsolute(rel)) {
      throw issuesError(
        [
          {
            path: ['monitor', i, 'path'],
            message: `'${formatKeyPath(['monitor', i, 'path'])}' (${path}) is outside the project root ${root}`,
          },
        ],
        file,
      );
    }
    return {
      path: rel.split('\\').join('/') || '.',
      recurse: o.recurse !== false,
      shouldExist: o.shouldExist === true,
      autoTrack: o.autoTrack === true,
      group: typeof o.group === 'string' ? o.group : undefined,
    };
  });
}

function runConfigs(raw: unknown): Record<string, RunConfig> {
  const out = emptyMap<RunConfig>();
  for (const [name, runConfig] of Object.entries(BUILTIN_RUN_CONFIGS))
    out[name] = { ...runConfig, env: mapOf(runConfig.env), argv: [...runConfig.argv] };
  for (const [name, v] of Object.entries((raw as Record<string, Raw> | undefined) ?? {})) {
    const env = emptyMap<string | null>();
    for (const [k, x] of Object.entries((v.env as Raw | undefined) ?? {}))
      env[k] = x === null ? null : String(x);
    out[name] = { name, timeout: typeof v.timeout === 'number' ? v.timeout : null, env, argv: list(v.argv) };
    if (typeof v.killGrace === 'number') out[name].killGrace = v.killGrace;
    if (Array.isArray(v.launcher)) out[name].launcher = list(v.launcher);
    if (v.slurm !== undefined) out[name].slurm = slurmSettings(v.slurm);
    if (v.params && typeof v.params === 'object' && Object.keys(v.params).length)
      out[name].params = { ...(v.params as Raw) };
  }
  return out;
}

// Validates `raw` (throwing a ConfigError that points at the file, line and key) and fills defaults.
export function resolveConfig(raw: unknown, root: string, file: string | undefined): SimorgConfig {
  const issues = validateConfig(raw);
  if (issues.length) throw issuesError(issues, file);
  const c = raw as Raw;
  const interpreters = mapOf<string[]>(DEFAULT_INTERPRETERS);
  for (const [ext, cmd] of Object.entries((c.interpreters as Raw | undefined) ?? {})) {
    interpreters[ext.startsWith('.') ? ext : `.${ext}`] = Array.isArray(cmd)
      ? cmd.map(String)
      : String(cmd).trim().split(/\s+/);
  }
  const groups = emptyMap<string[]>();
  for (const [name, globs] of Object.entries((c.groups as Raw | undefined) ?? {})) groups[name] = list(globs);
  const rcs = runConfigs(c.runConfigs);
  return {
    root,
    file,
    monitor: monitorDirs(c.monitor, root, file),
    groups,
    exclude: list(c.exclude),
    runConfigs: rcs,
    defaultRunConfig: typeof c.defaultRunConfig === 'string' ? c.defaultRunConfig : 'std',
    database: resolve(root, typeof c.database === 'string' ? c.database : DEFAULT_DATABASE),
    outputDir: typeof c.outputDir === 'string' ? c.outputDir : DEFAULT_OUTPUT_DIR,
    formats: Array.isArray(c.formats) ? c.formats.map(String) : [...DEFAULT_FORMATS],
    interpreters,
    workers: typeof c.workers === 'number' ? c.workers : availableParallelism(),
    editor: typeof c.editor === 'string' ? c.editor : undefined,
    slurm: slurmSettings(c.slurm),
    sweeps:
      c.sweeps !== null && typeof c.sweeps === 'object'
        ? { ...(c.sweeps as Record<string, unknown>) }
        : undefined,
  };
}
