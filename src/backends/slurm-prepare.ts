// What every Slurm submission does before sbatch, whether one job per run or one job array: job rows
// held by "slurm" (never claimed by a local worker), run folders, start rows (in one transaction, a
// commit per run would cost more than its sbatch) and each run's slurm-job.json.
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { effectiveParams, type Params } from '../config/params.js';
import type { RunConfig, SlurmSettings } from '../config/types.js';
import { HashCache } from '../fresh/hash.js';
import type { Project } from '../project.js';
import { commandLine, withLauncher, type CommandLine } from '../run/command-line.js';
import { gitState, runEnvironment } from '../run/environment.js';
import type { ClaimedJob } from '../store/jobs.js';
import { enqueue } from '../run/queue.js';
import { startRow } from '../run/record-writer.js';
import { writeStarts, type StartRow } from '../store/run-rows.js';
import { SLURM_WORKER } from '../store/slurm-runs.js';
import { runDir } from '../run/run-folder.js';
import { newRunId } from '../run/run-id.js';
import { recordedConfig } from '../run/recorded-config.js';
import { putJson, JOB_FILE, type SlurmJobFile } from './slurm-folder.js';
import { mergedSettings, sbatchArgs, timeFromTimeout } from './slurm-options.js';

/** The worker name of runs held by Slurm (`slurm:<job id>` once sbatch answered). */
export { SLURM_WORKER };

export interface SlurmSubmitOptions {
  runConfig: string;
  argv: string[];
  reason?: string;
  tags?: string[];
  /** From the command line, over the config's `slurm` settings. */
  settings: SlurmSettings;
  batch?: string;
}

/** One run to send: its script, and for a sweep's job its parameters, sweep and figure folder. */
export interface SlurmRunSpec {
  script: { id: number; path: string };
  params?: Params;
  sweepId?: number | null;
  figuresSubdir?: string | null;
  reason?: string;
  /** Indexes of earlier specs this one waits for (`--dependency=afterok`): its upstream in the batch. */
  after?: number[];
}

export interface PreparedRun {
  job: ClaimedJob;
  dir: string;
  start: StartRow;
  file: SlurmJobFile;
  cmd: CommandLine;
}

export interface PreparedBatch {
  runs: PreparedRun[];
  runConfig: RunConfig;
  /** sbatch's options from the merged settings (without job name and output). */
  args: string[];
  startedAt: number;
}

/**
 * Makes the runs of `specs` ready for Slurm. `array`, for a job array: its folder, where task i's
 * Slurm log goes (`slurm-<i>.txt`) and where the caller keeps every run's job file in one
 * (runs.json): the run folders are then made by the tasks themselves, as a thousand folders and
 * files made here cost more than the whole rest of the submission (measured). Throws only for a
 * bad setup (a script with no interpreter), before any job is made.
 */
export async function prepareSlurmRuns(
  project: Project,
  specs: SlurmRunSpec[],
  o: SlurmSubmitOptions,
  array?: { dir: string; batch: string },
): Promise<PreparedBatch> {
  const { root, config, db } = project;
  const runConfig = config.runConfigs[o.runConfig]!;
  const settings = mergedSettings(config, runConfig, o.settings);
  const args = sbatchArgs(settings, runConfig);
  const time = settings.time ?? timeFromTimeout(runConfig) ?? null;
  const git = await gitState(root);
  const hashes = new HashCache(db);
  const now = Date.now();
  // An array runs one script: its command is made once.
  const cmds = new Map<string, CommandLine>();
  const cmdOf = (path: string): CommandLine => {
    let c = cmds.get(path);
    if (!c)
      cmds.set(
        path,
        (c = withLauncher(
          commandLine(config, join(root, path), [...runConfig.argv, ...o.argv]),
          runConfig.launcher,
        )),
      );
    return c;
  };
  for (const s of specs) cmdOf(s.script.path);
  const runIds = specs.map(() => newRunId());
  const jobIds = db
    .transaction(() =>
      enqueue(
        db,
        specs.map((s, i) => ({
          scriptId: s.script.id,
          runConfig: o.runConfig,
          argv: o.argv,
          reason: s.reason ?? o.reason,
          tags: o.tags,
          params: s.params,
          sweepId: s.sweepId,
          figuresSubdir: s.figuresSubdir,
          heldBy: { worker: SLURM_WORKER, runId: runIds[i]! },
        })),
        o.batch ?? null,
      ),
    )
    .immediate();
  // Per script, not per run: its hash and its recorded config are the same for all its runs.
  const perScript = new Map<string, { hashed: ReturnType<HashCache['hash']>; recorded: RunConfig }>();
  const env = runEnvironment();
  const runs = specs.map((s, i): PreparedRun => {
    const job: ClaimedJob = {
      id: jobIds[i]!,
      scriptId: s.script.id,
      scriptPath: s.script.path,
      runConfig: o.runConfig,
      argv: o.argv,
      reason: s.reason ?? o.reason ?? null,
      tags: o.tags ?? [],
      // As a local run records them: the run config's parameters under the job's.
      params: effectiveParams(runConfig.params, s.params),
      batch: o.batch ?? null,
      runId: runIds[i]!,
      sweepId: s.sweepId ?? null,
      figuresSubdir: s.figuresSubdir ?? null,
    };
    const scriptAbs = join(root, job.scriptPath);
    const dir = runDir(root, job.runId);
    if (!array) mkdirSync(dir, { recursive: true });
    let one = perScript.get(scriptAbs);
    if (!one)
      perScript.set(
        scriptAbs,
        (one = {
          hashed: hashes.hash(scriptAbs),
          recorded: recordedConfig(config, runConfig, o.runConfig, scriptAbs),
        }),
      );
    const start = startRow(
      {
        job,
        config: one.recorded,
        scriptHash: one.hashed?.hash ?? null,
        startedAt: now,
        stdoutPath: `.simorg/runs/${job.runId}/stdout.txt`,
        stderrPath: `.simorg/runs/${job.runId}/stderr.txt`,
        git,
        env,
        worker: { host: SLURM_WORKER, pid: 0 },
      },
      one.hashed?.size ?? null,
    );
    // Until sbatch answers: an array's runs name their array's folder, so a sync finds their job files.
    start.worker = array ? `${SLURM_WORKER}:@${array.batch}` : SLURM_WORKER;
    const cmd = cmdOf(job.scriptPath);
    const file: SlurmJobFile = {
      version: 1,
      start,
      scriptAbs,
      hooked: cmd.hooked,
      slurmJobId: null,
      time,
      figuresSubdir: job.figuresSubdir ?? null,
      ...(array ? { array: { dir: array.dir, task: i }, log: join(array.dir, `slurm-${i}.txt`) } : {}),
    };
    if (!array) putJson(dir, JOB_FILE, file);
    return { job, dir, start, file, cmd };
  });
  writeStarts(
    db,
    runs.map((r) => r.start),
  );
  return { runs, runConfig, args, startedAt: now };
}

/** The script's folder: where it runs, as locally. */
export const cwdOf = (r: PreparedRun): string => dirname(r.file.scriptAbs);
