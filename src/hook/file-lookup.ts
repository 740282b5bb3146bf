// How a command and a local module are found, the same way for the hook (the converters saving
// needs, the static imports of a run's manifest) and the core (a run's interpreter, `status --why`
// of a never-run script): one copy, so that what a run records and what the core predicts agree.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, extname, join } from 'node:path';

/** Extensions tried after a specifier without one, in this order (as tsx does). */
export const MODULE_EXTS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs', '.json'];
// tsx and TypeScript let `./a.js` name `./a.ts` when no `./a.js` exists.
const TS_FOR: Record<string, string[]> = {
  '.js': ['.ts', '.tsx'],
  '.jsx': ['.tsx'],
  '.mjs': ['.mts'],
  '.cjs': ['.cts'],
};

function isFile(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The file Node or tsx would load for an absolute specifier path (query and hash removed), or undefined. */
export function resolveLocalFile(base: string): string | undefined {
  if (isFile(base)) return base;
  const ext = extname(base);
  for (const ts of TS_FOR[ext] ?? []) {
    const p = base.slice(0, -ext.length) + ts;
    if (isFile(p)) return p;
  }
  for (const e of MODULE_EXTS) if (isFile(base + e)) return base + e;
  for (const e of MODULE_EXTS) if (isFile(join(base, 'index' + e))) return join(base, 'index' + e);
  return undefined;
}

export function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

const onPathFound = new Map<string, string | undefined>();

/** The full path of the command `name` on PATH (with PATHEXT on Windows), or undefined. Memoised per process. */
export function onPath(name: string): string | undefined {
  if (onPathFound.has(name)) return onPathFound.get(name);
  const exts = process.platform === 'win32' ? (process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  let hit: string | undefined;
  search: for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    for (const ext of exts) {
      if (isExecutable(join(dir, name + ext))) {
        hit = join(dir, name + ext);
        break search;
      }
    }
  }
  onPathFound.set(name, hit);
  return hit;
}
