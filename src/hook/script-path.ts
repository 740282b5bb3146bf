// Where the main script lives, and so where its figures go. From process.argv[1] and the working
// directory as they were at hook load (install.ts keeps them), because scripts (and argument
// parsers) may rewrite process.argv later.
import { basename, extname, dirname, isAbsolute, resolve } from 'node:path';
import { scriptRun, type ScriptInfo } from './script-run.js';

/** Reads process.argv[1] as Node (and tsx, which keeps the script there) launched it. */
export function detectScript(argv = process.argv, cwd = process.cwd()): ScriptInfo {
  const arg = argv[1];
  if (!arg || arg.startsWith('-')) return { dir: cwd, stem: 'eval' };
  const path = isAbsolute(arg) ? arg : resolve(cwd, arg);
  return { path, dir: dirname(path), stem: basename(path, extname(path)) || 'script' };
}

export function scriptInfo(): ScriptInfo {
  const run = scriptRun();
  return (run.script ??= run.launch
    ? detectScript(['', run.launch.argv1 ?? ''], run.launch.cwd)
    : detectScript());
}

/**
 * `<scriptdir>/<outputDir>/figures/<stem>` (outputDir may be absolute), then SIMORG_FIGURES_SUBDIR
 * when the runner sets it: a sweep's job saves under `<stem>/<sweep>/<k1=v1,k2=v2>/`.
 */
export function figuresRoot(outputDir: string): string {
  const { dir, stem } = scriptInfo();
  return resolve(dir, outputDir, 'figures', stem, process.env.SIMORG_FIGURES_SUBDIR ?? '');
}
