// `simorg track` and `simorg untrack` as functions. Both are all or nothing: every name is
// resolved first (a bad one throws before the database is touched), then one transaction writes.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Minimatch } from 'minimatch';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { markUntracked, selectAllByPath, updateGroup, upsertTracked } from '../store/scripts.js';
import { groupMatcher, makeFilter } from './filters.js';
import {
  isOutsideRoot,
  rejectEmptyPatterns,
  resolveScripts,
  toProjectPath,
  toScriptRow,
  type ScriptRow,
} from './scripts.js';
import { walkScripts } from './walk.js';

export interface TrackResult {
  /** Newly tracked (or tracked again after an untrack). */
  added: ScriptRow[];
  /** Already tracked; their group changed to the one asked for. */
  regrouped: ScriptRow[];
  /** Already tracked, left as they were. */
  unchanged: ScriptRow[];
}

const outside = (pattern: string, root: string) =>
  new UsageError(`'${pattern}' is outside the project root ${root}`, {
    code: 'E_OUTSIDE_ROOT',
    hint: 'only files under the project root can be tracked',
  });

// The literal folders before the first glob segment: where a glob's walk starts.
function globBase(rel: string): string {
  const segs = rel.split('/');
  const literal: string[] = [];
  for (const s of segs.slice(0, -1)) {
    if (new Minimatch(s, { magicalBraces: true }).hasMagic()) break;
    literal.push(s);
  }
  return literal.join('/');
}

/**
 * Project paths of the files named by `patterns` (relative to cwd). An existing file is taken as
 * it is; a folder means the scripts under it; anything else is a glob over script files under the
 * project root (skipping what scan skips). A pattern naming nothing is a UsageError.
 */
export function expandPatterns(project: Project, cwd: string, patterns: string[]): string[] {
  const { root } = project;
  rejectEmptyPatterns(patterns);
  const filter = makeFilter(project.config);
  const out = new Set<string>();
  for (const pattern of patterns) {
    const rel = toProjectPath(root, cwd, pattern);
    if (isOutsideRoot(rel)) throw outside(pattern, root);
    const abs = join(root, rel);
    const st = existsSync(abs) ? statSync(abs) : undefined;
    let found: string[];
    if (st?.isFile()) found = [rel];
    else if (st?.isDirectory()) found = walkScripts(root, rel, true, filter).scripts;
    else if (new Minimatch(rel, { magicalBraces: true }).hasMagic()) {
      const glob = new Minimatch(rel, { dot: true });
      const base = globBase(rel);
      if (isOutsideRoot(base)) throw outside(pattern, root);
      found = walkScripts(root, base, true, filter).scripts.filter((p) => glob.match(p));
    } else {
      throw new UsageError(`'${pattern}' does not exist`, {
        code: 'E_NO_FILE',
        hint: 'check the path (relative to the current folder), or quote a glob',
      });
    }
    if (!found.length) {
      throw new UsageError(`'${pattern}' matches no script files`, {
        code: 'E_NO_MATCH',
        hint: `scripts are files ending in ${[...filter.extensions].join(' ')}; add others under "interpreters" in the config`,
      });
    }
    for (const f of found) out.add(f);
  }
  return [...out].sort();
}

/** Tracks project paths in one transaction; group: the one given, else a configured group's. */
export function trackPaths(project: Project, paths: string[], options: { group?: string } = {}): TrackResult {
  const configured = groupMatcher(project.config);
  const result: TrackResult = { added: [], regrouped: [], unchanged: [] };
  const now = Date.now();
  project.db
    .transaction(() => {
      const existing = selectAllByPath(project.db);
      for (const path of paths) {
        const row = existing.get(path);
        if (row && row.untracked_at === null) {
          if (options.group !== undefined && options.group !== row.grp) {
            updateGroup(project.db, row.id, options.group);
            result.regrouped.push({ ...toScriptRow(row), group: options.group });
          } else result.unchanged.push(toScriptRow(row));
          continue;
        }
        const group = options.group ?? configured(path) ?? null;
        result.added.push(toScriptRow(upsertTracked(project.db, path, group, now)));
      }
    })
    .immediate();
  return result;
}

export function trackScripts(
  project: Project,
  cwd: string,
  patterns: string[],
  options: { group?: string } = {},
): TrackResult {
  return trackPaths(project, expandPatterns(project, cwd, patterns), options);
}

/** Untracks the tracked scripts named by `patterns`; their runs stay. Queued jobs are cancelled. */
export function untrackScripts(
  project: Project,
  cwd: string,
  patterns: string[],
  options: { group?: string } = {},
): { untracked: ScriptRow[]; cancelledJobs: number } {
  const scripts = resolveScripts(project, cwd, patterns, options);
  const { cancelledJobs } = project.db
    .transaction(() =>
      markUntracked(
        project.db,
        scripts.map((s) => s.id),
        Date.now(),
      ),
    )
    .immediate();
  return { untracked: scripts, cancelledJobs };
}
