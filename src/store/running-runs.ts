import type { Db } from './db.js';

/** Whether some run is still marked `running` (of a Slurm job, when `slurm` is set). */
export function hasRunningRun(db: Db, slurm = false): boolean {
  const sql = slurm
    ? "SELECT 1 FROM runs WHERE status = 'running' AND worker LIKE 'slurm%' LIMIT 1"
    : "SELECT 1 FROM runs WHERE status = 'running' LIMIT 1";
  return db.prepare(sql).get() !== undefined;
}

/** Ids of the runs still marked `running` (by the status index). */
export function runningRunIds(db: Db): string[] {
  return db.prepare<[], string>("SELECT id FROM runs WHERE status = 'running'").pluck().all();
}
