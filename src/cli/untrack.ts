import { UsageError } from '../errors.js';
import { openProject } from '../project.js';
import { untrackScripts } from '../track/track.js';
import { defineCommand } from './command.js';
import { safeLine, writeJson } from './output.js';

export default defineCommand({
  summary: 'stop tracking scripts (their runs are kept)',
  usage: 'untrack <scripts, folders or globs...> [--group G] [--json]',
  details: `Names are matched against tracked scripts (the files need not exist any more). The scripts'
runs and figures stay in the database as history; their queued jobs are cancelled. \`simorg track\`
tracks a script again, and \`simorg scan\` never re-tracks it on its own.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', short: 'g', valueName: 'G', description: 'only scripts of group G' },
    json: { type: 'boolean', description: 'print JSON: {untracked, cancelledJobs}' },
  },
  async run(ctx) {
    if (!ctx.positionals.length)
      throw new UsageError('simorg untrack: name the scripts to untrack', {
        hint: "e.g. simorg untrack sims/old.py 'scratch/**'",
      });
    const project = await openProject(ctx.cwd);
    try {
      const res = untrackScripts(project, ctx.cwd, ctx.positionals, {
        group: ctx.values.group as string | undefined,
      });
      if (ctx.values.json) {
        writeJson(ctx.stdout, res);
        return 0;
      }
      for (const s of res.untracked) ctx.stdout.write(`untracked ${safeLine(s.path)}\n`);
      if (res.cancelledJobs)
        ctx.stdout.write(
          `cancelled ${res.cancelledJobs} queued job${res.cancelledJobs === 1 ? '' : 's'} of them\n`,
        );
      return 0;
    } finally {
      project.close();
    }
  },
});
