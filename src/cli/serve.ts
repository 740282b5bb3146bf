import { openProject } from '../project.js';
import { availableParallelism } from 'node:os';
import { UsageError } from '../errors.js';
import { isLoopback } from '../web/guard.js';
import { startServer } from '../web/server.js';
import { interruptible } from './_interrupt.js';
import { openBrowser } from './_open-browser.js';
import { runStyle } from './_run-style.js';
import { defineCommand } from './command.js';

export default defineCommand({
  summary: 'browse status, figures, runs and the queue in a web page',
  usage: 'serve [--port N] [--host ADDR] [--workers N] [--open]',
  details: `Serves the dashboard for this project at http://127.0.0.1:8000 and prints its address, which
carries a token made for this start: only a browser that opened that address may use the page (it
keeps the token in a cookie). The page reads the same database as the CLI, while \`simorg run\`,
\`worker\` and \`watch\` run beside it, and updates itself as runs start and end.
--workers N also runs N queue workers inside the server, so that runs queued from the page start
without a separate \`simorg worker\`.
--host binds another address (0.0.0.0: every interface); anyone who can reach it and has the token
can start scripts. Requests must name that address (or localhost) in their Host header.
--open opens the address in the browser $BROWSER names (the first of a ':'-separated list; %s in
it stands for the address), else in the system's default browser (xdg-open, open).
Ctrl-C stops the server; workers let running scripts finish first (Ctrl-C again stops them).`,
  options: {
    port: {
      type: 'string',
      short: 'p',
      valueName: 'N',
      description: 'port to listen on (default 8000; 0: any free port)',
    },
    host: {
      type: 'string',
      valueName: 'ADDR',
      description: 'address to bind (default 127.0.0.1, this machine only)',
    },
    workers: {
      type: 'string',
      short: 'w',
      valueName: 'N',
      description: 'run N queue workers inside the server (default 0)',
    },
    open: {
      type: 'boolean',
      description: 'open the page in the browser ($BROWSER when set, else the system default)',
    },
  },
  async run(ctx) {
    const port = portOf(ctx.values.port);
    const workers = count('workers', ctx.values.workers);
    // As run/workers.ts's maxJobs, without loading the runner before the port is open.
    const most = availableParallelism() * 4;
    if (workers > most)
      throw new UsageError(`--workers ${workers} is more than this machine can use`, {
        hint: `at most ${most} (4 per CPU)`,
      });
    const host = (ctx.values.host as string | undefined) ?? '127.0.0.1';
    if (!host.trim())
      throw new UsageError('--host is empty', { hint: 'give an address, e.g. --host 127.0.0.1' });
    const project = await openProject(ctx.cwd);
    try {
      const server = await startServer({ project, host, port, workers });
      if (!isLoopback(host)) {
        ctx.stderr.write(
          `simorg serve: warning: listening on ${host}, not only this machine: anyone who can reach it and has the token can run scripts\n`,
        );
      }
      ctx.stdout.write(`simorg serve: ${server.url}\n`);
      ctx.stderr.write(
        `simorg serve: ${workers ? `${workers} worker${workers > 1 ? 's' : ''} take queued jobs; ` : ''}Ctrl-C to stop\n`,
      );
      if (ctx.values.open) openBrowser(server.url, ctx.stderr);
      try {
        await interruptible(
          ctx.stderr,
          async (drain, stop) => {
            const stopped = new Promise<void>((r) =>
              drain.addEventListener('abort', () => r(), { once: true }),
            );
            if (!workers) return stopped;
            const [{ runWorkers }, { outcomeLine }] = await Promise.all([
              import('../run/workers.js'),
              import('../run/progress.js'),
            ]);
            const style = runStyle(ctx.stdout);
            let n = 0;
            await runWorkers(project, {
              jobs: workers,
              untilEmpty: false,
              drain,
              stop,
              pollMs: 250,
              onEvent: (e) => {
                if (e.type === 'end')
                  ctx.stdout.write(
                    outcomeLine(style, ++n, n, e.outcome).replace(/^\[[^\]]*\]/, `[${n}]`) + '\n',
                  );
              },
            });
          },
          {
            drain: workers
              ? 'simorg serve: stopping; running scripts finish first (Ctrl-C again to stop them)'
              : 'simorg serve: stopping',
            stop: 'simorg serve: stopping the running scripts',
          },
        );
      } finally {
        await server.close();
      }
      return 0;
    } finally {
      project.close();
    }
  },
});

function portOf(value: unknown): number {
  if (value === undefined) return 8000;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535 || String(value).trim() === '') {
    throw new UsageError(`--port expects a port number (0-65535), got '${String(value)}'`);
  }
  return n;
}

function count(name: string, value: unknown): number {
  if (value === undefined) return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || String(value).trim() === '')
    throw new UsageError(`--${name} expects a whole number >= 0, got '${String(value)}'`);
  return n;
}
