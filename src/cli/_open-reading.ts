import { openProject, type Project } from '../project.js';
import { hasRunningRun } from '../store/running-runs.js';

/** Slurm's word (pending, running...) for each run still on Slurm, as the opening sync found them. */
export const slurmStates = new WeakMap<Project, Array<{ runId: string; state: string; reason: string }>>();

/**
 * The project for a command that only reads (status, list, show, log): a read-only database is
 * read from a private copy, and runs that ended while the database was locked (their outcome
 * waiting in their run folder) are recorded first, so none shows as running after it ended.
 */
export async function openForReading(cwd: string): Promise<Project> {
  const project = await openProject(cwd, { readOnly: true });
  // The runner's record code is loaded only when some run is still marked running.
  if (!hasRunningRun(project.db)) return project;
  const { completePendingRuns } = await import('../run/run-folder.js');
  try {
    completePendingRuns(project.db, project.root);
    // Slurm jobs that ended since: recorded from their run folders (squeue is asked only when one has not).
    if (hasRunningRun(project.db, true))
      slurmStates.set(project, (await import('../backends/slurm-sync.js')).syncSlurmRuns(project).live);
  } catch {
    // A database we may not write (read-only, or still locked): the next runner command records them.
  }
  return project;
}
