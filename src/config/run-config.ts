import { UsageError } from '../errors.js';
import { didYouMean } from './suggest.js';
import type { RunConfig, SimorgConfig } from './types.js';

/** The run config called `name` (the default one when undefined); an unknown name is a UsageError. */
export function getRunConfig(config: SimorgConfig, name: string | undefined): RunConfig {
  const wanted = name ?? config.defaultRunConfig;
  const runConfig = Object.hasOwn(config.runConfigs, wanted) ? config.runConfigs[wanted] : undefined;
  if (runConfig) return runConfig;
  const names = Object.keys(config.runConfigs);
  throw new UsageError(`unknown run config '${wanted}'${didYouMean(wanted, names)}`, {
    code: 'E_UNKNOWN_RUN_CONFIG',
    hint: `run configs: ${names.join(', ')}${config.file ? ` (add others under "runConfigs" in ${config.file})` : ''}`,
  });
}
