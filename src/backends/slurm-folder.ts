// The files of a Slurm run in its run folder (.simorg/runs/<id>/): what the submitter wrote before
// sbatch (slurm-job.json), what the job wrote (started.json, exit.json, slurm.txt), and the mark
// `simorg queue cancel` leaves before scancel. Everything the database needs to take the run in.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StartRow } from '../store/run-rows.js';
import { EXIT_FILE, SLURM_LOG, STARTED_FILE } from './slurm-job-script.js';

export const JOB_FILE = 'slurm-job.json';
export const CANCEL_MARK = 'cancel-requested';

export interface SlurmJobFile {
  version: 1;
  /** The run's start row as submitted; its start time becomes the job's when it began. */
  start: StartRow;
  scriptAbs: string;
  /** Whether the script runs with the hook (a manifest is expected). */
  hooked: boolean;
  /**
   * Slurm's job id, once sbatch gave it (`<array>_<task>` for a task of an array: then it stays null
   * here and the array's own file, array.json, holds the array's id, written once for all its runs).
   */
  slurmJobId: number | string | null;
  /** The time limit asked for, for the message of a timed-out run. */
  time: string | null;
  /** A sweep job's folder below figures/<script>/ (absent in files of older versions). */
  figuresSubdir?: string | null;
  /** For a task of a job array: the array's folder and the task's index. */
  array?: { dir: string; task: number };
  /** Where Slurm writes the job's own messages, when not slurm.txt in the run folder. */
  log?: string;
}

/** Every run's job file of an array, in the array's folder, written once before sbatch. */
export const RUNS_FILE = 'runs.json';
export interface ArrayRunsFile {
  version: 1;
  jobs: SlurmJobFile[];
}

/** The array's file in its folder, written once sbatch answered. */
export const ARRAY_FILE = 'array.json';
export interface ArrayFile {
  version: 1;
  slurmJobId: number;
  count: number;
}

export interface StartedFile {
  startedAt: number;
  host: string;
  jobId: string;
}
export interface ExitFile {
  exitCode: number | null;
  signal: string | null;
  stopped: 'TERM' | null;
  endedAt: number;
  error?: string;
}

/** Writes `value` as JSON to `dir/name` through a temporary file. */
export function putJson(dir: string, name: string, value: unknown): void {
  const file = join(dir, name);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

export function readJson<T>(dir: string, name: string): T | null {
  try {
    const v = JSON.parse(readFileSync(join(dir, name), 'utf8')) as T & { version?: number };
    return v && typeof v === 'object' && v.version === 1 ? v : null;
  } catch {
    return null; // absent, or cut short: the job has not written it (yet)
  }
}

export const readJobFile = (dir: string): SlurmJobFile | null => readJson<SlurmJobFile>(dir, JOB_FILE);
export const readStarted = (dir: string): StartedFile | null => readJson<StartedFile>(dir, STARTED_FILE);
export const readExit = (dir: string): ExitFile | null => readJson<ExitFile>(dir, EXIT_FILE);
export const readArrayFile = (dir: string): ArrayFile | null => readJson<ArrayFile>(dir, ARRAY_FILE);

/** The run's Slurm job id as scancel, squeue and scontrol name it (`12` or `12_3`), or null before sbatch answered. */
export function slurmIdOf(job: SlurmJobFile, arrays?: Map<string, ArrayFile | null>): string | null {
  if (job.slurmJobId !== null) return String(job.slurmJobId);
  if (!job.array) return null;
  let a = arrays?.get(job.array.dir);
  if (a === undefined) {
    a = readArrayFile(job.array.dir);
    arrays?.set(job.array.dir, a);
  }
  return a ? `${a.slurmJobId}_${job.array.task}` : null;
}

/** The file Slurm writes the job's messages to. */
export const slurmLogOf = (dir: string, job: SlurmJobFile): string => job.log ?? join(dir, SLURM_LOG);

export function cancelRequested(dir: string): boolean {
  try {
    readFileSync(join(dir, CANCEL_MARK));
    return true;
  } catch {
    return false;
  }
}

export function markCancel(dir: string): void {
  try {
    // An array's task that never started has no run folder yet.
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, CANCEL_MARK), `${Date.now()}\n`);
  } catch {
    // the folder is gone: scancel still stops the job, and Slurm's own log says it was cancelled
  }
}

/**
 * How Slurm says it stopped the job, from the line slurmstepd writes to the job's output
 * (`*** JOB 12 ON node CANCELLED AT <time> DUE TO TIME LIMIT ***`): readable without accounting
 * and long after scontrol has forgotten the job.
 */
export function slurmStopLine(logFile: string): { kind: 'time' | 'cancel' | 'other'; text: string } | null {
  let text: string;
  try {
    text = readFileSync(logFile, 'utf8');
  } catch {
    return null;
  }
  const m = /\*\*\* JOB \d+ ON \S+ CANCELLED AT \S+( DUE TO ([^*]+?))? \*\*\*/.exec(text);
  if (!m) {
    const oom = /oom[-_ ]kill|out of memory/i.exec(text);
    return oom
      ? { kind: 'other', text: 'killed for using more memory than asked for (out of memory)' }
      : null;
  }
  if (!m[2]) return { kind: 'cancel', text: 'cancelled' };
  if (/TIME LIMIT/i.test(m[2])) return { kind: 'time', text: m[2].toLowerCase() };
  return { kind: 'other', text: `stopped by Slurm: ${m[2].toLowerCase()}` };
}
