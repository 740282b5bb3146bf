// A sweep sent to Slurm as ONE job array (`sbatch --array=0-N%M`), not N sbatch calls: a thousand
// jobs cost one sbatch (~0.3 s) instead of a thousand. The runs are prepared as any Slurm run
// (slurm-prepare.ts); then their table (task, run id, figure folder, parameters) and one batch script
// that picks its line by $SLURM_ARRAY_TASK_ID are written once to .simorg/runs/arrays/<batch>/,
// beside the runs. Each run is then named by Slurm as `<array id>_<task>`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { canonicalJson } from '../config/params.js';
import { RUNS_DIR } from '../config/defaults.js';
import { arrayDir } from './slurm-array-files.js';
import type { Project } from '../project.js';
import { childEnv } from '../run/child-env.js';
import { newRunId } from '../run/run-id.js';
import { putJson, ARRAY_FILE, RUNS_FILE, type ArrayFile, type ArrayRunsFile } from './slurm-folder.js';
import { linkArray } from './slurm-array-files.js';
import { arrayScript, TASKS_FILE } from './slurm-array-script.js';
import { sbatch } from './slurm-commands.js';
import { cwdOf, prepareSlurmRuns, type SlurmRunSpec, type SlurmSubmitOptions } from './slurm-prepare.js';
import { settleSubmitted } from './slurm-settle.js';
import type { Submitted } from './slurm-submit.js';

export interface ArraySubmitted {
  /** The array's Slurm job id; null when sbatch refused it (then every run is failed with `error`). */
  arrayId: number | null;
  error: string | null;
  /** Its folder (table, batch script, Slurm's logs). */
  dir: string;
  runs: Submitted[];
}

/**
 * Sends `specs` (runs of one script, with their parameters) to Slurm as one job array, at most
 * `maxConcurrency` tasks at once. Throws only for a bad setup, before any job is made.
 */
export async function submitArrayToSlurm(
  project: Project,
  specs: SlurmRunSpec[],
  o: SlurmSubmitOptions & { maxConcurrency?: number },
): Promise<ArraySubmitted> {
  const { root, config } = project;
  const batch = o.batch ?? newRunId();
  const dir = arrayDir(root, batch);
  mkdirSync(dir, { recursive: true });
  const { runs, runConfig, args, startedAt } = await prepareSlurmRuns(
    project,
    specs,
    { ...o, batch },
    { dir, batch },
  );
  putJson(dir, RUNS_FILE, { version: 1, jobs: runs.map((r) => r.file) } satisfies ArrayRunsFile);
  const first = runs[0]!;
  // Tab-separated, one task a line; no field is empty or holds a tab or newline (JSON escapes
  // them; figure folders are made safe names; '-' stands for none).
  const table = [
    'task\trun\tfigures\tparams',
    ...runs.map((r, i) =>
      [i, r.job.runId, r.job.figuresSubdir || '-', canonicalJson(r.job.params)].join('\t'),
    ),
  ].join('\n');
  writeFileSync(join(dir, TASKS_FILE), table + '\n');
  // The variables every task shares; the task's own (run id, its files) come from its line.
  const env: Record<string, string | null> = {
    ...childEnv({}, runConfig, config, first.job.runId, '', { params: '', metrics: '' }),
  };
  for (const k of ['SIMORG_RUN_ID', 'SIMORG_MANIFEST', 'SIMORG_PARAMS', 'SIMORG_METRICS']) delete env[k];
  for (const [k, v] of Object.entries(runConfig.env)) if (v === null) env[k] = null;
  const scriptFile = join(dir, 'job.sh');
  writeFileSync(
    scriptFile,
    arrayScript({
      batch,
      script: first.job.scriptPath,
      count: runs.length,
      table: join(dir, TASKS_FILE),
      runs: join(root, RUNS_DIR),
      cwd: cwdOf(first),
      cmd: first.cmd,
      env,
    }),
    { mode: 0o755 },
  );
  const name = `simorg-${basename(first.job.scriptPath, extname(first.job.scriptPath))}`;
  const limit = o.maxConcurrency ? `%${o.maxConcurrency}` : '';
  let arrayId: number | null = null;
  let error: string | null = null;
  try {
    arrayId = sbatch(
      [
        ...args,
        `--array=0-${runs.length - 1}${limit}`,
        `--job-name=${name}`,
        `--output=${join(dir, 'slurm-%a.txt')}`,
        `--chdir=${dir}`,
      ],
      scriptFile,
      `simorg:${batch}`,
    );
    // Before the database: a submitter killed now leaves runs whose folders still find their job.
    putJson(dir, ARRAY_FILE, { version: 1, slurmJobId: arrayId, count: runs.length } satisfies ArrayFile);
    linkArray(root, arrayId, batch);
  } catch (err) {
    error = (err as Error).message;
  }
  const ids = runs.map((_, i) => ({ id: arrayId === null ? null : `${arrayId}_${i}`, error }));
  settleSubmitted(project, runs, ids, startedAt);
  return {
    arrayId,
    error,
    dir,
    runs: runs.map((r, i) => ({
      script: r.job.scriptPath,
      runId: r.job.runId,
      jobId: r.job.id,
      slurmJobId: ids[i]!.id,
      error,
    })),
  };
}
