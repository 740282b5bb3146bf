import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { StatusIndex } from './status-index.js';
import type { Wanted } from './types.js';

// What `simorg run --if-stale` asks of freshness, under the run config and arguments it runs with.

/** Which of `scripts` are fresh under `wanted`, judged together (one look at the records for all). */
export function freshIds(project: Project, scripts: ScriptRow[], wanted: Wanted = {}): Set<number> {
  const index = new StatusIndex(project, wanted);
  try {
    const tracked = scripts.filter((s) => index.script(s.id));
    return new Set(
      index
        .states(tracked)
        .filter((st) => st.freshness === 'fresh')
        .map((st) => st.script.id),
    );
  } finally {
    index.finish();
  }
}
