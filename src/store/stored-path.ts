import { isAbsolute, relative, sep } from 'node:path';

// Paths as the database holds them: relative to the project root with '/' separators, so a project
// moved or cloned elsewhere keeps its records; a path outside the root (data in /scratch, a package
// in a global cache) is kept absolute, and so is the root itself.

/** `abs` as stored for the project at `root`. */
export function storedPath(root: string, abs: string): string {
  const rel = relative(root, abs);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return abs;
  return sep === '/' ? rel : rel.split(sep).join('/');
}
