// `simorg queue cancel` of a job held by Slurm: the cancel mark goes to its run folder first (so the
// run is recorded `cancelled` whatever Slurm's log says), then one scancel for all of them.
import type { Db } from '../store/db.js';
import { runDir } from '../run/run-folder.js';
import { markCancel } from './slurm-folder.js';
import { scancel } from './slurm-commands.js';
import { SLURM_WORKER } from './slurm-submit.js';

/** Of `jobIds`, those held by Slurm are cancelled there; returns their Slurm job ids. */
export function cancelSlurmJobs(db: Db, root: string, jobIds: number[]): number[] {
  if (!jobIds.length) return [];
  const rows = db
    .prepare<unknown[], { run_id: string; worker_pid: number | null }>(
      `SELECT run_id, worker_pid FROM jobs WHERE worker_host = '${SLURM_WORKER}' AND run_id IS NOT NULL AND id IN (${jobIds.map(() => '?').join(',')})`,
    )
    .all(...jobIds);
  for (const r of rows) markCancel(runDir(root, r.run_id));
  const ids = rows.map((r) => r.worker_pid).filter((x): x is number => x !== null);
  scancel(ids);
  return ids;
}
