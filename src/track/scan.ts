// `simorg scan` as a function: walk the monitored folders, compare with the tracked set (one
// query), set apart the helper modules scripts import, and track what autoTrack folders hold.

import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { MonitorDir } from '../config/types.js';
import { ConfigError } from '../errors.js';
import type { Project } from '../project.js';
import { selectAllByPath } from '../store/scripts.js';
import { makeFilter } from './filters.js';
import { findModules } from './modules.js';
import { trackPaths } from './track.js';
import { walkScripts } from './walk.js';

export interface FoundScript {
  path: string;
  /** The monitored folder it was found in. */
  monitor: string;
  /** It was tracked once and untracked by hand, so autoTrack leaves it alone. */
  wasUntracked: boolean;
}

export interface FoundModule extends FoundScript {
  /** A tracked or found script that imports it. */
  importedBy: string;
}

export interface ScanResult {
  /** Script files seen in the monitored folders. */
  scanned: number;
  /** Script files not tracked (after auto-tracking), modules left out. */
  untracked: FoundScript[];
  /** Files scripts import, not tracked: helper modules, neither listed as scripts nor auto-tracked. */
  modules: FoundModule[];
  /** Scripts this scan tracked, from autoTrack folders. */
  tracked: Array<{ path: string; group: string | null }>;
  /** Tracked scripts inside the monitored folders whose file is gone. */
  missing: string[];
  /** Monitored folders that do not exist (and need not). */
  missingDirs: string[];
  /** Folders that could not be read. */
  unreadable: string[];
  ms: number;
}

// With no `monitor` configured the whole project is monitored, without tracking anything by itself.
export function monitoredDirs(project: Project): MonitorDir[] {
  const m = project.config.monitor;
  return m.length ? m : [{ path: '.', recurse: true, shouldExist: true, autoTrack: false }];
}

function checkDir(project: Project, dir: MonitorDir, index: number): boolean {
  const abs = join(project.root, dir.path);
  const isDir = existsSync(abs) && statSync(abs).isDirectory();
  if (isDir || !dir.shouldExist) return isDir;
  const where = project.config.file ? ` (monitor[${index}] in ${project.config.file})` : '';
  throw new ConfigError(
    `the monitored folder '${dir.path}'${where} ${existsSync(abs) ? 'is not a folder' : 'does not exist'}`,
    {
      file: project.config.file,
      hint: 'create it, remove it from "monitor", or set "shouldExist": false to skip it when missing',
    },
  );
}

export function scanProject(project: Project, options: { dryRun?: boolean } = {}): ScanResult {
  const t0 = performance.now();
  const filter = makeFilter(project.config);
  const dirs = monitoredDirs(project);
  // Deeper monitored folders win for files several folders contain (their autoTrack and group).
  const order = dirs
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.path.split('/').length - b.d.path.split('/').length);
  const found = new Map<string, MonitorDir>();
  const result: ScanResult = {
    scanned: 0,
    untracked: [],
    modules: [],
    tracked: [],
    missing: [],
    missingDirs: [],
    unreadable: [],
    ms: 0,
  };
  for (const { d, i } of order) {
    if (!checkDir(project, d, i)) {
      result.missingDirs.push(d.path);
      continue;
    }
    const walk = walkScripts(project.root, d.path, d.recurse, filter);
    for (const p of walk.scripts) found.set(p, d);
    result.unreadable.push(...walk.unreadable);
  }
  result.scanned = found.size;
  const known = selectAllByPath(project.db);
  const isTracked = (path: string) => known.get(path)?.untracked_at === null;
  // A module tracked by hand stays tracked: only untracked files are asked about.
  const importers = new Set(found.keys());
  for (const [path, row] of known) if (row.untracked_at === null) importers.add(path);
  const modules = findModules(
    project,
    [...found.keys()].filter((p) => !isTracked(p)),
    importers,
  );
  const toTrack = new Map<string, string | undefined>();
  for (const [path, d] of found) {
    const row = known.get(path);
    if (row && row.untracked_at === null) continue;
    const wasUntracked = row !== undefined;
    const importedBy = modules.get(path);
    if (importedBy !== undefined) result.modules.push({ path, monitor: d.path, wasUntracked, importedBy });
    else if (d.autoTrack && !wasUntracked && !options.dryRun) toTrack.set(path, d.group);
    else result.untracked.push({ path, monitor: d.path, wasUntracked });
  }
  // One transaction per group; trackPaths applies configured groups when the folder has none.
  const byGroup = new Map<string | undefined, string[]>();
  for (const [path, g] of toTrack) {
    const list = byGroup.get(g);
    if (list) list.push(path);
    else byGroup.set(g, [path]);
  }
  for (const [group, paths] of byGroup) {
    for (const s of trackPaths(project, paths, { group }).added)
      result.tracked.push({ path: s.path, group: s.group });
  }
  // Tracked scripts the walk should have seen but did not: gone, or now excluded.
  for (const [path, row] of known) {
    if (row.untracked_at !== null || found.has(path)) continue;
    if (
      dirs.some((d) => d.path === '.' || path.startsWith(d.path + '/')) &&
      !existsSync(join(project.root, path))
    )
      result.missing.push(path);
  }
  result.untracked.sort((a, b) => (a.path < b.path ? -1 : 1));
  result.modules.sort((a, b) => (a.path < b.path ? -1 : 1));
  result.tracked.sort((a, b) => (a.path < b.path ? -1 : 1));
  result.missing.sort();
  result.ms = performance.now() - t0;
  return result;
}
