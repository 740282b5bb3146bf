import type { Minimatch as MinimatchClass } from 'minimatch';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import type { ScriptRecord } from '../store/scripts.js';

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

/** Whether a project path (from toProjectPath) points outside the project root. */
export function isOutsideRoot(projectPath: string): boolean {
  return projectPath === '..' || projectPath.startsWith('../') || isAbsolute(projectPath);
}

export const toScriptRow = (r: ScriptRecord): ScriptRow => ({ id: r.id, path: r.path, group: r.grp, trackedAt: r.tracked_at });

/** Tracked scripts (untracked ones are left out), by path. */
export function listScripts(project: Project, options: { group?: string } = {}): ScriptRow[] {
  // selectTracked's rows as ScriptRows, built by SQLite as one JSON text: for 10,000 scripts a
  // fraction of the cost of better-sqlite3 making a JS value of each cell.
  const group = options.group === undefined ? '' : 'AND grp = ?';
  const text = project.db
    .prepare(
      `SELECT json_group_array(json_array(id, path, grp, tracked_at) ORDER BY path)
       FROM scripts WHERE untracked_at IS NULL ${group}`,
    )
    .pluck()
    .get(...(options.group === undefined ? [] : [options.group])) as string;
  return (JSON.parse(text) as [number, string, string | null, number][]).map(([id, path, group, trackedAt]) => ({ id, path, group, trackedAt }));
}

// Loaded only when a pattern is given: `status` with none should not pay for it.
let minimatch: typeof MinimatchClass | undefined;
const Minimatch = (pattern: string, options: { dot: boolean }): MinimatchClass =>
  new (minimatch ??= (createRequire(import.meta.url)('minimatch') as typeof import('minimatch')).Minimatch)(pattern, options);

// Tracked scripts named by paths, folders or globs (relative to cwd), optionally narrowed by
// group. A folder names every tracked script under it. A pattern that matches no tracked script
// is a usage error naming it.
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
    const glob = Minimatch(rel, { dot: true });
    const under = rel === '' ? '' : rel + '/';
    const hits = all.filter((s) => s.path === rel || s.path.startsWith(under) || glob.match(s.path));
    if (!hits.length) {
      throw new UsageError(`'${pattern}' matches no tracked script${options.group ? ` in group '${options.group}'` : ''}`, {
        code: 'E_NO_MATCH',
        hint: 'see `simorg ls` for tracked scripts, or `simorg track <file>` to add one',
      });
    }
    for (const h of hits) picked.set(h.id, h);
  }
  return [...picked.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
