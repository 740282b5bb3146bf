import { cosmiconfig } from 'cosmiconfig';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { BUILTIN_RUN_CONFIGS, DEFAULT_DATABASE, DEFAULT_FORMATS, DEFAULT_INTERPRETERS, DEFAULT_OUTPUT_DIR } from './defaults.js';
import type { MonitorDir, RunConfig, SimorgConfig } from './types.js';

const explorer = () => cosmiconfig('simorg');

/** Finds the config from `cwd` upwards; the folder holding it is the project root. */
export async function findConfig(cwd: string): Promise<{ file: string; raw: unknown } | null> {
  let result;
  try {
    result = await explorer().search(cwd);
  } catch (cause) {
    throw new ConfigError(`cannot read the config: ${(cause as Error).message}`, { cause });
  }
  if (!result || result.isEmpty) return result ? { file: result.filepath, raw: {} } : null;
  return { file: result.filepath, raw: result.config };
}

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

function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function resolveConfig(raw: unknown, root: string, file: string | undefined): SimorgConfig {
  const c = obj(raw);
  const monitor: MonitorDir[] = (Array.isArray(c.monitor) ? c.monitor : []).map((m) => {
    const o = typeof m === 'string' ? { path: m } : obj(m);
    return {
      path: String(o.path ?? '.'),
      recurse: o.recurse !== false,
      shouldExist: o.shouldExist === true,
      autoTrack: o.autoTrack === true,
      group: typeof o.group === 'string' ? o.group : undefined,
    };
  });
  const rc = obj(c.runConfigs);
  const runConfigs: Record<string, RunConfig> = Object.keys(rc).length ? {} : { ...BUILTIN_RUN_CONFIGS };
  for (const [name, v] of Object.entries(rc)) {
    const o = obj(v);
    runConfigs[name] = {
      name,
      timeout: o.timeout === null || o.timeout === undefined ? null : Number(o.timeout),
      env: obj(o.env) as Record<string, string | null>,
      argv: Array.isArray(o.argv) ? o.argv.map(String) : [],
    };
  }
  const interpreters: Record<string, string[]> = { ...DEFAULT_INTERPRETERS };
  for (const [ext, cmd] of Object.entries(obj(c.interpreters))) {
    interpreters[ext.startsWith('.') ? ext : `.${ext}`] = Array.isArray(cmd) ? cmd.map(String) : String(cmd).split(/\s+/);
  }
  const names = Object.keys(runConfigs);
  return {
    root,
    file,
    monitor,
    groups: obj(c.groups) as Record<string, string[]>,
    exclude: Array.isArray(c.exclude) ? c.exclude.map(String) : [],
    runConfigs,
    defaultRunConfig: typeof c.defaultRunConfig === 'string' ? c.defaultRunConfig : names.includes('std') ? 'std' : names[0]!,
    database: resolve(root, typeof c.database === 'string' ? c.database : DEFAULT_DATABASE),
    outputDir: typeof c.outputDir === 'string' ? c.outputDir : DEFAULT_OUTPUT_DIR,
    formats: Array.isArray(c.formats) ? c.formats.map(String) : DEFAULT_FORMATS,
    interpreters,
    workers: typeof c.workers === 'number' ? c.workers : availableParallelism(),
    editor: typeof c.editor === 'string' ? c.editor : undefined,
  };
}
