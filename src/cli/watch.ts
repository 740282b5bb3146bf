import { formatTime, safeLine } from './output.js';
import { openProject } from '../project.js';
import { resolveRunConfigName } from '../run/validate.js';
import { resolveScripts } from '../track/scripts.js';
import { interruptible } from './_interrupt.js';
import { positiveInt } from './_run-style.js';
import { defineCommand } from './command.js';

export default defineCommand({
  summary: 're-run scripts as they become stale',
  usage: 'watch [scripts or globs...] [--group G] [--config NAME] [--jobs N] [-- script args]',
  details: `Watches every file the tracked scripts depend on (scripts, local modules, files read, the config,
and the folders of never-run scripts). When files change (debounced 300 ms), re-runs the scripts
that the change made stale, failed scripts whose files changed, and downstream scripts, upstream
first, and says why, with a line as each script starts and ends. Freshness is judged under the run
config and arguments the re-runs use. Scripts already stale when it starts are listed, not run.
Ctrl-C once: wait for running scripts, then exit 0. Twice: stop them (recorded cancelled), exit 0.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', short: 'g', valueName: 'G', description: 'only scripts of group G' },
    config: {
      type: 'string',
      short: 'c',
      valueName: 'NAME',
      description: 'run config for the re-runs (default: the project default)',
    },
    jobs: { type: 'string', short: 'j', valueName: 'N', description: 'parallel workers' },
  },
  async run(ctx) {
    const jobs = positiveInt('jobs', ctx.values.jobs);
    const project = await openProject(ctx.cwd);
    try {
      const group = ctx.values.group as string | undefined;
      const runConfig = resolveRunConfigName(project, ctx.values.config as string | undefined);
      resolveScripts(project, ctx.cwd, ctx.positionals, { group }); // a pattern matching nothing is an error now, not later
      const { watchScripts } = await import('../watch/watch.js');
      const log = (line: string) =>
        ctx.stdout.write(`[${formatTime(Date.now()).slice(11)}] ${safeLine(line)}\n`);
      await interruptible(
        ctx.stderr,
        (drain, stop) =>
          watchScripts(project, {
            // Re-resolved each round; a pattern whose scripts were all untracked meanwhile selects nothing.
            select: () => {
              try {
                return resolveScripts(project, ctx.cwd, ctx.positionals, { group });
              } catch {
                return [];
              }
            },
            wanted: { runConfig, argv: ctx.passthrough, params: {} },
            jobs,
            log,
            drain,
            stop,
          }),
        {
          drain: 'simorg watch: stopping once running scripts finish (Ctrl-C again to stop them)',
          stop: 'simorg watch: stopping the running scripts',
        },
      );
      log('stopped');
      return 0;
    } finally {
      project.close();
    }
  },
});
