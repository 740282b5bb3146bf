import { syncSlurmRuns } from '../backends/slurm-sync.js';
import { openProject } from '../project.js';
import { completePendingRuns } from '../run/run-folder.js';
import { defineCommand } from './command.js';
import { writeJson } from './output.js';

export default defineCommand({
  summary: 'record the runs that ended elsewhere (Slurm jobs) from their run folders',
  usage: 'sync [--json]',
  details: `Slurm jobs never write the database: each leaves its outcome, manifest and output in its run
folder (.simorg/runs/<id>/), and sync records every one that has ended, as a local run is recorded.
A job that Slurm stopped for its time limit is recorded timed-out, one stopped by scancel cancelled,
one that ended without starting the script failed with Slurm's reason. Every simorg command that
reads runs (list, show, status, queue) does the same first; \`run --wait\` does it until its jobs end.`,
  options: {
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(ctx) {
    const project = await openProject(ctx.cwd);
    try {
      const slurm = syncSlurmRuns(project);
      // Local runs whose outcome waits in their folder (a database that was locked when they ended).
      const others = completePendingRuns(project.db, project.root);
      const recorded = slurm.recorded.length + others;
      const count = (word: string) => slurm.live.filter((l) => l.state === word).length;
      if (ctx.values.json) {
        writeJson(ctx.stdout, { recorded: slurm.recorded, live: slurm.live });
      } else {
        ctx.stdout.write(
          `recorded ${recorded} run${recorded === 1 ? '' : 's'}` +
            (slurm.live.length
              ? `; ${slurm.live.length} still on Slurm (${count('pending')} pending, ${count('running')} running)`
              : '') +
            '\n',
        );
      }
      return 0;
    } finally {
      project.close();
    }
  },
});
