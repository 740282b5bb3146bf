import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealProject } from '../fresh/project.js';
import { cookieFor, dashboardProject, raw, serve, type Served } from './helpers.js';

// The guard of `simorg serve`, over real HTTP against the real command: token, cookie, Host,
// token for changes, files only from inside the project, the editor's argv, port in use, Ctrl-C.

let p: RealProject;
let s: Served;
const outside = mkdtempSync(join(tmpdir(), 'simorg-web-secret-'));

beforeAll(async () => {
  // The "editor" records the argv it was given: the path must arrive as one argument, uninterpreted.
  p = dashboardProject({ editor: `${process.execPath} ${join(outside, 'editor.cjs')}` });
  writeFileSync(
    join(outside, 'editor.cjs'),
    `require('fs').writeFileSync(${JSON.stringify(join(outside, 'argv.json'))}, JSON.stringify(process.argv.slice(2)));\n`,
  );
  writeFileSync(join(outside, 'secret.txt'), 'secret');
  expect((await p.cli(['init'])).code).toBe(0);
  p.write('sims/we; touch pwned $(id).mjs', "console.log('odd name');\n");
  expect((await p.cli(['track', 'sims/wave.mjs', 'sims/we; touch pwned $(id).mjs'])).code).toBe(0);
  p.write('sims/_output/fig.png', 'not really a png');
  symlinkSync(outside, join(p.root, 'leak'));
  s = await serve(p);
}, 60_000);

