// Finds the config file from a folder upwards and reads it. We search ourselves rather than with
// cosmiconfig's explorer: its default strategy looks only in the start folder, and its "global"
// strategy also reads ~/.config, which a project config must not depend on. Loading YAML still
// goes through cosmiconfig's loader; JSON goes through our comment-tolerant parser.

import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { JsoncSyntaxError, parseJsonc } from './jsonc.js';

/** Config file names, in the order they are looked for in each folder. */
export const SEARCH_PLACES: readonly string[] = [
  'package.json',
  '.simorgrc',
  '.simorgrc.json',
  '.simorgrc.yaml',
  '.simorgrc.yml',
  '.simorgrc.js',
  '.simorgrc.cjs',
  '.simorgrc.mjs',
  'simorg.config.js',
  'simorg.config.cjs',
  'simorg.config.mjs',
];

const HINT = 'see .simorgrc.example (in the simorg package) for every key';

// A package.json is a config only when it has a "simorg" key.
function hasPackageConfig(file: string): boolean {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('"simorg"')) return false;
  const pkg = parseJson(file, text);
  return pkg !== null && typeof pkg === 'object' && (pkg as Record<string, unknown>).simorg !== undefined;
}

/** The config files in `dir` (more than one is an error the caller reports). */
function configsIn(dir: string): string[] {
  return SEARCH_PLACES.map((p) => join(dir, p)).filter(
    (f) => existsSync(f) && (basename(f) !== 'package.json' || hasPackageConfig(f)),
  );
}

/** The config file governing `cwd`: the first found from `cwd` upwards, or null. */
export function findConfigFile(cwd: string): string | null {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const found = configsIn(dir);
    if (found.length > 1) {
      throw new ConfigError(
        `${dir} holds more than one simorg config: ${found.map((f) => basename(f) + (basename(f) === 'package.json' ? '#simorg' : '')).join(', ')}`,
        {
          file: found[0],
          hint: 'keep one of them and delete the others',
        },
      );
    }
    if (found.length === 1) return found[0]!;
    if (dirname(dir) === dir) return null;
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return parseJsonc(text).value;
  } catch (err) {
    if (err instanceof JsoncSyntaxError) {
      throw new ConfigError(`${file}:${err.line}:${err.column}: ${err.message}`, {
        file,
        hint: HINT,
        cause: err,
      });
    }
    throw err;
  }
}

// The first character that is not blank or a comment: '{' means the extension-less .simorgrc is JSON.
const looksLikeJson = (text: string): boolean => /^\s*(?:(?:\/\/[^\n]*\n|\/\*[\s\S]*?\*\/)\s*)*\{/.test(text);

async function loadYaml(file: string, text: string): Promise<unknown> {
  try {
    // Loaded only for YAML configs: importing cosmiconfig costs every command ~40 ms otherwise.
    const { defaultLoaders } = await import('cosmiconfig');
    return await defaultLoaders['.yaml'](file, text);
  } catch (err) {
    const e = err as { mark?: { line: number; column: number }; reason?: string; message: string };
    const where = e.mark ? `${file}:${e.mark.line + 1}:${e.mark.column + 1}` : file;
    throw new ConfigError(`${where}: ${e.reason ?? e.message}`, { file, hint: HINT, cause: err });
  }
}

/** How long a JS config may take to load (its top-level awaits included). */
export const CONFIG_LOAD_TIMEOUT_MS = 30_000;

// What a JS config threw, in words: an Error's message, or the thrown value itself (`throw 42`).
function thrownText(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (err === null || err === undefined || typeof err !== 'object') return `it threw ${String(err)}`;
  try {
    return `it threw ${JSON.stringify(err)}`;
  } catch {
    return `it threw ${Object.prototype.toString.call(err)}`;
  }
}

// Imports a JS config, bounded: one that never settles (`await new Promise(() => {})`) would
// otherwise leave nothing for Node to wait on, and the command would end silently with exit 0.
// 'beforeExit' says at once that nothing can settle it; the (unreferenced) timer covers a config
// waiting on something that is alive but slow.
async function importBounded(file: string): Promise<{ default?: unknown }> {
  let onExit: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  const stuck = new Promise<never>((_, reject) => {
    const fail = (why: string) =>
      reject(
        new ConfigError(`${file}: loading it never finished (${why})`, {
          file,
          hint: 'a top-level await in the config waits on something that never comes; make the config export its value',
        }),
      );
    onExit = () => fail('it waits on a promise nothing will settle');
    timer = setTimeout(
      () => fail(`still waiting after ${CONFIG_LOAD_TIMEOUT_MS / 1000} s`),
      CONFIG_LOAD_TIMEOUT_MS,
    ).unref();
    process.once('beforeExit', onExit);
  });
  try {
    return (await Promise.race([import(pathToFileURL(file).href), stuck])) as { default?: unknown };
  } finally {
    clearTimeout(timer);
    if (onExit) process.off('beforeExit', onExit);
  }
}

async function loadJs(file: string): Promise<unknown> {
  let mod: { default?: unknown };
  try {
    mod = await importBounded(file);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    throw new ConfigError(`${file}: cannot load it: ${thrownText(err)}`, {
      file,
      cause: err,
      hint: 'fix the error in the config file',
    });
  }
  if (mod.default === undefined) {
    throw new ConfigError(`${file}: exports no config`, {
      file,
      hint: 'export the config object as the default export (`export default { ... }`)',
    });
  }
  return mod.default;
}

/** Reads a config file into its raw value ({} for an empty file). */
export async function readConfigFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read the config ${file}: ${(err as Error).message}`, { file, cause: err });
  }
  const ext = extname(file);
  let raw: unknown;
  if (basename(file) === 'package.json') raw = (parseJson(file, text) as Record<string, unknown>).simorg;
  else if (ext === '.json' || (ext === '' && looksLikeJson(text))) raw = parseJson(file, text);
  else if (ext === '' || ext === '.yaml' || ext === '.yml') raw = await loadYaml(file, text);
  else raw = await loadJs(file);
  return raw ?? {};
}

/** Finds the config from `cwd` upwards; the folder holding it is the project root. */
export async function findConfig(cwd: string): Promise<{ file: string; raw: unknown } | null> {
  const file = findConfigFile(cwd);
  return file ? { file, raw: await readConfigFile(file) } : null;
}
