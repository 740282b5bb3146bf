// After sbatch answered: each run's Slurm job id goes to its row (worker `slurm:<id>`, read by
// `queue`, `list` and `queue cancel`), and a run sbatch refused is recorded failed with Slurm's
// reason (it never started). One transaction for all of them.
import { mkdirSync } from 'node:fs';
import type { Project } from '../project.js';
import { writeRun, type EndRow } from '../store/run-rows.js';
import { writeOutcome } from '../run/run-folder.js';
import { setSlurmJobId } from '../store/slurm-runs.js';
import type { PreparedRun } from './slurm-prepare.js';

export function settleSubmitted(
  project: Project,
  runs: PreparedRun[],
  ids: Array<{ id: string | null; error: string | null }>,
  startedAt: number,
): void {
  const { db } = project;
  db.transaction(() => {
    runs.forEach((r, i) => {
      const { id, error } = ids[i]!;
      if (id !== null) {
        // The job row keeps the job's (or the array's) number: the run's worker names the task.
        setSlurmJobId(db, r.job.runId, r.job.id, id);
        return;
      }
      const end: EndRow = {
        runId: r.job.runId,
        jobId: r.job.id,
        status: 'failed',
        exitCode: null,
        signal: null,
        errorMessage: error,
        errorStack: null,
        endedAt: Date.now(),
        durationMs: Date.now() - startedAt,
        packages: {},
        files: [],
        figures: [],
        jobState: 'done',
      };
      mkdirSync(r.dir, { recursive: true }); // an array's runs have no folder until their task starts
      writeOutcome(r.dir, { start: r.start, end });
      writeRun(db, r.start, end);
    });
  }).immediate();
}
