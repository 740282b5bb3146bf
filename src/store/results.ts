// Queries over a project's results as a whole (runs, their files and figures, the queue): what
// `init --rebuild` counts, checks and deletes. The tracked scripts are never touched here.
import type { Db } from './db.js';

export interface ResultCounts {
  runs: number;
  jobs: number;
  figures: number;
}

export function countResults(db: Db): ResultCounts {
  const n = (table: 'runs' | 'jobs' | 'figures') =>
    db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  return { runs: n('runs'), jobs: n('jobs'), figures: n('figures') };
}

export interface RunningJob {
  path: string;
  worker_host: string;
  worker_pid: number;
}

/** The jobs the queue holds as running, with their scripts and workers, oldest first. */
export function selectRunningJobs(db: Db): RunningJob[] {
  return db
    .prepare<[], RunningJob>(
      "SELECT s.path, j.worker_host, j.worker_pid FROM jobs j JOIN scripts s ON s.id = j.script_id WHERE j.state = 'running' ORDER BY j.id",
    )
    .all();
}

/** Deletes every result row (the hash cache too); the caller holds the transaction. */
export function deleteResults(db: Db): void {
  for (const table of ['figures', 'run_files', 'runs', 'jobs', 'hash_cache']) db.exec(`DELETE FROM ${table}`);
}

/** Rewrites the database file without its free pages (outside any transaction: VACUUM refuses one). */
export function compactDatabase(db: Db): void {
  db.exec('VACUUM');
}
