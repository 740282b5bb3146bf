import { appendFileSync, closeSync, openSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { RunConfig } from '../config/types.js';
import type { Project } from '../project.js';
import { childEnv } from './child-env.js';
import type { CommandLine } from './command-line.js';
import type { StopReason } from './job-failure.js';
import type { RunRecorder } from './job-record.js';
import type { JobSetup } from './job-setup.js';
import { describeProcesses, signalRun } from './process-group.js';
import { recordChildPid, type StartRow } from '../store/run-rows.js';
import { startChild, type ChildResult, type Exit } from './spawn.js';

export interface Supervision {
  /** Time between SIGTERM and SIGKILL when the run is stopped. */
  graceMs: number;
  signal?: AbortSignal;
  /** The files the script is told of: its parameters, its metrics, its figures' folder. */
  files: { params: string; metrics: string; figuresSubdir?: string | null };
}

// Test-only: SIMORG_TEST_START_DELAY_MS holds a run between its spawn and its start record, to
// reproduce a worker killed in that window (test/faults/run-orphans.test.ts). Never set it otherwise.
const testStartDelay = () => Number(process.env.SIMORG_TEST_START_DELAY_MS) || 0;

/**
 * Starts the script and watches it to its end: its output straight to the run folder, its process
 * group in the job row at once, its start recorded while it starts, stopped (SIGTERM, then SIGKILL
 * after the grace period) on its timeout or when `signal` aborts, and whatever it left running
 * ended with it.
 */
export async function supervise(
  project: Project,
  setup: JobSetup & { cmd: CommandLine; runConfig: RunConfig },
  recorder: RunRecorder,
  s: Supervision,
): Promise<{ result: ChildResult; stopped: StopReason | null; start: StartRow }> {
  const { root, config, db } = project;
  const { job, runConfig, cmd } = setup;
  const out = openSync(join(root, setup.stdoutRel), 'w');
  const err = openSync(join(root, setup.stderrRel), 'w');
  let child: Exit;
  try {
    // The child writes the files itself: nothing is lost when it is killed.
    child = startChild(cmd.file, cmd.args, {
      cwd: dirname(setup.scriptAbs),
      env: childEnv(process.env, runConfig, config, job.runId, setup.manifestFile, s.files),
      stdout: out,
      stderr: err,
    });
  } finally {
    closeSync(out);
    closeSync(err);
  }
  const pid = child.pid;
  // A worker killed from here on leaves a script the next command can find and stop (and the run
  // id finds what left the group).
  if (pid !== undefined) {
    try {
      recordChildPid(db, job.id, job.runId, pid);
    } catch {
      // busy: the start record below carries it too
    }
  }
  let stopped: StopReason | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const stop = (reason: StopReason) => {
    if (stopped || pid === undefined) return;
    stopped = reason;
    signalRun(job.runId, 'SIGTERM', pid);
    killTimer = setTimeout(() => signalRun(job.runId, 'SIGKILL', pid), s.graceMs);
  };
  const timeout = runConfig.timeout;
  const timer = timeout && timeout > 0 ? setTimeout(() => stop('timeout'), timeout * 1000) : undefined;
  const onAbort = () => stop((s.signal?.reason as StopReason) === 'requeue' ? 'requeue' : 'cancel');
  if (s.signal?.aborted) onAbort();
  s.signal?.addEventListener('abort', onAbort);
  if (testStartDelay()) await new Promise((r) => setTimeout(r, testStartDelay()));
  // Recorded once the script is on its way (the bookkeeping overlaps its start-up), waiting out a
  // locked database while the script runs; if it never gets in, its end record brings it.
  const start = await recorder.startRow(pid);
  const started = recorder.writeStart(start);
  const result = await child.done;
  clearTimeout(timer);
  clearTimeout(killTimer);
  s.signal?.removeEventListener('abort', onAbort);
  if (pid !== undefined) endLeftovers(root, setup, pid);
  await started;
  return { result, stopped, start };
}

// The run ends with its script: whatever it left running, in its group or out of it (setsid,
// detached children), is ended too, and its stderr says what that was.
function endLeftovers(root: string, setup: JobSetup, pid: number): void {
  // A short run cannot have gone through the whole pid range: only pids newer than its own are read.
  const recent = Date.now() - setup.startedAt < 5000 ? pid : undefined;
  const left = signalRun(setup.job.runId, 'SIGKILL', pid, recent);
  if (!left.length) return;
  try {
    appendFileSync(
      join(root, setup.stderrRel),
      `simorg: killed ${left.length} process${left.length === 1 ? '' : 'es'} the script left running when it ended: ${describeProcesses(left)}\n`,
    );
  } catch {
    // the run folder is gone: nothing to tell
  }
}
