import {
  appendFileSync,
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { NODE_SCRIPT_EXTENSIONS } from '../config/defaults.js';
import { effectiveParams } from '../config/params.js';
import type { RunConfig } from '../config/types.js';
import { isSimorgError } from '../errors.js';
import { HashCache } from '../fresh/hash.js';
import type { Project } from '../project.js';
import { commandLine, withLauncher, type CommandLine } from './command-line.js';
import { waitToWrite } from './db-wait.js';
import { gitState, runEnvironment } from './environment.js';
import { childEnv } from './child-env.js';
import type { ClaimedJob, WorkerId } from './job.js';
import {
  endRow,
  figureCount,
  readMetricsFile,
  readManifest,
  recordChildPid,
  startRow,
  writeRun,
  writeStart,
  type EndRow,
  type RunStatus,
  type StartRow,
} from './record.js';
import { figuresOnDisk, runDir, writeOutcome } from './run-folder.js';
import { startChild, type Exit } from './spawn.js';
import { describeProcesses, signalRun } from './process-group.js';
import { failureFromStderr } from './stderr-tail.js';

export { runDir } from './run-folder.js';

/** Why a run was stopped from outside: pass one of these as the AbortSignal's reason. */
export type StopReason = 'timeout' | 'cancel' | 'requeue';

export interface RunJobOptions {
  worker: WorkerId;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when a run is stopped. Default: the run config's killGrace, else 5 s. */
  graceMs?: number;
  /** Where lines about the run's bookkeeping go (a database it waits for). Default: stderr. */
  say?: (line: string) => void;
}

export interface RunOutcome {
  jobId: number;
  runId: string;
  script: string;
  status: Exclude<RunStatus, 'running'>;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  figures: number;
  error: string | null;
}

const sayToStderr = (line: string) => {
  process.stderr.write(line + '\n');
};

// Test-only: SIMORG_TEST_START_DELAY_MS holds a run between its spawn and its start record, to
// reproduce a worker killed in that window (test/faults/run-orphans.test.ts). Never set it otherwise.
const testStartDelay = () => Number(process.env.SIMORG_TEST_START_DELAY_MS) || 0;

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

/** Runs one claimed job to its end and records it. Never throws for a failure of the script itself. */
export async function runJob(
  project: Project,
  queued: ClaimedJob,
  options: RunJobOptions,
): Promise<RunOutcome> {
  const { root, config, db } = project;
  const say = options.say ?? sayToStderr;
  const scriptAbs = join(root, queued.scriptPath);
  const dir = runDir(root, queued.runId);
  makeRunDir(dir);
  const rc = config.runConfigs[queued.runConfig];
  // The run's parameters are its run config's with the job's over them, recorded as such.
  const job: ClaimedJob = { ...queued, params: effectiveParams(rc?.params, queued.params) };
  const manifestFile = join(dir, 'manifest.json');
  const startedAt = Date.now();
  const hashed = new HashCache(db).hash(scriptAbs);
  let cmd: CommandLine | null = null;
  let setupError: { message: string; stack?: string } | null = null;
  if (!rc)
    setupError = {
      message: `unknown run config '${job.runConfig}' (known: ${Object.keys(config.runConfigs).join(', ')})`,
    };
  else if (!hashed) setupError = { message: `the script ${job.scriptPath} does not exist` };
  else {
    try {
      cmd = withLauncher(
        commandLine(
          config,
          scriptAbs,
          [...rc.argv, ...job.argv],
          childEnv(process.env, rc, config, job.runId, manifestFile),
        ),
        rc.launcher,
      );
    } catch (err) {
      if (!isSimorgError(err)) throw err;
      setupError = { message: err.hint ? `${err.message}; ${err.hint}` : err.message };
    }
  }
  const stdoutRel = `.simorg/runs/${job.runId}/stdout.txt`;
  const stderrRel = `.simorg/runs/${job.runId}/stderr.txt`;
  const label = `run ${job.runId} (${job.scriptPath})`;
  // `git status` (when its cached answer is old) runs while the script starts, not before it.
  const git = gitState(root);
  const makeStart = async (childPid?: number): Promise<StartRow> =>
    startRow(
      {
        job,
        config: recordedConfig(config, rc, job.runConfig, scriptAbs),
        scriptHash: hashed?.hash ?? null,
        startedAt,
        stdoutPath: cmd ? stdoutRel : null,
        stderrPath: cmd ? stderrRel : null,
        git: await git,
        env: runEnvironment(),
        worker: options.worker,
      },
      hashed?.size ?? null,
      childPid,
    );
  const finish = async (
    start: StartRow,
    status: RunOutcome['status'],
    extra: Partial<RunOutcome>,
    error: { message: string; stack?: string | null } | null,
    manifest: ReturnType<typeof readManifest>['manifest'],
    jobState: 'done' | 'queued',
    figures?: ReturnType<typeof figuresOnDisk>,
    metrics?: Record<string, unknown>,
  ) => {
    const endedAt = Date.now();
    const end = endRow(db, root, {
      runId: job.runId,
      jobId: job.id,
      status,
      exitCode: extra.exitCode ?? null,
      signal: extra.signal ?? null,
      error,
      endedAt,
      startedAt,
      scriptAbs,
      manifest,
      figures,
      jobState,
      metrics,
    });
    const recorded = await record(start, end);
    return {
      jobId: job.id,
      runId: job.runId,
      script: job.scriptPath,
      status: recorded.status,
      exitCode: extra.exitCode ?? null,
      signal: extra.signal ?? null,
      durationMs: endedAt - startedAt,
      figures: figureCount(recorded),
      error: recorded.errorMessage,
    };
  };
  // The outcome goes to the run folder first, then to the database, waiting out a lock; what the
  // database refuses for this run alone (a constraint) is recorded as this run's failure.
  const record = async (start: StartRow, end: EndRow): Promise<EndRow> => {
    try {
      writeOutcome(dir, { start, end });
    } catch (err) {
      say(`simorg: could not keep the outcome of ${label} in ${dir}: ${(err as Error).message}`);
    }
    try {
      const done = await waitToWrite(() => writeRun(db, start, end), { what: `the end of ${label}`, say });
      if (!done)
        say(
          `simorg: ${label} ended ${end.status}, but the database stayed unavailable; the next simorg queue, worker or run command records it from ${dir}`,
        );
      return end;
    } catch (err) {
      const failed: EndRow = {
        ...end,
        status: 'failed',
        files: [],
        figures: [],
        errorMessage: `its record could not be written: ${(err as Error).message} (it ended ${end.status})`,
        errorStack: null,
      };
      writeOutcome(dir, { start, end: failed });
      await waitToWrite(() => writeRun(db, start, failed), { what: `the end of ${label}`, say });
      return failed;
    }
  };
  if (!cmd || !rc) return finish(await makeStart(), 'failed', {}, setupError, null, 'done');

  const files = {
    params: join(dir, 'params.json'),
    metrics: join(dir, 'metrics.json'),
    figuresSubdir: job.figuresSubdir,
  };
  writeWhole(files.params, JSON.stringify(job.params, null, 2) + '\n');
  const out = openSync(join(root, stdoutRel), 'w');
  const err = openSync(join(root, stderrRel), 'w');
  let stopped: StopReason | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  let child: Exit;
  try {
    // Output goes straight to the files (the child writes them itself): nothing is lost when it is killed.
    child = startChild(cmd.file, cmd.args, {
      cwd: dirname(scriptAbs),
      env: childEnv(process.env, rc, config, job.runId, manifestFile, files),
      stdout: out,
      stderr: err,
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pid = child.pid;
  // The process group goes into the job row at once: a worker killed from here on leaves a script
  // that the next command can find and stop (and the run id finds what left the group).
  if (pid !== undefined) {
    try {
      recordChildPid(db, job.id, job.runId, pid);
    } catch {
      // busy: the start record below carries it too
    }
  }
  const graceMs = options.graceMs ?? (rc.killGrace !== undefined ? rc.killGrace * 1000 : 5000);
  const stop = (reason: StopReason) => {
    if (stopped || pid === undefined) return;
    stopped = reason;
    signalRun(job.runId, 'SIGTERM', pid);
    killTimer = setTimeout(() => signalRun(job.runId, 'SIGKILL', pid), graceMs);
  };
  const timer =
    rc.timeout && rc.timeout > 0 ? setTimeout(() => stop('timeout'), rc.timeout * 1000) : undefined;
  const onAbort = () => stop((options.signal?.reason as StopReason) === 'requeue' ? 'requeue' : 'cancel');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  if (testStartDelay()) await new Promise((r) => setTimeout(r, testStartDelay()));
  // Recorded once the script is on its way (the bookkeeping overlaps its start-up), waiting out a
  // locked database while the script runs; if it never gets in, its end record brings it.
  const start = await makeStart(pid);
  const started = waitToWrite(() => writeStart(db, start), { what: `the start of ${label}`, say }).catch(
    (e: unknown) => {
      say(`simorg: could not record the start of ${label}: ${(e as Error).message}`);
      return false;
    },
  );
  const result = await child.done;
  clearTimeout(timer);
  clearTimeout(killTimer);
  options.signal?.removeEventListener('abort', onAbort);
  // The run ends with its script: whatever it left running, in its group or out of it (setsid,
  // detached children), is ended too, and its stderr says what that was.
  if (pid !== undefined) {
    // A short run cannot have gone through the whole pid range: only pids newer than its own are read.
    const left = signalRun(job.runId, 'SIGKILL', pid, Date.now() - startedAt < 5000 ? pid : undefined);
    if (left.length) {
      try {
        appendFileSync(
          join(root, stderrRel),
          `simorg: killed ${left.length} process${left.length === 1 ? '' : 'es'} the script left running when it ended: ${describeProcesses(left)}\n`,
        );
      } catch {
        // the run folder is gone: nothing to tell
      }
    }
  }
  await started;

  const read = cmd.hooked ? readManifest(manifestFile) : { manifest: null, problem: null };
  const manifest = read.manifest;
  // Killed while saving (no manifest): the figures it did save are on disk, and recorded.
  const onDisk =
    cmd.hooked && !manifest
      ? figuresOnDisk(scriptAbs, config.outputDir, startedAt, job.figuresSubdir)
      : undefined;
  const { exitCode, signal } = result;
  let status: RunOutcome['status'] =
    stopped === 'timeout' ? 'timed-out' : stopped ? 'cancelled' : exitCode === 0 ? 'succeeded' : 'failed';
  let error: { message: string; stack?: string | null } | null = null;
  if (stopped === 'timeout') error = { message: `timed out after ${rc.timeout} s (run config '${rc.name}')` };
  else if (stopped) error = { message: 'cancelled' };
  else if (read.problem) {
    status = 'failed';
    error = { message: `the run cannot be recorded as it ran: ${read.problem}` };
  } else if (manifest?.error)
    error = { message: manifest.error.message, stack: manifest.error.stack ?? null };
  else if (result.error && exitCode === null && !signal)
    error = { message: `could not start ${cmd.file}: ${result.error.message}` };
  else if (status === 'failed') error = failureFromStderr(join(root, stderrRel), exitCode, signal);
  const metrics = { ...readMetricsFile(files.metrics), ...(manifest?.metrics ?? {}) };
  return finish(
    start,
    status,
    { exitCode, signal },
    error,
    manifest,
    stopped === 'requeue' ? 'queued' : 'done',
    onDisk,
    metrics,
  );
}

// A temporary file renamed: a script never reads half of its parameters.
function writeWhole(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

// The run config as recorded with the run; a script run by an interpreter also records the configured
// command (null: its shebang), so that changing `interpreters` makes it stale.
export function recordedConfig(
  config: Project['config'],
  rc: RunConfig | undefined,
  name: string,
  scriptAbs: string,
): RunConfig {
  const recorded = rc ?? { name, timeout: null, env: {}, argv: [] };
  const ext = extname(scriptAbs);
  if (NODE_SCRIPT_EXTENSIONS.includes(ext)) return recorded;
  return { ...recorded, interpreter: config.interpreters[ext] ?? null } as RunConfig;
}
