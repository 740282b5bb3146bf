// `simorg queue cancel` of a job held by Slurm: the cancel mark goes to its run folder first (so the
// run is recorded `cancelled` whatever Slurm's log says), then one scancel for all of them. A task of
// a job array is cancelled alone (`<array>_<task>`); the tasks of a whole sweep go in the same call.
import type { Db } from '../store/db.js';
import { runDir } from '../run/run-folder.js';
import { markCancel } from './slurm-folder.js';
import { scancel } from './slurm-commands.js';
import { SLURM_WORKER, slurmHeldJobs } from '../store/slurm-runs.js';

/** Of `jobIds`, those held by Slurm are cancelled there; returns their Slurm job ids. */
export function cancelSlurmJobs(db: Db, root: string, jobIds: number[]): string[] {
  if (!jobIds.length) return [];
  const rows = slurmHeldJobs(db, jobIds);
  for (const r of rows) markCancel(runDir(root, r.run_id));
  const ids = rows
    .map((r) => r.worker?.slice(SLURM_WORKER.length + 1) ?? '')
    .filter((id) => /^\d+(_\d+)?$/.test(id));
  scancel(ids);
  return ids;
}
