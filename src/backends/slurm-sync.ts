// Taking Slurm runs into the database: every run still `running` on Slurm whose job has ended is
// recorded from its run folder (the same start and end rows as a local run, through the same
// writeRun), in one transaction. squeue is asked once, and only when some folder has no outcome yet.
import { join } from 'node:path';
import { keepFigures } from '../run/figure-keep.js';
import type { Project } from '../project.js';
import { endRow, readManifest, readMetricsFile } from '../run/record-writer.js';
import { writeRun } from '../store/run-rows.js';
import { figuresOnDisk, runDir } from '../run/run-folder.js';
import { anySlurmRun, setSlurmStart, slurmRunsRunning } from '../store/slurm-runs.js';
import { knownJobs, liveJobs, type LiveJob } from './slurm-commands.js';
import { JobFiles } from './slurm-array-files.js';
import { readExit, readStarted, slurmIdOf, type ArrayFile, type SlurmJobFile } from './slurm-folder.js';
import { fromExit, fromGone, stderrFailure, type Verdict } from './slurm-outcome.js';

/** States in which squeue may still list a job that has ended. */
const ENDED = new Set([
  'COMPLETED',
  'CANCELLED',
  'FAILED',
  'TIMEOUT',
  'OUT_OF_MEMORY',
  'NODE_FAIL',
  'BOOT_FAIL',
  'DEADLINE',
  'PREEMPTED',
]);
/** A run whose sbatch never answered (the submitter was killed in between) is given up after this. */
const NO_JOB_ID_MS = 5 * 60_000;

export interface SlurmLive {
  runId: string;
  /** `12`, or `12_3` for a task of a job array. */
  slurmJobId: string | null;
  /** pending, running (or Slurm's other word, lower case); unknown when squeue could not answer. */
  state: string;
  reason: string;
}

export interface SyncResult {
  /** Runs recorded now. */
  recorded: string[];
  /** Runs still on Slurm. */
  live: SlurmLive[];
}

/** Whether any run waits on Slurm: one indexed query, so every command can afford to ask. */
export const anySlurmRuns = (project: Project): boolean => anySlurmRun(project.db);

export function syncSlurmRuns(project: Project, now = Date.now()): SyncResult {
  const { db, root } = project;
  const ids = slurmRunsRunning(db);
  const result: SyncResult = { recorded: [], live: [] };
  if (!ids.length) return result;
  let queue: Map<string, LiveJob> | null | undefined;
  let known: ReturnType<typeof knownJobs> | undefined;
  const arrays = new Map<string, ArrayFile | null>();
  const files = new JobFiles(root);
  const done: Array<{ dir: string; job: SlurmJobFile; v: Verdict }> = [];
  for (const { id, worker } of ids) {
    const dir = runDir(root, id);
    // A job still on Slurm is known by its row alone (`slurm:<id>`): a thousand pending tasks cost
    // a thousand failed opens of exit.json and one squeue, not a thousand job files read.
    const exit = readExit(dir);
    const fromRow = /^slurm:(\d+(_\d+)?)$/.exec(worker)?.[1] ?? null;
    let found: SlurmJobFile | null | undefined;
    const load = () => (found === undefined ? (found = files.get(dir, id, worker)) : found);
    const slurmId = exit || !fromRow ? (load() ? slurmIdOf(load()!, arrays) : null) : fromRow;
    if (!exit && slurmId !== null) {
      queue ??= liveJobs();
      const live = queue?.get(slurmId);
      if (queue === null || (live && !ENDED.has(live.state))) {
        result.live.push({
          runId: id,
          slurmJobId: slurmId,
          state: live ? live.state.toLowerCase() : 'unknown',
          reason: live?.reason ?? 'squeue did not answer',
        });
        continue;
      }
    }
    if (!load()) continue; // not submitted by this simorg: left alone
    // The id as Slurm names it, an array task's included, for the verdict's messages and the record.
    const job: SlurmJobFile = { ...load()!, slurmJobId: slurmId };
    const started = readStarted(dir);
    const gone = () => (slurmId ? ((known ??= knownJobs())?.get(slurmId) ?? null) : null);
    if (exit) {
      done.push({ dir, job, v: fromExit(dir, job, started, exit, gone) });
      continue;
    }
    if (slurmId === null) {
      if (now - job.start.startedAt > NO_JOB_ID_MS)
        done.push({ dir, job, v: fromGone(dir, job, started, null, now) });
      else result.live.push({ runId: id, slurmJobId: null, state: 'submitting', reason: '' });
      continue;
    }
    // Gone from the queue: the job may have written its outcome since the folder was read.
    const late = readExit(dir);
    done.push({
      dir,
      job,
      v: late ? fromExit(dir, job, started, late, gone) : fromGone(dir, job, started, gone(), now),
    });
  }
  if (!done.length) return result;
  db.transaction(() => {
    for (const d of done) {
      record(project, d.dir, d.job, d.v);
      result.recorded.push(d.job.start.runId);
    }
  }).immediate();
  return result;
}

// The run's end as a local run's would be: its manifest (files read and written, hashed now),
// figures, error, written to the database. No outcome.json: what it would hold is rebuilt from the
// job's own files by any later sync, and writing it cost as much again as the take-in (measured).
function record(project: Project, dir: string, job: SlurmJobFile, v: Verdict): void {
  const { db, root, config } = project;
  const read = job.hooked ? readManifest(join(dir, 'manifest.json')) : { manifest: null, problem: null };
  let status = v.status;
  let error = v.error;
  if (read.problem && (status === 'succeeded' || status === 'failed')) {
    status = 'failed';
    error = { message: `the run cannot be recorded as it ran: ${read.problem}` };
  } else if (!error && read.manifest?.error)
    error = { message: read.manifest.error.message, stack: read.manifest.error.stack ?? null };
  else if (!error && status === 'failed') error = stderrFailure(root, job, v);
  const figures =
    job.hooked && !read.manifest
      ? figuresOnDisk(job.scriptAbs, config.outputDir, v.startedAt, job.figuresSubdir)
      : undefined;
  // Metrics as a local run takes them: those left in $SIMORG_METRICS, the manifest's over them.
  const metrics = { ...readMetricsFile(join(dir, 'metrics.json')), ...(read.manifest?.metrics ?? {}) };
  const start = { ...job.start, startedAt: v.startedAt, worker: `slurm:${job.slurmJobId ?? '?'}` };
  const end = endRow(db, root, {
    runId: start.runId,
    jobId: start.jobId,
    status,
    exitCode: v.exitCode,
    signal: v.signal,
    error,
    endedAt: v.endedAt,
    startedAt: v.startedAt,
    scriptAbs: job.scriptAbs,
    manifest: read.manifest,
    figures,
    metrics,
    jobState: 'done',
  });
  // The row was inserted at submission; its start becomes the job's own.
  setSlurmStart(db, start.runId, v.startedAt);
  writeRun(db, start, end);
  // Its figures, for comparing later runs with (run/figure-keep.ts), as a local run's are kept.
  keepFigures(root, { runId: start.runId, startedAt: start.startedAt, endedAt: end.endedAt }, end.figures);
}
