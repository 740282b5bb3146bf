// Sending runs to Slurm one sbatch job each (`run --backend slurm`): the runs are prepared as for any
// Slurm submission (slurm-prepare.ts), each gets its own batch script, then one sbatch per run. The
// job itself never opens the database; slurm-sync.ts takes its outcome in. A sweep goes as one job
// array instead (slurm-array.ts).
import { writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Project } from '../project.js';
import { childEnv } from '../run/child-env.js';
import { putJson, JOB_FILE } from './slurm-folder.js';
import { jobScript, SLURM_LOG } from './slurm-job-script.js';
import { sbatch } from './slurm-commands.js';
import { cwdOf, prepareSlurmRuns, type SlurmRunSpec, type SlurmSubmitOptions } from './slurm-prepare.js';
import { settleSubmitted } from './slurm-settle.js';

export { SLURM_WORKER, type SlurmSubmitOptions } from './slurm-prepare.js';

export interface Submitted {
  script: string;
  runId: string;
  jobId: number;
  /** Slurm's job id (`<array>_<task>` for an array's task); null when sbatch refused the job (then `error` says why, and the run is failed). */
  slurmJobId: string | null;
  error: string | null;
}

/** Submits one Slurm job per script (or per spec). Throws only for a bad setup; a job sbatch refuses is a failed run. */
export async function submitToSlurm(
  project: Project,
  scripts: Array<{ id: number; path: string }> | SlurmRunSpec[],
  o: SlurmSubmitOptions,
): Promise<Submitted[]> {
  const { config } = project;
  const specs: SlurmRunSpec[] = scripts.map((s) => ('script' in s ? s : { script: s }));
  const { runs, runConfig, args, startedAt } = await prepareSlurmRuns(project, specs, o);
  const ids: Array<{ id: string | null; error: string | null }> = [];
  for (const [i, r] of runs.entries()) ids.push(submitOne(r, i));
  function submitOne(r: (typeof runs)[number], i: number): { id: string | null; error: string | null } {
    const { job, dir, file, cmd } = r;
    // Upstream first: a reader's job starts only after its writers' succeeded; when one fails,
    // Slurm drops the reader (--kill-on-invalid-dep) and it is recorded cancelled, saying why.
    const upstream = (specs[i]!.after ?? []).map((j) => ids[j]);
    if (upstream.some((u) => !u || u.id === null))
      return { id: null, error: 'not submitted: a script upstream of it in the batch was not submitted' };
    const deps = upstream.map((u) => u!.id!);
    const depArgs = deps.length
      ? [`--dependency=afterok:${deps.join(':')}`, '--kill-on-invalid-dep=yes']
      : [];
    const params = join(dir, 'params.json');
    writeFileSync(params, JSON.stringify(job.params, null, 2) + '\n');
    // Only what the run config sets and the hook's variables: sbatch passes the rest of this environment on.
    const env: Record<string, string | null> = {
      ...childEnv({}, runConfig, config, job.runId, join(dir, 'manifest.json'), {
        params,
        metrics: join(dir, 'metrics.json'),
        figuresSubdir: job.figuresSubdir,
      }),
    };
    for (const [k, v] of Object.entries(runConfig.env)) if (v === null) env[k] = null;
    if (!job.figuresSubdir) env.SIMORG_FIGURES_SUBDIR = null;
    const scriptFile = join(dir, 'job.sh');
    writeFileSync(
      scriptFile,
      jobScript({ runId: job.runId, script: job.scriptPath, dir, cwd: cwdOf(r), cmd, env }),
      { mode: 0o755 },
    );
    const name = `simorg-${basename(job.scriptPath, extname(job.scriptPath))}`;
    try {
      const id = sbatch(
        [...args, ...depArgs, `--job-name=${name}`, `--output=${join(dir, SLURM_LOG)}`, `--chdir=${dir}`],
        scriptFile,
        `simorg:${job.runId}`,
      );
      putJson(dir, JOB_FILE, { ...file, slurmJobId: id });
      return { id: String(id), error: null };
    } catch (err) {
      return { id: null, error: (err as Error).message };
    }
  }
  settleSubmitted(project, runs, ids, startedAt);
  return runs.map((r, i) => ({
    script: r.job.scriptPath,
    runId: r.job.runId,
    jobId: r.job.id,
    slurmJobId: ids[i]!.id,
    error: ids[i]!.error,
  }));
}
