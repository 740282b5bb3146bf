import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_DIR } from '../config/defaults.js';
import { effectiveParams } from '../config/params.js';
import type { RunConfig } from '../config/types.js';
import { isSimorgError } from '../errors.js';
import { HashCache, type FileHash } from '../fresh/hash.js';
import type { Project } from '../project.js';
import { childEnv } from './child-env.js';
import { commandLine, withLauncher, type CommandLine } from './command-line.js';
import type { ClaimedJob } from '../store/jobs.js';
import { runDir } from './run-folder.js';

/** A claimed job made ready to start: its run folder, its command line, or why it cannot start. */
export interface JobSetup {
  /** The job with its effective parameters (its run config's, with the job's over them). */
  job: ClaimedJob;
  /** Undefined when the job names a run config the project no longer has. */
  runConfig: RunConfig | undefined;
  scriptAbs: string;
  /** The run folder, .simorg/runs/<run id>. */
  dir: string;
  manifestFile: string;
  /** The script as hashed now; null when it does not exist. */
  script: FileHash | null;
  /** Null when the job cannot start: `setupError` says why. */
  cmd: CommandLine | null;
  setupError: { message: string } | null;
  /** The output files, relative to the root (as recorded). */
  stdoutRel: string;
  stderrRel: string;
  startedAt: number;
}

// .simorg/runs/ exists after the first run: one mkdir, not a recursive walk, for each run after it.
function makeRunDir(dir: string): void {
  try {
    mkdirSync(dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT') throw err;
    mkdirSync(dir, { recursive: true });
  }
}

/** Checks what a job needs before its script can start, and builds its command line. */
export function setUpJob(project: Project, queued: ClaimedJob): JobSetup {
  const { root, config, db } = project;
  const scriptAbs = join(root, queued.scriptPath);
  const dir = runDir(root, queued.runId);
  makeRunDir(dir);
  const runConfig = config.runConfigs[queued.runConfig];
  const job: ClaimedJob = { ...queued, params: effectiveParams(runConfig?.params, queued.params) };
  const manifestFile = join(dir, 'manifest.json');
  const startedAt = Date.now();
  const script = new HashCache(db).hash(scriptAbs);
  let cmd: CommandLine | null = null;
  let setupError: { message: string } | null = null;
  if (!runConfig)
    setupError = {
      message: `unknown run config '${job.runConfig}' (known: ${Object.keys(config.runConfigs).join(', ')})`,
    };
  else if (!script) setupError = { message: `the script ${job.scriptPath} does not exist` };
  else {
    try {
      cmd = withLauncher(
        commandLine(
          config,
          scriptAbs,
          [...runConfig.argv, ...job.argv],
          childEnv(process.env, runConfig, config, job.runId, manifestFile),
        ),
        runConfig.launcher,
      );
    } catch (err) {
      if (!isSimorgError(err)) throw err;
      setupError = { message: err.hint ? `${err.message}; ${err.hint}` : err.message };
    }
  }
  return {
    job,
    runConfig,
    scriptAbs,
    dir,
    manifestFile,
    script,
    cmd,
    setupError,
    stdoutRel: `${RUNS_DIR}/${job.runId}/stdout.txt`,
    stderrRel: `${RUNS_DIR}/${job.runId}/stderr.txt`,
    startedAt,
  };
}
