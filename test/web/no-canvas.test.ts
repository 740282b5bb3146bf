import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { cookieFor, raw, serve, type Served } from './helpers.js';

// A project that never installed node-canvas (nor anything else: shell scripts only) is served too.
let p: RealProject;
let s: Served;

beforeAll(async () => {
  p = new RealProject({
    '.simorgrc.json': '{}',
    'make_data.sh': 'echo 1,2,3 > data.csv\n',
    'plot.sh': 'cat data.csv\n',
    'broken.sh': 'echo oops >&2; exit 3\n',
  });
  expect(existsSync(join(p.root, 'node_modules'))).toBe(false);
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', '*.sh'])).code).toBe(0);
  expect((await p.cli(['run', '*.sh'])).code).toBe(1);
  s = await serve(p);
}, 60_000);

afterAll(async () => {
  await s?.stop();
  rmSync(p.root, { recursive: true, force: true });
});

describe('simorg serve on a project without node-canvas', () => {
  it('serves every page', async () => {
    const get = (path: string) =>
      raw(s.base, path, { headers: { host: `127.0.0.1:${s.port}`, cookie: cookieFor(s) } });
    const overview = await get('/');
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
      expect((await get(path)).status, path).toBe(200);
    }
    expect((await get('/failures')).body).toContain('broken.sh');
    const run = (await get('/failures')).body.match(/\/run\/([0-9a-f]{12})/)![1];
    const page = await get(`/run/${run}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('oops');
  });
});
