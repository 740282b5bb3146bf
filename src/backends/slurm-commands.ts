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

/** How long sbatch may take to answer; SIMORG_TEST_SBATCH_TIMEOUT_MS shortens it for tests only. */
const sbatchTimeoutMs = (): number => Number(process.env.SIMORG_TEST_SBATCH_TIMEOUT_MS) || 30_000;

/**
 * Submits `scriptFile` with `args`, marked with `--comment=<tag>` (`simorg:<run or batch id>`);
 * returns the job id. A refusal is a RunError carrying sbatch's reason. An sbatch that does not
 * answer in time may still have submitted the job (a slow controller): the job is looked for by
 * its comment, and only when squeue lists none is the submission given up, saying so.
 */
export function sbatch(args: string[], scriptFile: string, tag: string): number {
  let out: string;
  const timeoutMs = sbatchTimeoutMs();
  try {
    // The comment first: a raw `--sbatch '--comment=...'` of the user's wins (then a timed-out
    // submission cannot be found, and is said to be unknown).
    out = call('sbatch', ['--parsable', `--comment=${tag}`, ...args, scriptFile], timeoutMs);
  } catch (err) {
    if ((err as { code?: string }).code !== 'ETIMEDOUT')
      throw new RunError(`sbatch refused the job: ${stderrOf(err)}`, { code: 'E_SLURM', cause: err });
    const found = jobByComment(tag);
    if (found !== null) return found;
    throw new RunError(
      `sbatch did not answer within ${timeoutMs / 1000} s and squeue lists no job with comment ${tag}: ` +
        'whether it was submitted is unknown (look with `squeue --me`; a job found there runs unrecorded)',
      { code: 'E_SLURM', cause: err },
    );
  }
  // --parsable prints `id` or `id;cluster`.
  const id = Number(out.trim().split(';')[0]);
  if (!Number.isInteger(id) || id <= 0)
    throw new RunError(`sbatch printed no job id (it printed ${JSON.stringify(out.trim())})`, {
      code: 'E_SLURM',
    });
  return id;
}

/**
 * The job (an array's job id for an array) whose comment is `tag`, among those Slurm still knows
 * (pending, running, or ended within MinJobAge: `--states=all`); null when none, or squeue cannot say.
 */
export function jobByComment(tag: string): number | null {
  let out: string;
  try {
    out = call('squeue', ['--me', '--noheader', '--states=all', '--format=%F|%k']);
  } catch {
    return null;
  }
  for (const line of out.split('\n')) {
    const bar = line.indexOf('|');
    if (bar > 0 && line.slice(bar + 1).trim() === tag) return Number(line.slice(0, bar).trim());
  }
  return null;
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

/**
 * What scontrol still knows of jobs that left squeue (kept MinJobAge, 5 min by default), by id as
 * squeue names them (`12`, `12_3`), from ONE call for all: a thousand tasks of a cancelled array
 * must not cost a thousand scontrol calls (~0.1 s each). Null when scontrol cannot answer; an id
 * absent from the map is purged, and its run folder has to do.
 */
export function knownJobs(): Map<string, { state: string; reason: string }> | null {
  let out: string;
  try {
    out = call('scontrol', ['show', 'job', '--oneliner'], 60_000);
  } catch {
    return null;
  }
  return parseScontrol(out);
}

/** `scontrol show job --oneliner` text as a map; an array's record of many tasks (`0-999%2`, `1,3-5`) names each. */
export function parseScontrol(text: string): Map<string, { state: string; reason: string }> {
  const jobs = new Map<string, { state: string; reason: string }>();
  for (const line of text.split('\n')) {
    const field = (k: string) => new RegExp(`\\b${k}=(\\S+)`).exec(line)?.[1];
    const id = field('JobId');
    const state = field('JobState');
    if (!id || !state) continue;
    const info = { state, reason: field('Reason') ?? 'None' };
    const arrayId = field('ArrayJobId');
    const tasks = field('ArrayTaskId')?.split('%')[0];
    if (!arrayId || !tasks || !/^[\d,-]+$/.test(tasks)) {
      jobs.set(id, info);
      continue;
    }
    for (const part of tasks.split(',')) {
      const [a, b = a] = part.split('-').map(Number);
      for (let t = a!; t <= b!; t++) jobs.set(`${arrayId}_${t}`, info);
    }
  }
  return jobs;
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
