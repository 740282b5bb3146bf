import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SimorgConfig } from '../config/types.js';
import { RunError } from '../errors.js';
import { envSwitch } from '../hook/env-switch.js';
import { isExecutable, onPath } from '../hook/file-lookup.js';

export interface CommandLine {
  file: string;
  args: string[];
  /** Whether the script runs under node with the hook, so a manifest is expected. */
  hooked: boolean;
}

const JS = new Set(['.js', '.mjs', '.cjs']);
const TS = new Set(['.ts', '.mts', '.cts']);

// dist/run/command-line.js -> the CommonJS preload, dist/hook-cjs/register-cjs.js: `--require`
// costs a run ~0.3 ms, `--import` the ES-module loader's start (+8-9 ms; see
// src/hook/register-cjs.ts). The ES-module preload, dist/hook/register.js, only when the run asks
// for SIMORG_CAPTURE_DYNAMIC_IMPORTS: its loader hooks (module.register()) are ignored by Node 20
// when registered from a --require preload. Resolved once; absent while the hook is unbuilt.
const preloads = {
  '--require': fileURLToPath(new URL('../hook-cjs/register-cjs.js', import.meta.url)),
  '--import': fileURLToPath(new URL('../hook/register.js', import.meta.url)),
};
type PreloadFlag = keyof typeof preloads;
const preloadFiles: Partial<Record<PreloadFlag, string | null>> = {};
let tsxUrl: string | undefined;

function hook(flag: PreloadFlag): string | null {
  if (preloadFiles[flag] === undefined) {
    const file = preloads[flag];
    preloadFiles[flag] = existsSync(file) ? (flag === '--import' ? pathToFileURL(file).href : file) : null;
  }
  return preloadFiles[flag];
}

// tsx from simorg's own dependencies, so a project without tsx installed can still run .ts scripts.
function tsx(): string {
  tsxUrl ??= pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
  return tsxUrl;
}

/**
 * How to run `scriptAbs`: node (+tsx) with the hook for JS/TS, else the configured interpreter or
 * shebang. `env` is the script's environment (which says whether the hook must be an ES module).
 */
export function commandLine(
  config: SimorgConfig,
  scriptAbs: string,
  argv: string[],
  env: NodeJS.ProcessEnv = process.env,
): CommandLine {
  const ext = extname(scriptAbs);
  if (JS.has(ext) || TS.has(ext)) {
    const pre = TS.has(ext) ? ['--import', tsx()] : [];
    const flag: PreloadFlag = envSwitch(env.SIMORG_CAPTURE_DYNAMIC_IMPORTS) ? '--import' : '--require';
    const h = hook(flag);
    if (h) pre.push(flag, h);
    return { file: process.execPath, args: [...pre, scriptAbs, ...argv], hooked: h !== null };
  }
  const configured = config.interpreters[ext];
  const prefix = configured?.length ? configured : shebang(scriptAbs);
  if (!prefix) {
    throw new RunError(`no interpreter for ${ext || 'files without an extension'} (${scriptAbs})`, {
      code: 'E_NO_INTERPRETER',
      hint: `set "interpreters": { "${ext || '.ext'}": ["command"] } in the config, or give the script a #! line`,
    });
  }
  const [file, ...rest] = prefix as [string, ...string[]];
  requireExecutable(
    file,
    configured?.length ? `interpreters["${ext}"] in the config` : `the #! line of ${scriptAbs}`,
  );
  if (!configured?.length && /(^|\/)env$/.test(file) && rest[0] && !rest[0].startsWith('-')) {
    requireExecutable(rest[0], `the #! line of ${scriptAbs}`);
  }
  return { file, args: [...rest, scriptAbs, ...argv], hooked: false };
}

/** The command with a run config's `launcher` (["mpirun", "-n", "4"]) put before it, locally and on Slurm. */
export function withLauncher(cmd: CommandLine, launcher: readonly string[] | undefined): CommandLine {
  if (!launcher?.length) return cmd;
  const [file, ...rest] = launcher as [string, ...string[]];
  return { ...cmd, file, args: [...rest, cmd.file, ...cmd.args] };
}

/** The interpreter named by the script's `#!` line, split into words, or null. */
export function shebang(scriptAbs: string): string[] | null {
  let fd: number | undefined;
  try {
    fd = openSync(scriptAbs, 'r');
    const buf = Buffer.alloc(256);
    const n = readSync(fd, buf, 0, buf.length, 0);
    const line = buf.subarray(0, n).toString('utf8').split('\n')[0]!;
    if (!line.startsWith('#!')) return null;
    const words = line.slice(2).trim().split(/\s+/).filter(Boolean);
    // `#!/usr/bin/env -S cmd args` means the same as `#!/usr/bin/env cmd args` for us.
    if (words[1] === '-S') words.splice(1, 1);
    return words.length ? words : null;
  } catch {
    return null;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Whether `command` can be started: an executable path, or a name found on PATH (memoised per process). */
export function canExecute(command: string): boolean {
  return command.includes('/') ? isExecutable(command) : onPath(command) !== undefined;
}

function requireExecutable(command: string, configKey: string): void {
  if (canExecute(command)) return;
  throw new RunError(`the interpreter '${command}' was not found on PATH`, {
    code: 'E_NO_INTERPRETER',
    hint: `install it, or set ${configKey} to a command that exists`,
  });
}
