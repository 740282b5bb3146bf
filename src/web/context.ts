import type { Wanted } from '../fresh/types.js';
import type { Project } from '../project.js';
import { resolveRunConfigName } from '../run/validate.js';
import type { FigureArchive } from './figure-archive.js';
import type { PageContext } from './layout.js';

// What every page handler is given: the open project, the request's URL, the server's token and
// whether this server runs queue workers itself.
export interface WebContext extends PageContext {
  project: Project;
  url: URL;
  /** Queue workers running inside this server (0: jobs wait for a `simorg worker`). */
  workers: number;
  /** Each run's figures, kept as runs end (a later run overwrites the files). */
  archive: FigureArchive;
}

/** The run config (and no extra arguments) pages judge under: ?config=NAME, else the project default. */
export function wantedOf(ctx: WebContext): Required<Wanted> {
  const asked = ctx.url.searchParams.get('config') || undefined;
  const name = asked && Object.hasOwn(ctx.project.config.runConfigs, asked) ? asked : undefined;
  return { runConfig: resolveRunConfigName(ctx.project, name), argv: [], params: {} };
}
