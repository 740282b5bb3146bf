// Where a job array's files are and how a run finds its own: .simorg/runs/arrays/<batch>/ holds the
// table, the batch script, runs.json (every run's job file) and array.json (the array's id), and
// .simorg/runs/arrays/<array id> links to it, so a run whose row names `slurm:<id>_<task>` finds it.
import { renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_DIR } from '../config/defaults.js';
import { readJobFile, readJson, RUNS_FILE, type ArrayRunsFile, type SlurmJobFile } from './slurm-folder.js';

const ARRAYS = 'arrays';

/** The folder of the array sent with batch `batch`. */
export const arrayDir = (root: string, batch: string): string => join(root, RUNS_DIR, ARRAYS, batch);

/** Links the array's Slurm id to its folder (replacing a link left by a cluster whose ids began again). */
export function linkArray(root: string, arrayId: number, batch: string): void {
  const link = join(root, RUNS_DIR, ARRAYS, String(arrayId));
  const tmp = `${link}.${process.pid}.tmp`;
  try {
    symlinkSync(batch, tmp);
    renameSync(tmp, link);
  } catch {
    // no symlinks here: runs named by their array id are found through their job rows' batch instead
  }
}

/**
 * The job files of Slurm runs, read once per array: a run's own slurm-job.json (a single job's),
 * else its array's runs.json, found from the run's worker (`slurm:@<batch>` before sbatch answered,
 * `slurm:<array id>_<task>` after).
 */
export class JobFiles {
  private arrays = new Map<string, Map<string, SlurmJobFile> | null>();
  constructor(private root: string) {}

  get(runDir: string, runId: string, worker: string): SlurmJobFile | null {
    const own = readJobFile(runDir);
    if (own) return own;
    const w = worker.slice(worker.indexOf(':') + 1);
    const key = w.startsWith('@') ? w.slice(1) : /^(\d+)_\d+$/.exec(w)?.[1];
    if (!key) return null;
    let jobs = this.arrays.get(key);
    if (jobs === undefined) {
      const file = readJson<ArrayRunsFile>(arrayDir(this.root, key), RUNS_FILE);
      jobs = file ? new Map(file.jobs.map((j) => [j.start.runId, j])) : null;
      this.arrays.set(key, jobs);
    }
    return jobs?.get(runId) ?? null;
  }
}
