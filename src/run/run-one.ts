import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { NODE_SCRIPT_EXTENSIONS } from '../config/defaults.js';
import type { RunConfig } from '../config/types.js';
import { isSimorgError } from '../errors.js';
import { HashCache } from '../fresh/hash.js';
import type { Project } from '../project.js';
import { commandLine, type CommandLine } from './command-line.js';
import { gitState, runEnvironment } from './environment.js';
import { childEnv } from './child-env.js';
import type { ClaimedJob, WorkerId } from './queue.js';
import { readManifest, recordEnd, recordStart, type RunStatus } from './record.js';
import { startChild, type Exit } from './spawn.js';
import { killGroup } from './process-group.js';
import { failureFromStderr } from './stderr-tail.js';

/** Why a run was stopped from outside: pass one of these as the AbortSignal's reason. */
export type StopReason = 'timeout' | 'cancel' | 'requeue';

export interface RunJobOptions {
  worker: WorkerId;
  signal?: AbortSignal;
  /** Time between SIGTERM and SIGKILL when a run is stopped. Default 5 s. */
  graceMs?: number;
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

/** The folder holding a run's output and manifest. */
export const runDir = (root: string, runId: string): string => join(root, '.simorg', 'runs', runId);

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
export async function runJob(project: Project, job: ClaimedJob, options: RunJobOptions): Promise<RunOutcome> {
  const { root, config, db } = project;
  const scriptAbs = join(root, job.scriptPath);
  const dir = runDir(root, job.runId);
  makeRunDir(dir);
  const rc = config.runConfigs[job.runConfig];
  const startedAt = Date.now();
  const hashed = new HashCache(db).hash(scriptAbs);
  let cmd: CommandLine | null = null;
  let setupError: { message: string; stack?: string } | null = null;
  if (!rc) setupError = { message: `unknown run config '${job.runConfig}' (known: ${Object.keys(config.runConfigs).join(', ')})` };
  else if (!hashed) setupError = { message: `the script ${job.scriptPath} does not exist` };
  else {
    try {
      cmd = commandLine(config, scriptAbs, [...rc.argv, ...job.argv]);
    } catch (err) {
      if (!isSimorgError(err)) throw err;
      setupError = { message: err.hint ? `${err.message}; ${err.hint}` : err.message };
    }
  }
  const stdoutRel = `.simorg/runs/${job.runId}/stdout.txt`;
  const stderrRel = `.simorg/runs/${job.runId}/stderr.txt`;
  // `git status` (when its cached answer is old) runs while the script starts, not before it.
  const git = gitState(root);
  const start = async (childPid?: number) =>
    recordStart(
      db,
      {
        job, config: recordedConfig(config, rc, job.runConfig, scriptAbs), scriptHash: hashed?.hash ?? null, startedAt,
        stdoutPath: cmd ? stdoutRel : null, stderrPath: cmd ? stderrRel : null, git: await git, env: runEnvironment(),
        worker: options.worker,
      },
      hashed?.size ?? null,
      childPid,
    );
  const finish = (status: RunOutcome['status'], extra: Partial<RunOutcome>, error: { message: string; stack?: string | null } | null,
    manifest: ReturnType<typeof readManifest>, jobState: 'done' | 'queued') => {
    const endedAt = Date.now();
    const figures = recordEnd(db, root, {
      runId: job.runId, jobId: job.id, status, exitCode: extra.exitCode ?? null, signal: extra.signal ?? null, error, endedAt, startedAt,
      scriptAbs, manifest, jobState,
    });
    return {
      jobId: job.id, runId: job.runId, script: job.scriptPath, status, exitCode: extra.exitCode ?? null, signal: extra.signal ?? null,
      durationMs: endedAt - startedAt, figures, error: error?.message ?? null,
    };
  };
  if (!cmd || !rc) {
    await start();
    return finish('failed', {}, setupError, null, 'done');
  }

  const manifestFile = join(dir, 'manifest.json');
  const out = openSync(join(root, stdoutRel), 'w');
  const err = openSync(join(root, stderrRel), 'w');
  let stopped: StopReason | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  let child: Exit;
  try {
    // Output goes straight to the files (the child writes them itself): nothing is lost when it is killed.
    child = startChild(cmd.file, cmd.args, {
      cwd: dirname(scriptAbs), env: childEnv(process.env, rc, config, job.runId, manifestFile), stdout: out, stderr: err,
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pid = child.pid;
  // Recorded once the script is on its way: the bookkeeping overlaps its start-up.
  try {
    await start(pid);
  } catch (e) {
    if (pid !== undefined) killGroup(pid, 'SIGKILL'); // not recorded, so not to be left running
    throw e;
  }
  const stop = (reason: StopReason) => {
    if (stopped || pid === undefined) return;
    stopped = reason;
    killGroup(pid, 'SIGTERM');
    killTimer = setTimeout(() => killGroup(pid, 'SIGKILL'), options.graceMs ?? 5000);
  };
  const timer = rc.timeout && rc.timeout > 0 ? setTimeout(() => stop('timeout'), rc.timeout * 1000) : undefined;
  const onAbort = () => stop((options.signal?.reason as StopReason) === 'requeue' ? 'requeue' : 'cancel');
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener('abort', onAbort);
  const result = await child.done;
  clearTimeout(timer);
  clearTimeout(killTimer);
  options.signal?.removeEventListener('abort', onAbort);
  // The script is gone; whatever it started and left behind after being stopped goes too.
  if (stopped && pid !== undefined) killGroup(pid, 'SIGKILL');

  const manifest = cmd.hooked ? readManifest(manifestFile) : null;
  const { exitCode, signal } = result;
  const status: RunOutcome['status'] =
    stopped === 'timeout' ? 'timed-out' : stopped ? 'cancelled' : exitCode === 0 ? 'succeeded' : 'failed';
  let error: { message: string; stack?: string | null } | null = null;
  if (stopped === 'timeout') error = { message: `timed out after ${rc.timeout} s (run config '${rc.name}')` };
  else if (stopped) error = { message: 'cancelled' };
  else if (manifest?.error) error = { message: manifest.error.message, stack: manifest.error.stack ?? null };
  else if (result.error && exitCode === null && !signal) error = { message: `could not start ${cmd.file}: ${result.error.message}` };
  else if (status === 'failed') error = failureFromStderr(join(root, stderrRel), exitCode, signal);
  return finish(status, { exitCode, signal }, error, manifest, stopped === 'requeue' ? 'queued' : 'done');
}

// The run config as recorded with the run; a script run by an interpreter also records the configured
// command (null: its shebang), so that changing `interpreters` makes it stale.
function recordedConfig(config: Project['config'], rc: RunConfig | undefined, name: string, scriptAbs: string): RunConfig {
  const recorded = rc ?? { name, timeout: null, env: {}, argv: [] };
  const ext = extname(scriptAbs);
  if (NODE_SCRIPT_EXTENSIONS.includes(ext)) return recorded;
  return { ...recorded, interpreter: config.interpreters[ext] ?? null } as RunConfig;
}
