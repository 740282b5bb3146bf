import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { cookieFor, raw, REPO, serve, type Served } from './helpers.js';

// A project that never installed node-canvas is served too. Shell scripts: no figures at all (the
// hook that records figures is Node's), so the Output page says there are none. A Node script that
// registers an SVG string: its figure is shown, and with node-canvas unresolvable (simorg's own
// optional copy too, hidden by a --require preload in NODE_OPTIONS, for the run and the server)
// the gallery gets the figure itself where a thumbnail would be, and no thumbnail is ever made.

let p: RealProject;
let s: Served;
const NO_CANVAS = `const Module = require('node:module');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'canvas' || request.startsWith('canvas/')) {
    const e = new Error("Cannot find module '" + request + "'");
    e.code = 'MODULE_NOT_FOUND';
    throw e;
  }
  return resolve.call(this, request, ...rest);
};
`;
const SVG_FIGURE = `import { figure } from 'simorg';
figure('<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><rect x="10" y="10" width="100" height="60" fill="#2e5bba"/></svg>', { name: 'box' });
`;
const FIGURE = 'sims/_output/figures/box/svg/fig000_box.svg';
let noCanvas: Record<string, string>;
const get = (srv: Served, path: string) =>
  raw(srv.base, path, { headers: { host: `127.0.0.1:${srv.port}`, cookie: cookieFor(srv) } });

beforeAll(async () => {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ formats: ['svg'] }),
    'make_data.sh': 'echo 1,2,3 > data.csv\n',
    'plot.sh': 'cat data.csv\n',
    'broken.sh': 'echo oops >&2; exit 3\n',
    'sims/box.mjs': SVG_FIGURE,
    'no-canvas.cjs': NO_CANVAS,
  });
  mkdirSync(join(p.root, 'node_modules'));
  symlinkSync(REPO, join(p.root, 'node_modules', 'simorg'), 'dir');
  noCanvas = { NODE_OPTIONS: `--require ${join(p.root, 'no-canvas.cjs')}` };
  // The preload hides node-canvas from everything it runs in, simorg's own copy included.
  const probe = `require('canvas')`;
  expect((await p.exec(process.execPath, ['-e', probe], noCanvas)).code).not.toBe(0);
  expect(
    (
      await p.exec(process.execPath, [
        '-e',
        `require(${JSON.stringify(join(REPO, 'node_modules', 'canvas'))})`,
      ])
    ).code,
  ).toBe(0);
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', '*.sh'])).code).toBe(0);
  expect((await p.cli(['run', '*.sh'])).code).toBe(1);
  s = await serve(p, [], noCanvas);
}, 60_000);

afterAll(async () => {
  await s?.stop();
  rmSync(p.root, { recursive: true, force: true });
});

describe('simorg serve on a project without node-canvas', () => {
  it('serves every page', async () => {
    const overview = await get(s, '/');
    expect(overview.status).toBe(200);
    expect(overview.body).toMatch(/plot\.sh[\s\S]*unverified/);
    expect(overview.body).toMatch(/broken\.sh[\s\S]*failed/);
    for (const path of [
      '/output',
      '/queue',
      '/failures',
      '/tracking',
      '/dependencies',
      '/script?path=plot.sh',
    ]) {
      expect((await get(s, path)).status, path).toBe(200);
    }
    expect((await get(s, '/output')).body).toContain('No figures yet');
    expect((await get(s, '/failures')).body).toContain('broken.sh');
    const run = (await get(s, '/failures')).body.match(/\/run\/([0-9a-f]{12})/)![1];
    const page = await get(s, `/run/${run}`);
    expect(page.status, s.out()).toBe(200);
    expect(page.body).toContain('oops');
  });

  it('shows a figure in the gallery as itself where a thumbnail would be, and makes no thumbnail', async () => {
    expect((await p.cli(['track', 'sims/box.mjs'])).code).toBe(0);
    const r = await p.cli(['run', 'sims/box.mjs'], noCanvas);
    expect(r.code, r.stderr).toBe(0);
    const output = await get(s, '/output');
    const thumb = `/thumb/${FIGURE}`;
    expect(output.body).toContain(`src="${thumb}"`);
    const figure = readFileSync(join(p.root, FIGURE), 'utf8');
    for (let k = 0; k < 2; k++) {
      const res = await get(s, thumb);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('image/svg+xml');
      expect(res.body).toBe(figure);
      await new Promise((r) => setTimeout(r, 1000)); // a thumbnail made when idle would be there by now
    }
    expect(existsSync(join(p.root, '.simorg', 'thumbs'))).toBe(false);
  });

  it('where node-canvas loads, the same figure gets its PNG thumbnail (what the test above would see)', async () => {
    const other = await serve(p);
    try {
      const thumb = `/thumb/${FIGURE}`;
      expect((await get(other, thumb)).headers['content-type']).toBe('image/svg+xml'); // small: sent as is, made after
      const t0 = Date.now();
      while (!existsSync(join(p.root, '.simorg', 'thumbs')) && Date.now() - t0 < 10_000)
        await new Promise((r) => setTimeout(r, 100));
      await new Promise((r) => setTimeout(r, 300));
      expect((await get(other, thumb)).headers['content-type']).toBe('image/png');
    } finally {
      await other.stop();
    }
  });
});