afterAll(async () => {
  await s?.stop();
  rmSync(p.root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

const host = () => `127.0.0.1:${s.port}`;
const get = (path: string, headers: Record<string, string> = {}) =>
  raw(s.base, path, { headers: { host: host(), cookie: cookieFor(s), ...headers } });

describe('simorg serve: token', () => {
  it('refuses every request without the token, pages, files and events alike', async () => {
    for (const path of [
      '/',
      '/output',
      '/queue',
      '/file/sims/_output/fig.png',
      '/events',
      '/thumb/sims/_output/fig.png',
    ]) {
      const r = await raw(s.base, path, { headers: { host: host() } });
      expect(r.status, path).toBe(403);
      expect(r.body).toMatch(/no valid token/);
    }
    expect(
      (await raw(s.base, '/', { headers: { host: host(), cookie: `${cookieFor(s).split('=')[0]}=wrong` } }))
        .status,
    ).toBe(403);
    expect((await raw(s.base, '/?token=wrong', { headers: { host: host() } })).status).toBe(403);
  });

  it('takes the token from the printed URL into an HttpOnly, SameSite=Strict cookie and out of the address', async () => {
    const r = await raw(s.base, `/queue?token=${s.token}`, { headers: { host: host() } });
    expect(r.status).toBe(303);
    expect(r.headers.location).toBe('/queue');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(cookieFor(s));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const page = await get('/queue');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<h1>Queue</h1>');
  });
});

describe('simorg serve: Host header (DNS rebinding)', () => {
  it('refuses a Host that is not the bound address or localhost, even with the token', async () => {
    for (const h of [
      'evil.example',
      `evil.example:${s.port}`,
      `127.0.0.1.nip.io:${s.port}`,
      `127.0.0.1:${s.port + 1}`,
    ]) {
      const r = await get('/', { host: h });
      expect(r.status, h).toBe(403);
      expect(r.body).toMatch(/Host header/);
    }
    expect((await get('/', { host: `localhost:${s.port}` })).status).toBe(200);
    expect((await get('/')).status).toBe(200);
  });
});

describe('simorg serve: changes need the token in a header or form field', () => {
  const form = 'script=sims%2Fwave.mjs&what=selected';
  const post = (headers: Record<string, string>, body = form) =>
    raw(s.base, '/action/queue', {
      method: 'POST',
      body,
      headers: { host: host(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
    });
  const jobs = () => p.cli(['queue', '--json']).then((r) => JSON.parse(r.stdout) as unknown[]);

  it('refuses a cross-site form post that carries only the cookie', async () => {
    const r = await post({ cookie: cookieFor(s), origin: 'http://evil.example', accept: 'application/json' });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/x-simorg-token/);
    expect(await jobs()).toHaveLength(0);
  });

  it('queues with the token in the header, or in the _token field', async () => {
    const a = await post({ 'x-simorg-token': s.token, accept: 'application/json' });
    expect(a.status).toBe(200);
    expect(JSON.parse(a.body).message).toMatch(/queued 1 run/);
    // A plain form (no script on the page): the token in its field, two ticked scripts, sent back where it came from.
    const two = `script=sims%2Fwave.mjs&script=${encodeURIComponent('sims/we; touch pwned $(id).mjs')}&what=selected`;
    const b = await post(
      { cookie: cookieFor(s) },
      `${two}&_token=${encodeURIComponent(s.token)}&back=%2Fqueue`,
    );
    expect(b.status).toBe(303);
    expect(b.headers.location).toBe('/queue');
    expect(await jobs()).toHaveLength(3);
    // A redirect only ever to a page of ours.
    const c = await post(
      { cookie: cookieFor(s) },
      `${form}&_token=${encodeURIComponent(s.token)}&back=%2F%2Fevil.example`,
    );
    expect(c.headers.location).toBe('/');
  });

  it('starts the editor with the script path as one argument, never through a shell', async () => {
    const name = 'sims/we; touch pwned $(id).mjs';
    const r = await raw(s.base, '/action/editor', {
      method: 'POST',
      body: `path=${encodeURIComponent(name)}`,
      headers: {
        host: host(),
        'x-simorg-token': s.token,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
    });
    expect(r.status).toBe(200);
    const argvFile = join(outside, 'argv.json');
    for (let i = 0; i < 100 && !existsSync(argvFile); i++) await new Promise((res) => setTimeout(res, 50));
    expect(JSON.parse(readFileSync(argvFile, 'utf8'))).toEqual([join(p.root, name)]);
    expect(existsSync(join(p.root, 'pwned'))).toBe(false);
    // Only tracked scripts: a path from the request that is not one opens nothing.
    const other = await raw(s.base, '/action/editor', {
      method: 'POST',
      body: 'path=..%2F..%2Fetc%2Fpasswd',
      headers: {
        host: host(),
        'x-simorg-token': s.token,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
    });
    expect(other.status).toBe(400);
    expect(JSON.parse(other.body).message).toMatch(/not a tracked script/);
  });
});

describe('simorg serve: what scripts and users wrote is escaped in pages', () => {
  it('shows a script named like markup as text', async () => {
    const name = 'sims/<img src=x onerror=alert(1)>.mjs';
    p.write(name, "console.log('<script>alert(2)</script>');\n");
    expect((await p.cli(['track', name])).code).toBe(0);
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('sims/&lt;img src=x onerror=alert(1)&gt;.mjs');
    expect(page.body).not.toContain('<img src=x');
  });
});

describe('simorg serve: files only from inside the project', () => {
  it('serves a file inside the project', async () => {
    const r = await get('/file/sims/_output/fig.png');
    expect(r.status).toBe(200);
    expect(r.body).toBe('not really a png');
    expect(r.headers['content-type']).toBe('image/png');
    expect(r.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it.each([
    ['/file/../../../etc/passwd', 403],
    ['/file/sims/../../etc/passwd', 403],
    ['/file/%2e%2e/%2e%2e/etc/passwd', 403],
    ['/file/..%2f..%2f..%2fetc%2fpasswd', 403],
    ['/file/%252e%252e%252f%252e%252e%252fetc%252fpasswd', 403],
    ['/file/%2fetc%2fpasswd', 403],
    ['/file//etc/passwd', 403],
    ['/file/..%5c..%5cetc%5cpasswd', 403],
    ['/file/leak/secret.txt', 403],
    ['/file/.simorg/simorg.sqlite', 403],
    ['/thumb/../../../etc/passwd', 403],
    ['/thumb/leak/secret.txt', 403],
  ])('refuses %s', async (path, status) => {
    const r = await get(path);
    expect(r.status).toBe(status);
    expect(r.body).not.toContain('secret');
    expect(r.body).not.toContain('root:');
  });
});

describe('simorg serve: the command', () => {
  it('names a port in use in one line and suggests --port', async () => {
    const r = await p.cli(['serve', '--port', String(s.port)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`port ${s.port} on 127.0.0.1 is in use`));
    expect(r.stderr).toMatch(/--port/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('warns when bound beyond this machine, and stops cleanly on Ctrl-C', async () => {
    const wide = await serve(p, ['--host', '0.0.0.0']);
    expect(wide.out()).toMatch(/warning: listening on 0\.0\.0\.0/);
    const t0 = Date.now();
    expect(await wide.stop()).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
