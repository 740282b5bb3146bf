// What scan and track globs look at: which files are scripts, which folders and files are
// skipped, which configured group a path belongs to. Globs are compiled once per command (not per
// file), since a scan may test 100,000 paths.

import { makeRe } from 'minimatch';
import { isAbsolute, relative } from 'node:path';
import { SCRIPT_EXTENSIONS, SKIPPED_DIRS, STATE_DIR } from '../config/defaults.js';
import type { SimorgConfig } from '../config/types.js';

export interface PathFilter {
  /** Extensions (with dot) of script files. */
  extensions: ReadonlySet<string>;
  /** Whether to skip the folder at project path `rel` (named `name`). */
  skipDir(rel: string, name: string): boolean;
  /** Whether the file at project path `rel` is excluded by config. */
  excluded(rel: string, name: string): boolean;
}

/** A matcher for globs relative to the project root; globs without '/' match a name anywhere. */
export function compileGlobs(patterns: readonly string[]): (rel: string, name: string) => boolean {
  const byPath: RegExp[] = [];
  const byName: RegExp[] = [];
  for (let p of patterns) {
    p = p.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\//, '').replace(/\/+$/, '');
    if (!p) continue;
    const re = makeRe(p, { dot: true });
    if (!re) continue;
    (p.includes('/') ? byPath : byName).push(re);
  }
  if (!byPath.length && !byName.length) return () => false;
  return (rel, name) => byName.some((r) => r.test(name)) || byPath.some((r) => r.test(rel));
}

/** The file extension simorg keys scripts by ('' for none); declaration files are not scripts. */
export function scriptExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return '';
  if (/\.d\.[mc]?ts$/.test(name)) return '';
  return name.slice(dot);
}

export function scriptExtensions(config: SimorgConfig): Set<string> {
  return new Set([...SCRIPT_EXTENSIONS, ...Object.keys(config.interpreters)]);
}

// Figure output folders: a bare name (the usual `_output`) is skipped wherever it appears; a path
// is skipped where it ends a folder's path (it is relative to each script) or, if absolute, there.
function outputDirTest(config: SimorgConfig): (rel: string, name: string) => boolean {
  const out = config.outputDir.replace(/\\/g, '/').replace(/\/+$/, '');
  if (isAbsolute(out)) {
    const rel = relative(config.root, out).split('\\').join('/');
    return (r) => r === rel;
  }
  const clean = out.replace(/^\.\//, '');
  if (!clean.includes('/')) return (_r, name) => name === clean;
  return (r) => r === clean || r.endsWith('/' + clean);
}

export function makeFilter(config: SimorgConfig): PathFilter {
  const excluded = compileGlobs(config.exclude);
  const isOutput = outputDirTest(config);
  const skipped = new Set([...SKIPPED_DIRS, STATE_DIR]);
  return {
    extensions: scriptExtensions(config),
    skipDir: (rel, name) =>
      name.startsWith('.') || skipped.has(name) || isOutput(rel, name) || excluded(rel, name),
    excluded,
  };
}

/** The first configured group whose globs match project path `rel`. */
export function groupMatcher(config: SimorgConfig): (rel: string) => string | undefined {
  const groups = Object.entries(config.groups).map(([name, globs]) => [name, compileGlobs(globs)] as const);
  return (rel) => {
    const name = rel.slice(rel.lastIndexOf('/') + 1);
    return groups.find(([, test]) => test(rel, name))?.[0];
  };
}
