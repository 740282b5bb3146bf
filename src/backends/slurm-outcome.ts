// How a Slurm run ended, judged from its folder first (the job's exit.json, Slurm's own line in
// slurm.txt, the cancel mark) and from what scontrol still knows only when the folder is silent:
// it works without accounting (no sacct), and after Slurm has forgotten the job.
import { join } from 'node:path';
import type { RunEnd } from '../run/record-writer.js';
import { failureFromStderr } from '../run/stderr-tail.js';
import {
  cancelRequested,
  slurmLogOf,
  slurmStopLine,
  type ExitFile,
  type SlurmJobFile,
  type StartedFile,
} from './slurm-folder.js';

/** How a Slurm job ended, as a run's end is written; a null error: the manifest's or stderr says it (slurm-sync.ts). */
export type Verdict = Pick<RunEnd, 'status' | 'exitCode' | 'signal' | 'error' | 'startedAt' | 'endedAt'>;

/** What scontrol said of a job that left squeue, when it still knew it. */
export interface GoneJob {
  state: string;
  reason: string;
}

const STATE_WORDS: Record<string, string> = {
  OUT_OF_MEMORY: 'killed for using more memory than asked for (out of memory)',
  NODE_FAIL: 'its node failed',
  BOOT_FAIL: 'its node failed to boot',
  DEADLINE: 'its deadline passed',
  PREEMPTED: 'preempted',
  FAILED: 'failed',
};

/** The outcome of a run whose job wrote exit.json. */
export function fromExit(
  dir: string,
  job: SlurmJobFile,
  started: StartedFile | null,
  exit: ExitFile,
  gone: () => GoneJob | null,
): Verdict {
  const startedAt = started?.startedAt ?? job.start.startedAt;
  const base = { exitCode: exit.exitCode, signal: exit.signal, startedAt, endedAt: exit.endedAt };
  if (exit.error) return { ...base, status: 'failed', error: { message: exit.error } };
  if (exit.stopped) return { ...base, ...stopped(dir, job, gone) };
  if (exit.exitCode === 0) return { ...base, status: 'succeeded', error: null };
  return { ...base, status: 'failed', error: null };
}

/** The outcome of a run whose job left Slurm without writing exit.json (killed outright, or never started). */
export function fromGone(
  dir: string,
  job: SlurmJobFile,
  started: StartedFile | null,
  info: GoneJob | null,
  now: number,
): Verdict {
  const startedAt = started?.startedAt ?? job.start.startedAt;
  const base = { exitCode: null, signal: started ? 'SIGKILL' : null, startedAt, endedAt: now };
  const how = stopped(dir, job, () => info);
  if (how.status !== 'failed') return { ...base, ...how };
  const id = job.slurmJobId ?? '?';
  if (!started) {
    const why =
      info && info.reason !== 'None'
        ? `${info.state}, reason ${info.reason}`
        : (info?.state ?? 'no longer known to Slurm');
    return {
      ...base,
      status: 'failed',
      error: { message: `the Slurm job ${id} ended without starting the script (${why})` },
    };
  }
  if (how.error) return { ...base, ...how };
  return {
    ...base,
    status: 'failed',
    error: {
      message: `the Slurm job ${id} ended without writing its outcome (${info?.state ?? 'no longer known to Slurm'}); see ${slurmLogOf(dir, job)}`,
    },
  };
}

// Why Slurm stopped the job: its own log line, then our cancel mark, then scontrol's state.
function stopped(
  dir: string,
  job: SlurmJobFile,
  gone: () => GoneJob | null,
): Pick<Verdict, 'status' | 'error'> {
  const line = slurmStopLine(slurmLogOf(dir, job));
  const timedOut = () => ({
    status: 'timed-out' as const,
    error: {
      message: `timed out: the Slurm time limit${job.time ? ` (--time ${job.time})` : ''} was reached`,
    },
  });
  const cancelled = { status: 'cancelled' as const, error: { message: 'cancelled' } };
  if (line?.kind === 'time') return timedOut();
  if (line?.kind === 'cancel' || cancelRequested(dir)) return cancelled;
  if (line?.kind === 'other') return { status: 'failed', error: { message: line.text } };
  const info = gone();
  if (info?.state === 'TIMEOUT') return timedOut();
  if (info?.state === 'CANCELLED' && info.reason === 'DependencyNeverSatisfied')
    return {
      status: 'cancelled',
      error: { message: 'not started: a script upstream of it failed (Slurm: DependencyNeverSatisfied)' },
    };
  if (info?.state === 'CANCELLED') return cancelled;
  if (info && STATE_WORDS[info.state])
    return { status: 'failed', error: { message: `stopped by Slurm: ${STATE_WORDS[info.state]}` } };
  return { status: 'failed', error: null };
}

/** The error of a failed script with no manifest error: the tail of its stderr, as for local runs. */
export function stderrFailure(
  root: string,
  job: SlurmJobFile,
  v: Verdict,
): { message: string; stack: string | null } {
  return failureFromStderr(join(root, job.start.stderrPath ?? ''), v.exitCode, v.signal);
}
