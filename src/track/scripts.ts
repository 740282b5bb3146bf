import type { Minimatch as MinimatchClass } from 'minimatch';
import { createRequire } from 'node:module';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { selectAllScripts, selectTrackedJson, type ScriptRecord } from '../store/scripts.js';

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

export const toScriptRow = (r: ScriptRecord): ScriptRow => ({
  id: r.id,
  path: r.path,
  group: r.grp,
  trackedAt: r.tracked_at,
});

/** Tracked scripts (untracked ones are left out), by path. */
export function listScripts(project: Project, options: { group?: string } = {}): ScriptRow[] {
  const text = selectTrackedJson(project.db, options.group);
  return (JSON.parse(text) as [number, string, string | null, number][]).map(
    ([id, path, group, trackedAt]) => ({ id, path, group, trackedAt }),
  );
}

// Loaded only when a pattern is given: `status` with none should not pay for it.
let minimatch: typeof MinimatchClass | undefined;
const Minimatch = (pattern: string, options: { dot: boolean }): MinimatchClass =>
  new (minimatch ??= (createRequire(import.meta.url)('minimatch') as typeof import('minimatch')).Minimatch)(
    pattern,
    options,
  );

/**
 * Rejects an empty name: an unset shell variable (`simorg run "$X"`) must not mean every script.
 * `what` names the command's argument in the message.
 */
export function rejectEmptyPatterns(patterns: string[], what = 'script name'): void {
  if (patterns.some((p) => p.trim() === '')) {
    throw new UsageError(`an empty ${what} names nothing`, {
      code: 'E_EMPTY_PATTERN',
      hint: "give a path, folder or quoted glob (an unset shell variable?); '.' means every script under the current folder",
    });
  }
}

/** All scripts with a row, tracked or untracked (whose runs are kept), by path. */
function listAllScripts(project: Project): ScriptRow[] {
  return selectAllScripts(project.db).map(toScriptRow);
}

// A name typed as it is ends a script's path at a folder boundary: `bad.mjs` or `sims/bad.mjs` for
// `sims/bad.mjs`. Only for plain names (no glob characters, not absolute, no `..`).
function suffixOf(name: string): string | null {
  const s = name.replace(/^(\.\/)+/, '');
  if (!s || isAbsolute(name) || s.split('/').includes('..') || /[*?[\]{}!]/.test(s)) return null;
  return s.replace(/\/+$/, '');
}

/** The scripts whose path ends with `name` at a folder boundary (see suffixOf); [] for a glob. */
export function scriptsBySuffix(rows: ScriptRow[], name: string): ScriptRow[] {
  const s = suffixOf(name);
  if (s === null) return [];
  return rows.filter((r) => r.path === s || r.path.endsWith('/' + s));
}

/** The error for a name that ends several script paths: it lists them so the user can pick one. */
export function ambiguousName(name: string, candidates: ScriptRow[]): UsageError {
  const shown = candidates.slice(0, 8).map((c) => c.path);
  return new UsageError(
    `'${name}' could be any of ${candidates.length} scripts: ${shown.join(', ')}${candidates.length > shown.length ? ', ...' : ''}`,
    {
      code: 'E_AMBIGUOUS',
      hint: 'give more of the path',
    },
  );
}

/**
 * The one script a user means by `name`, tracked or not: its path relative to cwd, else the unique
 * script path that `name` ends (`bad.mjs` for `sims/bad.mjs`). Null when none; a UsageError listing
 * the candidates when several.
 */
export function findScript(project: Project, cwd: string, name: string): ScriptRow | null {
  rejectEmptyPatterns([name]);
  const rows = listAllScripts(project);
  const rel = toProjectPath(project.root, cwd, name);
  const exact = rows.find((r) => r.path === rel);
  if (exact) return exact;
  const hits = scriptsBySuffix(rows, name);
  if (hits.length > 1) throw ambiguousName(name, hits);
  return hits[0] ?? null;
}

// Scripts named by paths, folders or globs (relative to cwd), optionally narrowed by group. A
// folder names every script under it. A pattern that matches no script is a usage error naming it,
// and so is an empty one. Options: `suffix` lets a plain name that matches nothing else stand for
// the unique script path it ends (`bad.mjs` for `sims/bad.mjs`; several: an error listing them);
// `untracked` also takes scripts no longer tracked, whose runs are kept (for reading history).
// No patterns at all means every (tracked) script.
export function resolveScripts(
  project: Project,
  cwd: string,
  patterns: string[],
  options: { group?: string; suffix?: boolean; untracked?: boolean } = {},
): ScriptRow[] {
  rejectEmptyPatterns(patterns);
  const all = options.untracked
    ? listAllScripts(project).filter((s) => options.group === undefined || s.group === options.group)
    : listScripts(project, options);
  if (!patterns.length) return all;
  const picked = new Map<number, ScriptRow>();
  for (const pattern of patterns) {
    const rel = toProjectPath(project.root, cwd, pattern);
    const glob = Minimatch(rel, { dot: true });
    const under = rel === '' ? '' : rel + '/';
    let hits = all.filter((s) => s.path === rel || s.path.startsWith(under) || glob.match(s.path));
    if (!hits.length && options.suffix) {
      hits = scriptsBySuffix(all, pattern);
      if (hits.length > 1) throw ambiguousName(pattern, hits);
    }
    if (!hits.length) {
      const which = options.untracked ? 'script' : 'tracked script';
      throw new UsageError(
        `'${pattern}' matches no ${which}${options.group ? ` in group '${options.group}'` : ''}`,
        {
          code: 'E_NO_MATCH',
          hint: 'see `simorg ls` for tracked scripts, or `simorg track <file>` to add one',
        },
      );
    }
    for (const h of hits) picked.set(h.id, h);
  }
  return [...picked.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
