import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

// The page can start code, so it is guarded as Jupyter's server is: a random token per start (in
// the printed URL, then kept in a cookie) for every request; for every request that changes
// anything, the token again in a header or form field, which a cross-site form cannot send; and a
// Host header naming the bound address or localhost, so a rebinding DNS name cannot reach it.

export const TOKEN_HEADER = 'x-simorg-token';
export const TOKEN_FIELD = '_token';

export const newToken = (): string => randomBytes(24).toString('base64url');

// Cookies are not kept apart by port: one name per port lets two servers live side by side.
export const cookieName = (port: number): string => `simorg_token_${port}`;

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a bind address is loopback-only. */
export const isLoopback = (host: string): boolean => LOOPBACK_NAMES.has(host) || /^127\./.test(host);

/** The host part of a Host header (without the port), lower-cased; IPv6 keeps its brackets. */
export function hostOf(header: string): { name: string; port: string | null } {
  const m = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  return m ? { name: m[1]!, port: m[2] ?? null } : { name: '', port: null };
}

export interface GuardOptions {
  token: string;
  /** The address bound (as given to --host). */
  host: string;
  port: () => number;
}

/** Refuses requests with a foreign Host, without the token, or changing state without it in a header or field. */
export function guard(o: GuardOptions): MiddlewareHandler {
  const allowed = new Set([
    ...LOOPBACK_NAMES,
    o.host.toLowerCase(),
    o.host.includes(':') ? `[${o.host.toLowerCase()}]` : o.host.toLowerCase(),
  ]);
  return async (c, next) => {
    const h = hostOf(c.req.header('host') ?? '');
    if (!allowed.has(h.name) || (h.port !== null && h.port !== String(o.port()))) {
      return c.text(
        `simorg serve: refused: the Host header '${c.req.header('host') ?? ''}' is not this server's address\n`,
        403,
      );
    }
    const name = cookieName(o.port());
    const given = c.req.query('token');
    if (given !== undefined && same(given, o.token) && c.req.method === 'GET') {
      // Kept in a cookie, and taken out of the address bar (and so of history and screenshots).
      setCookie(c, name, o.token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(url.pathname + url.search, 303);
    }
    const cookie = getCookie(c, name);
    if (!same(cookie, o.token) && !same(c.req.header(TOKEN_HEADER), o.token)) {
      return c.text(
        'simorg serve: refused: no valid token; open the URL `simorg serve` printed (it carries ?token=...)\n',
        403,
      );
    }
    if (!['GET', 'HEAD'].includes(c.req.method)) {
      let field: string | undefined;
      const type = c.req.header('content-type') ?? '';
      if (
        !same(c.req.header(TOKEN_HEADER), o.token) &&
        /^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)
      ) {
        const form = await c.req.parseBody();
        field = typeof form[TOKEN_FIELD] === 'string' ? (form[TOKEN_FIELD] as string) : undefined;
      }
      if (!same(c.req.header(TOKEN_HEADER), o.token) && !same(field, o.token)) {
        return c.text(
          `simorg serve: refused: a request that changes something needs the token in the ${TOKEN_HEADER} header or the ${TOKEN_FIELD} field\n`,
          403,
        );
      }
    }
    await next();
  };
}
