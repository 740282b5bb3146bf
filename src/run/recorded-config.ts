import { extname } from 'node:path';
import { NODE_SCRIPT_EXTENSIONS } from '../config/defaults.js';
import type { RunConfig, SimorgConfig } from '../config/types.js';

/**
 * The run config as recorded with the run; a script run by an interpreter also records the
 * configured command (null: its shebang), so that changing `interpreters` makes it stale.
 */
export function recordedConfig(
  config: SimorgConfig,
  runConfig: RunConfig | undefined,
  name: string,
  scriptAbs: string,
): RunConfig {
  const recorded = runConfig ?? { name, timeout: null, env: {}, argv: [] };
  const ext = extname(scriptAbs);
  if (NODE_SCRIPT_EXTENSIONS.includes(ext)) return recorded;
  return { ...recorded, interpreter: config.interpreters[ext] ?? null } as RunConfig;
}
