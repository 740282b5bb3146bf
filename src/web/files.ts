import { createReadStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { Context, Hono } from 'hono';
import type { Project } from '../project.js';
import { RefusedPath, resolveInside } from './safe-path.js';
import { thumbnail } from './thumbs.js';

// /file/<project path>: figures, run outputs, any file inside the project (never the database);
// /thumb/<project path>: a figure's cached thumbnail, or the figure itself when none can be made.

const TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  svg: 'image/svg+xml',
  pdf: 'application/pdf',
  eps: 'application/postscript',
  txt: 'text/plain; charset=utf-8',
  log: 'text/plain; charset=utf-8',
  json: 'application/json',
  csv: 'text/csv; charset=utf-8',
};

const typeOf = (path: string): string =>
  TYPES[/\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? ''] ?? 'application/octet-stream';

/**
 * The percent-encoded project path after `prefix`, from the request line as it came (Node's
 * IncomingMessage): a URL parser would already have folded `..` away, and we want to refuse it.
 */
export function rawPathAfter(c: Context, prefix: string): string {
  const incoming = (c.env as { incoming?: { url?: string } } | undefined)?.incoming;
  const pathname = (incoming?.url ?? new URL(c.req.url).pathname).split(/[?#]/)[0]!;
  return pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
}

const SMALL_FILE = 512 * 1024;

function send(c: Context, abs: string, download: boolean, type = typeOf(abs)): Response {
  const st = statSync(abs);
  const headers: Record<string, string> = {
    'content-type': type,
    'content-length': String(st.size),
    // An SVG a script wrote may hold script: shown as an image it is inert, opened directly it must be too.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-cache',
  };
  if (download)
    headers['content-disposition'] = `attachment; filename="${abs
      .split('/')
      .pop()!
      .replace(/["\\\r\n]/g, '_')}"`;
  // A small file (a figure, a thumbnail) in one read: a stream costs more turns than the file does.
  const body =
    st.size <= SMALL_FILE ? readFileSync(abs) : (Readable.toWeb(createReadStream(abs)) as ReadableStream);
  return new Response(body, { status: 200, headers });
}

function refused(c: Context, err: unknown): Response {
  if (!(err instanceof RefusedPath)) throw err;
  const status = err.why === 'not-found' || err.why === 'not-a-file' ? 404 : 403;
  return c.text(
    `simorg serve: ${status === 404 ? 'no such file in the project' : `refused (${err.why})`}\n`,
    status,
  );
}

// A URL parser folds `..` away before routing, so `/file/../../x` would reach some other route (and
// miss). Refused outright instead, on every route, from the request line as it came.
const DOT_SEGMENT = /(^|\/|%2f)(\.|%2e){1,2}(\/|%2f|$)/i;

export function addFiles(app: Hono, project: Project): void {
  app.use('*', async (c, next) => {
    if (DOT_SEGMENT.test(rawPathAfter(c, ''))) return c.text('simorg serve: refused (traversal)\n', 403);
    await next();
  });
  const inside = (c: Context, prefix: string) =>
    resolveInside(project.root, rawPathAfter(c, prefix), project.config.database);
  app.get('/file/*', (c) => {
    try {
      return send(c, inside(c, '/file/'), c.req.query('download') !== undefined);
    } catch (err) {
      return refused(c, err);
    }
  });
  app.get('/thumb/*', async (c) => {
    try {
      const abs = inside(c, '/thumb/');
      const thumb = await thumbnail(project.root, abs);
      return thumb ? send(c, thumb, false, 'image/png') : send(c, abs, false);
    } catch (err) {
      return refused(c, err);
    }
  });
}
