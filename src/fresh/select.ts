import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';

// PLACEHOLDER (owned by the freshness work): the real version computes freshness from recorded
// dependencies. Until then every script counts as needing a run, in one layer.

/** The scripts among `scripts` that are stale, failed or never run, in dependency layers: upstream first. */
export async function staleLayers(project: Project, scripts: ScriptRow[]): Promise<ScriptRow[][]> {
  void project;
  return scripts.length ? [scripts] : [];
}

/** Whether `script` is fresh (its last run succeeded and nothing it depends on changed). */
export async function isFresh(project: Project, script: ScriptRow): Promise<boolean> {
  void project;
  void script;
  return false;
}
