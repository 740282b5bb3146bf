import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, resolve, sep } from 'node:path';

// A file the page asks for, by its project-relative path: served only when it is a regular file
// inside the project, through every symlink. `..`, absolute paths, a backslash or NUL, an encoded
// form of any of these, and a symlink leading out are refused, never normalised into something
// else. The database (and its WAL files) is never served.

export type PathRefusal =
  | 'bad-encoding'
  | 'absolute'
  | 'traversal'
  | 'bad-character'
  | 'outside'
  | 'not-found'
  | 'not-a-file'
  | 'private';

export class RefusedPath extends Error {
  constructor(
    readonly why: PathRefusal,
    readonly path: string,
  ) {
    super(`refused: ${why}: ${path}`);
  }
}

/**
 * `encoded` is the path as it came in the URL (percent-encoded, '/' between segments). Decodes it
 * once; returns the real absolute path of the file, or throws RefusedPath.
 */
export function resolveInside(root: string, encoded: string, database: string): string {
  let rel: string;
  try {
    rel = decodeURIComponent(encoded);
  } catch {
    throw new RefusedPath('bad-encoding', encoded);
  }
  // What decodes to another escape was encoded twice: a second decoding elsewhere would change it.
  if (/%[0-9a-f]{2}/i.test(rel)) throw new RefusedPath('bad-encoding', rel);
  if (rel.includes('\0') || rel.includes('\\')) throw new RefusedPath('bad-character', rel);
  if (isAbsolute(rel) || /^[a-z]:/i.test(rel)) throw new RefusedPath('absolute', rel);
  const parts = rel.split('/');
  if (parts.some((p) => p === '..' || p === '.')) throw new RefusedPath('traversal', rel);
  if (!rel || parts.some((p) => p === '')) throw new RefusedPath('not-found', rel);
  const realRoot = realpathSync(root);
  let real: string;
  try {
    real = realpathSync(resolve(realRoot, ...parts));
  } catch {
    throw new RefusedPath('not-found', rel);
  }
  if (!real.startsWith(realRoot + sep)) throw new RefusedPath('outside', rel);
  let realDb: string | null = null;
  try {
    realDb = realpathSync(database);
  } catch {
    realDb = database;
  }
  if (real === realDb || real === `${realDb}-wal` || real === `${realDb}-shm` || real === `${realDb}-journal`)
    throw new RefusedPath('private', rel);
  if (!statSync(real).isFile()) throw new RefusedPath('not-a-file', rel);
  return real;
}

/** A project-relative path from an absolute one inside `root`, or null. */
export function relativeInside(root: string, abs: string): string | null {
  const prefix = root.endsWith(sep) ? root : root + sep;
  return abs.startsWith(prefix) ? abs.slice(prefix.length).split(sep).join('/') : null;
}

export const absoluteOf = (root: string, rel: string): string => join(root, ...rel.split('/'));
