import { openProject } from '../project.js';
import { outcomeLine } from '../run/progress.js';
import { resolveRunConfigName } from '../run/validate.js';
import { maxJobs, runWorkers } from '../run/workers.js';
import { interruptible } from './_interrupt.js';
import { positiveInt, runStyle } from './_run-style.js';
import { defineCommand } from './command.js';

export default defineCommand({
  summary: 'take jobs from the queue until stopped',
  usage: 'worker [--config NAME] [--jobs N] [--once]',
  details: `Runs queued jobs (from \`simorg queue add\` or any \`simorg run\`) one after another, or N at a time.
Start as many workers as you like, on this machine or others sharing the project folder: each job runs
exactly once, and one script never runs twice at the same time.
Ctrl-C once (or SIGHUP, a closed terminal): finish the current job, then stop. Twice: stop the current job
(recorded cancelled) and put it back in the queue for another worker. --jobs is capped at 4 per CPU.
For long batches that outlive the terminal: \`nohup simorg worker --once &\`, or a tmux session.`,
  options: {
    config: {
      type: 'string',
      short: 'c',
      valueName: 'NAME',
      description: 'take only jobs queued with this run config',
    },
    jobs: {
      type: 'string',
      short: 'j',
      valueName: 'N',
      description: 'jobs at a time in this worker (default 1, at most 4 per CPU)',
    },
    once: { type: 'boolean', description: 'stop when the queue is empty instead of waiting for more' },
  },
  async run(ctx) {
    let jobs = positiveInt('jobs', ctx.values.jobs) ?? 1;
    if (jobs > maxJobs()) {
      ctx.stderr.write(
        `simorg worker: --jobs ${jobs} is more than this machine can use; running ${maxJobs()} at a time (4 per CPU)\n`,
      );
      jobs = maxJobs();
    }
    const project = await openProject(ctx.cwd);
    try {
      const runConfig =
        ctx.values.config === undefined
          ? undefined
          : resolveRunConfigName(project, ctx.values.config as string);
      const style = runStyle(ctx.stdout);
      let n = 0;
      ctx.stderr.write(
        `simorg worker ${process.pid}: taking jobs${runConfig ? ` (run config ${runConfig})` : ''}` +
          `${ctx.values.once ? ' until the queue is empty' : '; Ctrl-C to stop'}\n`,
      );
      await interruptible(
        ctx.stderr,
        (drain, stop) =>
          runWorkers(project, {
            jobs,
            filter: { runConfig },
            untilEmpty: ctx.values.once === true,
            drain,
            stop,
            pollMs: 500,
            onEvent: (e) => {
              if (e.type === 'end')
                ctx.stdout.write(
                  outcomeLine(style, ++n, n, e.outcome).replace(/^\[[^\]]*\]/, `[${n}]`) + '\n',
                );
            },
          }),
        {
          drain:
            'simorg worker: finishing the current job, then stopping (Ctrl-C again to stop it and requeue it)',
          stop: 'simorg worker: stopping the current job and putting it back in the queue',
        },
        'requeue',
      );
      return 0;
    } finally {
      project.close();
    }
  },
});
