import { minimatch } from 'minimatch';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';

export interface ScriptRow {
  id: number;
  /** Relative to the project root, '/' separators. */
  path: string;
  group: string | null;
  trackedAt: number;
}

/** A path as stored: relative to the project root with '/' separators. */
export function toProjectPath(root: string, cwd: string, p: string): string {
  const abs = isAbsolute(p) ? p : resolve(cwd, p);
  return relative(root, abs).split(sep).join('/');
}

export function listScripts(project: Project, options: { group?: string } = {}): ScriptRow[] {
  const rows = project.db
    .prepare<[], { id: number; path: string; grp: string | null; tracked_at: number }>(
      'SELECT id, path, grp, tracked_at FROM scripts ORDER BY path',
    )
    .all();
  return rows
    .map((r) => ({ id: r.id, path: r.path, group: r.grp, trackedAt: r.tracked_at }))
    .filter((r) => options.group === undefined || r.group === options.group);
}

// Tracked scripts named by paths or globs (relative to cwd), optionally narrowed by group.
// A name or glob that matches no tracked script is a usage error naming it.
export function resolveScripts(
  project: Project,
  cwd: string,
  patterns: string[],
  options: { group?: string } = {},
): ScriptRow[] {
  const all = listScripts(project, options);
  if (!patterns.length) return all;
  const picked = new Map<number, ScriptRow>();
  for (const pattern of patterns) {
    const rel = toProjectPath(project.root, cwd, pattern);
    const hits = all.filter((s) => s.path === rel || minimatch(s.path, rel, { dot: true }));
    if (!hits.length) {
      throw new UsageError(`'${pattern}' matches no tracked script${options.group ? ` in group '${options.group}'` : ''}`, {
        code: 'E_NO_MATCH',
        hint: 'see `simorg ls` for tracked scripts, or `simorg track <file>` to add one',
      });
    }
    for (const h of hits) picked.set(h.id, h);
  }
  return [...picked.values()].sort((a, b) => a.path.localeCompare(b.path));
}
