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

/** Which of `scripts` are fresh under `wanted`, judged together (one look at the records for all). */
export function freshIds(project: Project, scripts: ScriptRow[], wanted: Wanted = {}): Set<number> {
  const index = new StatusIndex(project, wanted);
  try {
    const tracked = scripts.filter((s) => index.script(s.id));
    return new Set(index.states(tracked).filter((st) => st.freshness === 'fresh').map((st) => st.script.id));
  } finally {
    index.finish();
  }
}
