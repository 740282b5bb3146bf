// Where jobs run. `local`: the database queue and the workers of src/run/ (a run records itself as
// it ends). `slurm`: one sbatch job per run; the job writes only its run folder, and the database
// takes it in later (sync). Submitting differs (a local batch runs in the submitting process, a
// Slurm one is handed over); the commands that show or change the queue ask both the same things:
// take in what ended without recording itself, and stop these jobs.
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { completePendingRuns } from '../run/run-folder.js';
import { cancelSlurmJobs } from './slurm-cancel.js';
import { syncSlurmRuns } from './slurm-sync.js';

export const BACKEND_NAMES = ['local', 'slurm'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface Backend {
  name: BackendName;
  /** Records the runs that ended without recording themselves; returns how many. */
  sync(project: Project): number;
  /** Stops running jobs already marked cancelled in the queue. */
  cancel(project: Project, jobIds: number[]): void;
}

export const BACKENDS: readonly Backend[] = [
  {
    name: 'local',
    sync: (project) => completePendingRuns(project.db, project.root),
    cancel: () => undefined, // its worker sees the cancel at its next heartbeat and stops the script
  },
  {
    name: 'slurm',
    sync: (project) => syncSlurmRuns(project).recorded.length,
    cancel: (project, jobIds) => void cancelSlurmJobs(project.db, project.root, jobIds),
  },
];

/** The backend named by `--backend`; an unknown name is a usage error naming the known ones. */
export function backendName(v: string | undefined): BackendName {
  if (v === undefined) return 'local';
  if ((BACKEND_NAMES as readonly string[]).includes(v)) return v as BackendName;
  throw new UsageError(`unknown backend '${v}'`, {
    hint: `--backend takes one of: ${BACKEND_NAMES.join(', ')}`,
  });
}
