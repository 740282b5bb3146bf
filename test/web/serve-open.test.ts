import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { openerCommand } from '../../src/cli/_open-browser.js';
import { cookieFor, raw, serve } from './helpers.js';

// `simorg serve --open` hands the address to a browser: $BROWSER's command when set, else the
// platform's opener found on PATH. Here both are a real small script that writes the arguments it
// got to a file, and the address it got opens the real server's page.

let p: RealProject;
const OPENER = `#!/bin/sh
printf '%s\\n' "$@" > "$OPENED.tmp" && mv "$OPENED.tmp" "$OPENED"
`;

beforeAll(async () => {
  p = new RealProject({ '.simorgrc.json': '{}', 'bin/my-browser': OPENER, 'path/xdg-open': OPENER });
  chmodSync(join(p.root, 'bin', 'my-browser'), 0o755);
  chmodSync(join(p.root, 'path', 'xdg-open'), 0o755);
  expect((await p.cli(['init'])).code).toBe(0);
});
afterAll(() => rmSync(p.root, { recursive: true, force: true }));

/** Serves with --open and the given environment; the opener's arguments, and the printed address. */
async function opened(env: Record<string, string>, file: string): Promise<{ args: string[]; url: string }> {
  const s = await serve(p, ['--open'], { OPENED: join(p.root, file), ...env });
  try {
    const t0 = Date.now();
    while (!existsSync(join(p.root, file))) {
      if (Date.now() - t0 > 15_000) throw new Error(`the opener never ran:\n${s.out()}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const args = readFileSync(join(p.root, file), 'utf8').trimEnd().split('\n');
    // The address the browser got opens the page: its token is taken, kept in a cookie, and works.
    const got = new URL(args.at(-1)!);
    const first = await raw(s.base, got.pathname + got.search, { headers: { host: `127.0.0.1:${s.port}` } });
    expect(first.status).toBe(303);
    const cookie = String(first.headers['set-cookie']).split(';')[0]!;
    expect(cookie).toBe(cookieFor(s));
    const home = await raw(s.base, '/', { headers: { host: `127.0.0.1:${s.port}`, cookie } });
    expect(home.status).toBe(200);
    return { args, url: s.url };
  } finally {
    expect(await s.stop()).toBe(0);
  }
}

describe('simorg serve --open', () => {
  it('runs $BROWSER with the address as its one argument', async () => {
    const { args, url } = await opened({ BROWSER: join(p.root, 'bin', 'my-browser') }, 'a.txt');
    expect(args).toEqual([url]);
  });

  it("puts the address where $BROWSER's %s is, after the words before it, from the first of a ':' list", async () => {
    const browser = `${join(p.root, 'bin', 'my-browser')} --new-window %s:firefox`;
    const { args, url } = await opened({ BROWSER: browser }, 'b.txt');
    expect(args).toEqual(['--new-window', url]);
  });

  it("without $BROWSER, runs the platform's opener (xdg-open here) found on PATH", async () => {
    const { args, url } = await opened(
      { BROWSER: '', PATH: `${join(p.root, 'path')}:${process.env.PATH}` },
      'c.txt',
    );
    expect(args).toEqual([url]);
  });

  it('builds no shell command: an address is one argument whatever it holds', () => {
    const url = 'http://127.0.0.1:8000/?token=a;b $(x)';
    expect(openerCommand(url, { BROWSER: 'br' })).toEqual(['br', url]);
    expect(openerCommand(url, {}, 'linux')).toEqual(['xdg-open', url]);
    expect(openerCommand(url, {}, 'darwin')).toEqual(['open', url]);
  });
});
