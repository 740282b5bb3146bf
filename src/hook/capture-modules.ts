// Modules the script loaded: CommonJS from the require cache (which holds every CommonJS file,
// also those an ES module imported), read at exit; which package each file belongs to.
import { rawReadFileSync } from './capture-fs.js';
import { Module } from 'node:module';
import { dirname, join, sep } from 'node:path';

/** Every CommonJS file loaded so far (absolute paths). */
export function cjsFiles(): string[] {
  const cache = (Module as unknown as { _cache: Record<string, unknown> })._cache;
  return Object.keys(cache).filter((f) => f.startsWith(sep) || /^[A-Za-z]:[\\/]/.test(f));
}

const NM = `${sep}node_modules${sep}`;
const versions = new Map<string, string | undefined>();

/** `name` and `version` of the package in node_modules that holds `file`, or undefined. */
export function packageOf(file: string, readFile: (p: string) => string = (p) => rawReadFileSync(p, 'utf8')): [string, string] | undefined {
  const at = file.lastIndexOf(NM);
  if (at < 0) return undefined;
  const rest = file.slice(at + NM.length).split(sep);
  const name = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  if (!name) return undefined;
  const pj = join(file.slice(0, at + NM.length), ...name.split('/'), 'package.json');
  if (!versions.has(pj)) {
    try {
      versions.set(pj, String((JSON.parse(readFile(pj)) as { version?: unknown }).version ?? 'unknown'));
    } catch {
      versions.set(pj, undefined);
    }
  }
  const v = versions.get(pj);
  return v === undefined ? undefined : [name, v];
}

const hookRoots = new Map<string, boolean>();

/** Whether a file is part of simorg's own hook (not something the script loaded). */
export function isHookFile(file: string): boolean {
  if (!/[\\/]dist[\\/]hook(-cjs)?[\\/]/.test(file)) return false;
  const root = dirname(dirname(dirname(file)));
  let is = hookRoots.get(root);
  if (is === undefined) {
    try {
      is = (JSON.parse(rawReadFileSync(join(root, 'package.json'), 'utf8')) as { name?: string }).name === 'simorg';
    } catch {
      is = false;
    }
    hookRoots.set(root, is);
  }
  return is;
}
