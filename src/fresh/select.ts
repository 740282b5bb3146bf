import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { StatusIndex } from './evaluate.js';
import type { Wanted } from './types.js';

// What `simorg run --if-stale` asks of freshness, under the run config and arguments it runs with.

/** Whether `script` is fresh under `wanted`: its last run used that run config and those arguments, succeeded, and nothing it used changed. */
export async function isFresh(project: Project, script: ScriptRow, wanted: Wanted = {}): Promise<boolean> {
  const index = new StatusIndex(project, wanted);
  try {
    if (!index.script(script.id)) return false;
    return index.state(script).freshness === 'fresh';
  } finally {
    index.finish();
  }
}
