import type { RunConfig } from '../config/types.js';
import type { CommandLine } from './command-line.js';
import type { ManifestRead } from './record-writer.js';
import type { RunStatus } from '../store/run-rows.js';
import type { ChildResult } from './spawn.js';
import { failureFromStderr } from './stderr-tail.js';

/** Why a run was stopped from outside: pass one of these as the AbortSignal's reason. */
export type StopReason = 'timeout' | 'cancel' | 'requeue';

export type EndStatus = Exclude<RunStatus, 'running'>;
export type RunError = { message: string; stack?: string | null };

/**
 * A finished script's status and error, from the first that applies: stopped from outside (timeout,
 * cancel), a manifest that cannot be recorded, the error the hook reported, a process that never
 * started, else the tail of its stderr for a failure.
 */
export function describeEnd(
  result: ChildResult,
  stopped: StopReason | null,
  runConfig: RunConfig,
  cmd: CommandLine,
  read: ManifestRead,
  stderrFile: string,
): { status: EndStatus; error: RunError | null } {
  const { exitCode, signal } = result;
  if (stopped === 'timeout')
    return {
      status: 'timed-out',
      error: { message: `timed out after ${runConfig.timeout} s (run config '${runConfig.name}')` },
    };
  if (stopped) return { status: 'cancelled', error: { message: 'cancelled' } };
  if (read.problem)
    return { status: 'failed', error: { message: `the run cannot be recorded as it ran: ${read.problem}` } };
  const status: EndStatus = exitCode === 0 ? 'succeeded' : 'failed';
  const reported = read.manifest?.error;
  if (reported) return { status, error: { message: reported.message, stack: reported.stack ?? null } };
  if (result.error && exitCode === null && !signal)
    return { status, error: { message: `could not start ${cmd.file}: ${result.error.message}` } };
  return { status, error: status === 'failed' ? failureFromStderr(stderrFile, exitCode, signal) : null };
}
