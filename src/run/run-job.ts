import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../project.js';
import { describeEnd } from './job-failure.js';
import { RunRecorder, type RunOutcome } from './job-record.js';
import { setUpJob } from './job-setup.js';
import { supervise } from './job-supervise.js';
import type { ClaimedJob, WorkerId } from '../store/jobs.js';
import { readManifest, readMetricsFile } from './record-writer.js';
import { figuresOnDisk } from './run-folder.js';

export { runDir } from './run-folder.js';
export type { StopReason } from './job-failure.js';
export type { RunOutcome } from './job-record.js';

export interface RunJobOptions {
  worker: WorkerId;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when a run is stopped. Default: the run config's killGrace, else 5 s. */
  graceMs?: number;
  /** Where lines about the run's bookkeeping go (a database it waits for). Default: stderr. */
  say?: (line: string) => void;
}

const sayToStderr = (line: string) => {
  process.stderr.write(line + '\n');
};

/**
 * Runs one claimed job to its end and records it: set up (job-setup.ts), supervised
 * (job-supervise.ts), its end described (job-failure.ts) and recorded (job-record.ts). Never throws
 * for a failure of the script itself.
 */
export async function runJob(
  project: Project,
  queued: ClaimedJob,
  options: RunJobOptions,
): Promise<RunOutcome> {
  const setup = setUpJob(project, queued);
  const recorder = new RunRecorder(project, setup, options.worker, options.say ?? sayToStderr);
  const { job, runConfig, cmd, dir } = setup;
  if (!cmd || !runConfig)
    return recorder.finish(await recorder.startRow(), { status: 'failed', error: setup.setupError });

  const files = {
    params: join(dir, 'params.json'),
    metrics: join(dir, 'metrics.json'),
    figuresSubdir: job.figuresSubdir,
  };
  writeWhole(files.params, JSON.stringify(job.params, null, 2) + '\n');
  const graceMs = options.graceMs ?? (runConfig.killGrace !== undefined ? runConfig.killGrace * 1000 : 5000);
  const { result, stopped, start } = await supervise(project, { ...setup, cmd, runConfig }, recorder, {
    graceMs,
    signal: options.signal,
    files,
  });

  const read = cmd.hooked ? readManifest(setup.manifestFile) : { manifest: null, problem: null };
  const manifest = read.manifest;
  // Killed while saving (no manifest): the figures it did save are on disk, and recorded.
  const onDisk =
    cmd.hooked && !manifest
      ? figuresOnDisk(setup.scriptAbs, project.config.outputDir, setup.startedAt, job.figuresSubdir)
      : undefined;
  const { status, error } = describeEnd(
    result,
    stopped,
    runConfig,
    cmd,
    read,
    join(project.root, setup.stderrRel),
  );
  return recorder.finish(start, {
    status,
    exitCode: result.exitCode,
    signal: result.signal,
    error,
    manifest,
    jobState: stopped === 'requeue' ? 'queued' : 'done',
    figures: onDisk,
    metrics: { ...readMetricsFile(files.metrics), ...(manifest?.metrics ?? {}) },
  });
}

// A temporary file renamed: a script never reads half of its parameters.
function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}
