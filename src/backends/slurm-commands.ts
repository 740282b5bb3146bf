// The Slurm commands simorg calls (sbatch, squeue, scontrol, scancel), each once per need and never
// per job where one call can answer for all: a thousand runs cost one squeue, not a thousand.
import { execFileSync } from 'node:child_process';
import { RunError, UsageError } from '../errors.js';
import { canExecute } from '../run/command-line.js';

/** Throws the one-line usage error of a machine without Slurm: before anything is queued. */
export function requireSlurm(): void {
  if (canExecute('sbatch')) return;
  throw new UsageError("--backend slurm: 'sbatch' was not found on PATH, so no job can be sent to Slurm", {
    code: 'E_NO_SLURM',
    hint: 'run on a machine with Slurm (a login node), or use --backend local',
  });
}

function call(cmd: string, args: string[], timeoutMs = 30_000): string {
  return execFileSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

const stderrOf = (err: unknown): string =>
  String((err as { stderr?: unknown }).stderr ?? (err as Error).message ?? err)
    .trim()
    .split('\n')
    .filter(Boolean)
    .pop() ?? 'no message';

/** Submits `scriptFile` with `args`; returns the job id. A refusal is a RunError carrying sbatch's reason. */
export function sbatch(args: string[], scriptFile: string): number {
  let out: string;
  try {
    out = call('sbatch', ['--parsable', ...args, scriptFile]);
  } catch (err) {
    throw new RunError(`sbatch refused the job: ${stderrOf(err)}`, { code: 'E_SLURM', cause: err });
  }
  // --parsable prints `id` or `id;cluster`.
  const id = Number(out.trim().split(';')[0]);
  if (!Number.isInteger(id) || id <= 0)
    throw new RunError(`sbatch printed no job id (it printed ${JSON.stringify(out.trim())})`, {
      code: 'E_SLURM',
    });
  return id;
}

export interface LiveJob {
  /** Slurm's state word: PENDING, RUNNING, COMPLETING, SUSPENDED... */
  state: string;
  /** Why it waits (Resources, Priority...) or None. */
  reason: string;
}

/**
 * The jobs of this user Slurm still lists, by id (`12`, or `12_3` for a task of an array: --array
 * lists each task on its own line, pending ones too), from one squeue call. Null when squeue cannot
 * answer (the controller is down): then no job may be judged gone.
 */
export function liveJobs(): Map<string, LiveJob> | null {
  let out: string;
  try {
    out = call('squeue', ['--me', '--noheader', '--array', '--format=%i|%T|%r']);
  } catch {
    return null;
  }
  const jobs = new Map<string, LiveJob>();
  for (const line of out.split('\n')) {
    const [id, state, reason] = line.trim().split('|');
    if (id && /^\d+(_\d+)?$/.test(id)) jobs.set(id, { state: state ?? '', reason: reason ?? '' });
  }
  return jobs;
}

/** What scontrol still knows of an ended job (kept MinJobAge, 5 min by default), or null. */
export function endedJob(id: string): { state: string; reason: string } | null {
  let out: string;
  try {
    out = call('scontrol', ['show', 'job', '--oneliner', id]);
  } catch {
    return null; // purged, or no scontrol: the run folder has to do
  }
  const state = /\bJobState=(\S+)/.exec(out)?.[1];
  const reason = /\bReason=(\S+)/.exec(out)?.[1];
  return state ? { state, reason: reason ?? 'None' } : null;
}

/** Cancels Slurm jobs; a job already gone is not an error. */
export function scancel(ids: string[]): void {
  if (!ids.length) return;
  try {
    call('scancel', ids);
  } catch (err) {
    const msg = stderrOf(err);
    if (!/Invalid job id|already completing or completed/i.test(msg))
      throw new RunError(`scancel failed: ${msg}`, { code: 'E_SLURM', cause: err });
  }
}
