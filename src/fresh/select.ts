import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { StatusIndex } from './evaluate.js';
import { layersOf } from './layers.js';
import type { Wanted } from './types.js';

// What `simorg run --stale` and `simorg run --if-stale` ask of freshness.

/** The scripts among `scripts` that are stale, failed or never run, in dependency layers: upstream first. */
export async function staleLayers(project: Project, scripts: ScriptRow[]): Promise<ScriptRow[][]> {
  const index = new StatusIndex(project);
  try {
    const tracked = scripts.filter((s) => index.script(s.id));
    return layersOf(
      index,
      tracked.filter((s) => index.state(s).freshness !== 'fresh'),
    );
  } finally {
    index.finish();
  }
}

/**
 * Whether `script` is fresh (its last run succeeded and nothing it depends on changed). With
 * `wanted`, a last run made with another run config or other argv does not count.
 */
export async function isFresh(project: Project, script: ScriptRow, wanted?: Wanted): Promise<boolean> {
  const index = new StatusIndex(project);
  try {
    if (!index.script(script.id)) return false;
    return index.state(script, wanted).freshness === 'fresh';
  } finally {
    index.finish();
  }
}
