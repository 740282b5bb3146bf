import { Hono } from 'hono';
import { basename } from 'node:path';
import type { Project } from '../project.js';
import { isSimorgError } from '../errors.js';
import type { Action, Form } from './actions.js';
import type { WebContext } from './context.js';
import { FigureArchive } from './figure-archive.js';
import { addFiles } from './files.js';
import { guard } from './guard.js';
import { html } from './html.js';
import { page } from './layout.js';
import { addEvents, ChangeFeed } from './live.js';
import { ROUTES } from './pages/routes.js';

export interface AppOptions {
  project: Project;
  token: string;
  /** The address bound, for the Host check. */
  host: string;
  port: () => number;
  workers: number;
  /** Aborted when the server stops: open event streams end. */
  closing: AbortSignal;
}

// The pages and actions import the judging and queue code (~200-350 ms of module loading on a busy
// machine): loaded once, right after the port is open (warm), not before.
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= load());
}

/** The whole dashboard as a Hono app: guard, pages, files, actions, events; `warm` loads the pages. */
export function createApp(o: AppOptions): { app: Hono; feed: ChangeFeed; warm: () => Promise<unknown> } {
  const app = new Hono();
  const feed = new ChangeFeed(o.project.db);
  const projectName = basename(o.project.root);
  const archive = new FigureArchive(o.project);
  // The runner keeps each run's figures as it records it; the server keeps those of runs recorded
  // otherwise (a Slurm sync) that end while it runs.
  let since = Date.now() - 5000;
  const keep = () => {
    try {
      since = archive.keep(Math.max(0, since - 5000));
    } catch {
      // a busy database: the next change tries again
    }
  };
  setImmediate(keep);
  feed.listen(keep);
  app.use('*', async (c, next) => {
    await next();
    c.header('x-frame-options', 'DENY');
    c.header('referrer-policy', 'no-referrer');
  });
  app.use('*', guard({ token: o.token, host: o.host, port: o.port }));
  addFiles(app, o.project);
  addEvents(app, feed, o.closing);
  const pages = once(async () => (await import('./pages/index.js')).PAGES);
  const acts = once(async () => (await import('./actions.js')).actions(o.project, o.workers));
  app.post('/action/:name', async (c) => {
    const act: Action | undefined = (await acts()).get(c.req.param('name'));
    if (!act) return c.text('simorg serve: no such action\n', 404);
    const form = (await c.req.parseBody({ all: true })) as Form;
    const json = (c.req.header('accept') ?? '').includes('application/json');
    let status: 200 | 400 = 200;
    let body: { message: string; go?: string };
    try {
      body = act(form);
    } catch (err) {
      if (!isSimorgError(err)) throw err;
      status = 400;
      body = { message: err.message + (err.hint ? ` (${err.hint})` : '') };
    }
    // JSON for the page's script; a plain form is sent back where it came from.
    if (json) return c.json(body, status);
    const { backOf } = await import('./actions.js');
    return c.redirect(backOf(form), 303);
  });
  for (const path of ROUTES) {
    app.get(path, async (c) => {
      const render = (await pages())[path];
      const url = new URL(c.req.url);
      const ctx: WebContext = {
        project: o.project,
        url,
        token: o.token,
        path: url.pathname,
        projectName,
        workers: o.workers,
        archive,
      };
      try {
        const out = await render(ctx, c.req.param() as Record<string, string>);
        return out === null
          ? c.html(
              page(
                ctx,
                'Not found',
                html`<h1>Not found</h1>
                  <p>Nothing at ${url.pathname}${url.search}.</p>`,
              ),
              404,
            )
          : c.html(out);
      } catch (err) {
        if (!isSimorgError(err)) throw err;
        return c.html(
          page(
            ctx,
            'Error',
            html`<h1>Cannot show this</h1>
              <p class="st-failed">${err.message}</p>
              <p>${err.hint ?? ''}</p>`,
          ),
          400,
        );
      }
    });
  }
  app.notFound((c) => c.text('simorg serve: no such page\n', 404));
  return { app, feed, warm: () => Promise.all([pages(), acts()]) };
}
