import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import type { ScriptRow } from '../track/scripts.js';
import { commandLine } from './command-line.js';

/** The run config called `name` (or the project's default); an unknown one is a usage error listing the known. */
export function resolveRunConfigName(project: Project, name?: string): string {
  const chosen = name ?? project.config.defaultRunConfig;
  // Own names only: `--config toString` is an unknown run config, not Object.prototype's method.
  if (Object.hasOwn(project.config.runConfigs, chosen)) return chosen;
  const known = Object.keys(project.config.runConfigs);
  throw new UsageError(`unknown run config '${chosen}'`, {
    code: 'E_UNKNOWN_RUN_CONFIG',
    hint: `known run configs: ${known.join(', ') || '(none)'}; define more under "runConfigs" in the config`,
  });
}

/**
 * Everything that can be checked before queuing, so a bad selection queues nothing: the run config
 * exists and every script has an interpreter that can be found (throws RunError naming it).
 */
export function validateRunnable(project: Project, scripts: ScriptRow[], runConfig?: string): string {
  const name = resolveRunConfigName(project, runConfig);
  for (const s of scripts) commandLine(project.config, join(project.root, s.path), []);
  return name;
}
