import type { RunConfig, SimorgConfig } from '../config/types.js';

// The environment a script runs with: simorg's own, the run config's variables (null unsets one),
// and the SIMORG_* flags that make the hook save every figure and never open a window.
export function childEnv(
  base: NodeJS.ProcessEnv,
  runConfig: RunConfig,
  config: SimorgConfig,
  runId: string,
  manifestFile: string,
  files?: { params: string; metrics: string; figuresSubdir?: string | null },
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries(runConfig.env)) {
    if (v === null) delete env[k];
    else env[k] = String(v);
  }
  env.SIMORG_SAVEALL = '1';
  env.SIMORG_NOSHOW = '1';
  env.SIMORG_RUN_ID = runId;
  env.SIMORG_MANIFEST = manifestFile;
  env.SIMORG_FORMATS = config.formats.join(',');
  env.SIMORG_OUTPUT_DIR = config.outputDir;
  // For scripts in any language: the run's parameters to read, and where to leave metrics (JSON).
  if (files) {
    env.SIMORG_PARAMS = files.params;
    env.SIMORG_METRICS = files.metrics;
    // A sweep's job: its figures go under figures/<script>/<sweep>/<k1=v1,k2=v2>/.
    if (files.figuresSubdir) env.SIMORG_FIGURES_SUBDIR = files.figuresSubdir;
    else delete env.SIMORG_FIGURES_SUBDIR;
  }
  return env;
}
