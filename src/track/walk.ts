// The directory walk behind `scan` and track globs. It must stay fast on trees of 100,000 files:
// one readdir per folder with file types (no stat per file), project paths built by string
// concatenation, and folder pruning before descending.

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { PathFilter } from './filters.js';

export interface WalkResult {
  /** Project paths ('/'-separated, relative to the root) of the script files found. */
  scripts: string[];
  /** Folders that could not be read (permissions), as project paths. */
  unreadable: string[];
}

// A folder holding pyvenv.cfg is a Python virtualenv: thousands of library .py files, no scripts.
const isVirtualenv = (entries: Dirent[]): boolean => entries.some((e) => e.name === 'pyvenv.cfg');

/**
 * Script files under the project folder `startRel` ('' or '.' for the root). Symlinked files are
 * followed; symlinked folders are not (they may loop, or lead out of the project).
 */
export function walkScripts(
  root: string,
  startRel: string,
  recurse: boolean,
  filter: PathFilter,
): WalkResult {
  const scripts: string[] = [];
  const unreadable: string[] = [];
  const start = startRel === '.' ? '' : startRel;
  const stack: string[] = [start];
  while (stack.length) {
    const rel = stack.pop()!;
    const abs = rel ? join(root, rel) : root;
    let entries: Dirent[];
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EACCES' || code === 'EPERM') unreadable.push(rel || '.');
      else if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      continue;
    }
    if (rel !== start && isVirtualenv(entries)) continue;
    const prefix = rel ? rel + '/' : '';
    for (const e of entries) {
      const name = e.name;
      let isFile = e.isFile();
      let isDir = e.isDirectory();
      if (
        e.isSymbolicLink() ||
        (!isFile && !isDir && !e.isFIFO() && !e.isSocket() && !e.isCharacterDevice() && !e.isBlockDevice())
      ) {
        // A symlink, or a filesystem that does not report types: ask once.
        try {
          const st = statSync(join(abs, name));
          isFile = st.isFile();
          isDir = st.isDirectory() && !e.isSymbolicLink();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        const childRel = prefix + name;
        if (recurse && !filter.skipDir(childRel, name)) stack.push(childRel);
      } else if (isFile) {
        // Most files are data, not scripts: test the extension before building the path.
        const dot = name.lastIndexOf('.');
        if (dot <= 0 || !filter.extensions.has(name.slice(dot)) || /\.d\.[mc]?ts$/.test(name)) continue;
        const childRel = prefix + name;
        if (!filter.excluded(childRel, name)) scripts.push(childRel);
      }
    }
  }
  scripts.sort();
  return { scripts, unreadable };
}
