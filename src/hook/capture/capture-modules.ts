// Modules the script loaded: CommonJS from the require cache (which holds every CommonJS file,
// also those an ES module imported), read at exit; which package each file belongs to.
import { rawReadFileSync } from './capture-fs.js';
import { Module } from 'node:module';
import { readdirSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { PACKAGE_CHAIN_SEPARATOR } from './manifest.js';

/** Every CommonJS file loaded so far (absolute paths). */
export function cjsFiles(): string[] {
  const cache = (Module as unknown as { _cache: Record<string, { parent?: { filename?: string } | null }> })
    ._cache;
  return Object.keys(cache).filter(
    (f) =>
      (f.startsWith(sep) || /^[A-Za-z]:[\\/]/.test(f)) &&
      // A package the hook itself required first (es-module-lexer, for the CommonJS build) is not the script's.
      !(f.includes(NM) && cache[f]?.parent?.filename && isHookFile(cache[f]!.parent!.filename!)),
  );
}

const NM = `${sep}node_modules${sep}`;

/**
 * The key of the package that holds `file` and that package's folder: the names of every package
 * on the path after the first `node_modules`, joined by `>` (`vega-lite>vega-expression` for
 * .../node_modules/vega-lite/node_modules/vega-expression/...), so that freshness checks the copy
 * that ran. A scoped name takes two segments; pnpm's store (`node_modules/.pnpm/<entry>/`) is not
 * a package: what follows it starts the chain afresh. Undefined outside node_modules.
 */
export function packageKeyOf(file: string): { key: string; dir: string } | undefined {
  const first = file.indexOf(NM);
  if (first < 0) return undefined;
  const parts = file.slice(first + NM.length).split(sep);
  const names: string[] = [];
  let end = 0; // parts[0..end) is the innermost package's folder, below the first node_modules
  let i = 0;
  while (i < parts.length) {
    // parts[i] is a child of a node_modules folder.
    const seg = parts[i]!;
    if (seg === '.pnpm') {
      if (parts[i + 2] !== 'node_modules') break;
      names.length = 0;
      end = 0;
      i += 3;
      continue;
    }
    if (!seg || seg.startsWith('.')) break; // .bin, .cache, .package-lock.json: not a package
    const scoped = seg.startsWith('@');
    if (scoped && !parts[i + 1]) break;
    const n = scoped ? 2 : 1;
    if (i + n >= parts.length) break; // a folder or file named like a package, not inside one
    names.push(scoped ? `${seg}/${parts[i + 1]}` : seg);
    i += n;
    end = i;
    // Into the package, to a nested node_modules if there is one.
    while (i < parts.length && parts[i] !== 'node_modules') i++;
    i++;
  }
  if (!names.length) return undefined;
  return {
    key: names.join(PACKAGE_CHAIN_SEPARATOR),
    dir: file.slice(0, first + NM.length) + parts.slice(0, end).join(sep),
  };
}

interface PackageJson {
  version?: unknown;
  dependencies?: Record<string, unknown>;
  optionalDependencies?: Record<string, unknown>;
}

// Each package.json read once per process, however often asked for (null: unreadable).
const packageJsons = new Map<string, PackageJson | null>();

function readPackageJson(pj: string, readFile: (p: string) => string): PackageJson | null {
  let j = packageJsons.get(pj);
  if (j === undefined) {
    try {
      const v: unknown = JSON.parse(readFile(pj));
      j = typeof v === 'object' && v !== null ? (v as PackageJson) : null;
    } catch {
      j = null;
    }
    packageJsons.set(pj, j);
  }
  return j;
}

const rawRead = (p: string): string => rawReadFileSync(p, 'utf8');

/** The package key (see packageKeyOf) and version of the package that holds `file`, or undefined. */
export function packageOf(
  file: string,
  readFile: (p: string) => string = rawRead,
): [string, string] | undefined {
  const k = packageKeyOf(file);
  if (!k) return undefined;
  const j = readPackageJson(join(k.dir, 'package.json'), readFile);
  return j ? [k.key, String(j.version ?? 'unknown')] : undefined;
}

/** The folder of package `name` as Node finds it from `dir`: the nearest `node_modules/<name>` upwards. */
export function packageDirFrom(dir: string, name: string): string | undefined {
  const [scope, rest] = name.startsWith('@') ? name.split('/', 2) : [undefined, name];
  for (let d = dir; ; d = dirname(d)) {
    if (basename(d) !== 'node_modules') {
      const nm = d + (d.endsWith(sep) ? '' : sep) + 'node_modules';
      if (
        scope === undefined
          ? listing(nm)?.has(name)
          : listing(nm)?.has(scope) && listing(nm + sep + scope)?.has(rest!)
      ) {
        return nm + sep + (scope === undefined ? name : scope + sep + rest);
      }
    }
    if (dirname(d) === d) return undefined;
  }
}

// What each node_modules folder holds, listed once: a package is looked for from every package that
// depends on it, and most places looked at do not have it (a stat per miss costs more).
const listings = new Map<string, Set<string> | null>();

function listing(dir: string): Set<string> | null {
  let l = listings.get(dir);
  if (l === undefined) {
    try {
      l = new Set(readdirSync(dir));
    } catch {
      l = null;
    }
    listings.set(dir, l);
  }
  return l;
}

/**
 * Packages the script may have loaded through ES-module packages, which the static walk does not
 * enter: from each package folder in `roots`, the closure of its declared `dependencies` and
 * installed `optionalDependencies`, each found as Node would from the depending package's folder.
 * A superset of what loaded (the conservative side for freshness). Packages `expand` says no to
 * are listed but not followed (those seen in the require cache: what they loaded is seen there).
 * Returns package key -> version, the roots included.
 */
export function dependencyClosure(
  roots: Iterable<string>,
  expand: (key: string) => boolean,
  readFile: (p: string) => string = rawRead,
): Map<string, string> {
  const out = new Map<string, string>();
  const seenDirs = new Set<string>();
  const queue = [...roots];
  while (queue.length) {
    const dir = queue.pop()!;
    if (seenDirs.has(dir)) continue;
    seenDirs.add(dir);
    const pkg = packageOf(join(dir, 'package.json'), readFile);
    if (!pkg) continue;
    out.set(pkg[0], pkg[1]);
    if (!expand(pkg[0])) continue;
    const j = readPackageJson(join(dir, 'package.json'), readFile)!;
    for (const deps of [j.dependencies, j.optionalDependencies]) {
      if (typeof deps !== 'object' || deps === null) continue;
      for (const name of Object.keys(deps)) {
        const d = packageDirFrom(dir, name); // an optional one not installed is simply not found
        if (d && !seenDirs.has(d)) queue.push(d);
      }
    }
  }
  return out;
}

const hookRoots = new Map<string, boolean>();

/** Whether a file is part of simorg's own hook (not something the script loaded). */
export function isHookFile(file: string): boolean {
  // <package root>/dist/hook(-cjs)/<file or folder/file>
  const m = /^(.*)[\\/]dist[\\/]hook(-cjs)?[\\/]/.exec(file);
  if (!m) return false;
  const root = m[1]!;
  let is = hookRoots.get(root);
  if (is === undefined) {
    try {
      is =
        (JSON.parse(rawReadFileSync(join(root, 'package.json'), 'utf8')) as { name?: string }).name ===
        'simorg';
    } catch {
      is = false;
    }
    hookRoots.set(root, is);
  }
  return is;
}
