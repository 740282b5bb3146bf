// The rows of runs sent to Slurm (worker `slurm:<job id>`, job rows held by `slurm`): what the
// Slurm backend (src/backends/slurm-*.ts) reads and writes, and nothing else of the database.
import type { Db } from './db.js';
import { stmt } from './statements.js';

/** The worker name of runs (and holder of jobs) sent to Slurm; a run's worker is `slurm:<job id>`. */
export const SLURM_WORKER = 'slurm';

/** Whether any run waits on Slurm: one indexed query, so every command can afford to ask. */
export const anySlurmRun = (db: Db): boolean =>
  stmt(db, "SELECT 1 FROM runs WHERE status = 'running' AND worker LIKE 'slurm%' LIMIT 1").get() !==
  undefined;

/** Every run still marked running on Slurm, oldest first. */
export const slurmRunsRunning = (db: Db): Array<{ id: string; worker: string }> =>
  stmt<[], { id: string; worker: string }>(
    db,
    "SELECT id, worker FROM runs WHERE status = 'running' AND worker LIKE 'slurm%' ORDER BY started_at",
  ).all();

/** A taken-in run's start becomes its job's own (the row was inserted at submission). */
export function setSlurmStart(db: Db, runId: string, startedAt: number): void {
  stmt(db, "UPDATE runs SET started_at = ? WHERE id = ? AND status = 'running'").run(startedAt, runId);
}

/** Records sbatch's answer: the run's worker names its Slurm job (`12`, `12_3`), the job row keeps the job's (or the array's) number. */
export function setSlurmJobId(db: Db, runId: string, jobId: number, slurmJobId: string): void {
  stmt(db, 'UPDATE runs SET worker = ? WHERE id = ?').run(`${SLURM_WORKER}:${slurmJobId}`, runId);
  stmt(db, 'UPDATE jobs SET worker_pid = ? WHERE id = ?').run(Number(slurmJobId.split('_')[0]), jobId);
}

/** Of the queue's `jobIds`, those held by Slurm, with their run and the run's worker (`slurm:<id>`, or `slurm` before sbatch answered). */
export const slurmHeldJobs = (db: Db, jobIds: number[]): Array<{ run_id: string; worker: string | null }> =>
  stmt<[string], { run_id: string; worker: string | null }>(
    db,
    `SELECT j.run_id, r.worker FROM jobs j JOIN runs r ON r.id = j.run_id
      WHERE j.worker_host = '${SLURM_WORKER}' AND j.id IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(jobIds));

/** Script id -> the ids of its runs still marked running (here or on Slurm). */
export function runningRunsByScript(db: Db): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const rows = stmt<[], [number, string]>(db, "SELECT script_id, id FROM runs WHERE status = 'running'")
    .raw()
    .all();
  for (const [script, id] of rows) {
    const list = out.get(script);
    if (list) list.push(id);
    else out.set(script, [id]);
  }
  return out;
}
