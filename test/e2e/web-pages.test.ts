import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealProject } from '../fresh/project.js';
import { dashboardProject, REPO, serve, type Served } from '../web/helpers.js';

// The dashboard in a real Chromium (Debian's, driven by playwright-core) on a real project with
// real runs and node-canvas figures, served by the real `simorg serve --workers 1`. Screenshots of
// each page go to test-results/ for a person to look at.

const SHOTS = join(REPO, 'test-results');
// The page's image elements, without the DOM types (the tests' tsconfig has none).
type Img = { complete: boolean; naturalWidth: number };

let p: RealProject;
let s: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];

const db = <T>(sql: string, ...args: unknown[]): T => {
  const out = execFileSync(
    process.execPath,
    [
      '-e',
      `
    const D = require(${JSON.stringify(join(REPO, 'node_modules', 'better-sqlite3'))});
    const d = new D(${JSON.stringify(join('.simorg', 'simorg.sqlite'))}, { readonly: true });
    process.stdout.write(JSON.stringify(d.prepare(process.argv[1]).all(...JSON.parse(process.argv[2]))));`,
      sql,
      JSON.stringify(args),
    ],
    { cwd: p.root, encoding: 'utf8' },
  );
  return JSON.parse(out) as T;
};
const runsOf = (script: string) =>
  db<Array<{ id: string }>>('SELECT id FROM runs WHERE script_path = ? ORDER BY started_at', script).map(
    (r) => r.id,
  );
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `web-${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  p = dashboardProject();
  expect((await p.cli(['init'])).code).toBe(0);
  expect(
    (await p.cli(['track', 'sims/wave.mjs', 'sims/reader.mjs', 'sims/slow.mjs', 'sims/bad.mjs'])).code,
  ).toBe(0);
  expect((await p.cli(['run', 'sims/wave.mjs', 'sims/reader.mjs', 'sims/bad.mjs'])).code).toBe(1); // bad.mjs fails
  // The slow script runs 5 s under the server's worker: long enough to be seen running, and to hold a second job queued.
  s = await serve(p, ['--workers', '1'], { SLOW_MS: '5000' });
  // The figure changes, and its run ends while the server runs: the server keeps both runs' figures.
  p.write('amp.txt', '45\n');
  expect((await p.cli(['run', 'sims/wave.mjs'])).code).toBe(0);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(s.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  expect(await s?.stop()).toBe(0);
  if (p) rmSync(p.root, { recursive: true, force: true });
});

describe('simorg serve in Chromium', () => {
  it('loads every page of a project with real runs and figures', async () => {
    const [wave1, wave2] = runsOf('sims/wave.mjs');
    const pages: Array<[string, string, RegExp]> = [
      ['overview', '/', /sims\/wave\.mjs[\s\S]*fresh/],
      ['output', '/output', /sims\/wave\.mjs/],
      ['run', `/run/${wave2}`, /amplitude 45/],
      ['failed-run', `/run/${runsOf('sims/bad.mjs')[0]}`, /the solver diverged at step 42/],
      ['script', '/script?path=sims%2Fwave.mjs', /downstream:[\s\S]*sims\/reader\.mjs/],
      ['figure', `/figure?run=${wave2}&idx=0`, /figure_1/],
      ['compare', `/compare?a=${wave1}&b=${wave2}`, /Record differences/],
      ['queue', '/queue', /The queue is empty/],
      ['failures', '/failures', /the solver diverged at step 42/],
      ['tracking', '/tracking', /sims\/extra\.mjs/],
      ['dependencies', '/dependencies', /wave\.csv/],
      ['sweeps-none', '/sweeps', /No sweeps yet/],
    ];
    for (const [name, path, expected] of pages) {
      const res = await page.goto(s.base + path);
      expect(res?.status(), path).toBe(200);
      expect(await page.locator('main').innerText(), path).toMatch(expected);
      await expect.poll(() => page.locator('#live').innerText()).toBe('live');
      await shot(name);
    }
    // Thumbnails were made once, on the server, and are lazy.
    await page.goto(`${s.base}/output`);
    const img = page.locator('.gallery img').first();
    expect(await img.getAttribute('loading')).toBe('lazy');
    await expect
      .poll(() => img.evaluate((i) => (i as unknown as Img).complete && (i as unknown as Img).naturalWidth))
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('queues a run from the Overview and sees its row turn queued or running, then fresh, without a reload', async () => {
    await page.goto(s.base + '/');
    const row = page.locator('tr[data-script="sims/slow.mjs"]');
    expect(await row.locator('.status').innerText()).toBe('never-run');
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));
    await row.locator('input[type=checkbox]').check();
    await page.getByRole('button', { name: 'Queue selected' }).click();
    await expect.poll(() => page.locator('#flash').innerText()).toMatch(/queued 1 run/);
    await expect.poll(() => row.locator('.status').innerText(), { timeout: 15_000 }).toBe('running');
    await shot('overview-running');
    await expect
      .poll(() => row.locator('.status').innerText(), { timeout: 30_000, interval: 100 })
      .toBe('fresh');
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1); // the same page: never reloaded
  }, 60_000);

  it('cancels a queued job from the Queue page', async () => {
    // While one run of slow.mjs runs, a second job of it waits in the queue (a script never runs twice at once).
    await page.goto(s.base + '/');
    await page.locator('tr[data-script="sims/slow.mjs"] input[type=checkbox]').check();
    await page.getByRole('button', { name: 'Queue selected' }).click();
    await expect
      .poll(() => db<unknown[]>("SELECT id FROM jobs WHERE state = 'running'").length, { timeout: 15_000 })
      .toBe(1);
    expect((await p.cli(['queue', 'add', 'sims/slow.mjs'])).code).toBe(0);
    await page.goto(s.base + '/queue');
    const queued = page.locator('tr.row-queued');
    await expect.poll(() => queued.count()).toBe(1);
    await shot('queue-busy');
    await queued.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('#flash').innerText()).toMatch(/cancelled job/);
    await expect.poll(() => queued.count()).toBe(0);
    expect(db<Array<{ state: string }>>('SELECT state FROM jobs ORDER BY id DESC LIMIT 1')[0]!.state).toBe(
      'cancelled',
    );
  }, 60_000);

  it('opens a figure from the Output page, with its provenance and downloads', async () => {
    const wave2 = runsOf('sims/wave.mjs')[1]!;
    await page.goto(s.base + '/output');
    await page.locator('figure', { hasText: 'sims/wave.mjs' }).locator('a', { hasText: 'figure_1' }).click();
    await page.waitForURL(/\/figure\?/);
    const prov = await page.locator('#provenance').innerText();
    expect(prov).toContain(wave2);
    expect(prov).toMatch(/run config\s+std/);
    expect(prov).toMatch(/download\s+pdf png svg/);
    const full = page.locator('.figure-full img');
    await expect.poll(() => full.evaluate((i) => (i as unknown as Img).naturalWidth)).toBe(200);
    await shot('figure-open');
  });

  it('compares two runs of a script whose figure changed and shows the pixel difference and the record difference', async () => {
    await page.goto(s.base + '/script?path=sims%2Fwave.mjs');
    await page.getByRole('link', { name: 'compare with previous' }).first().click();
    await page.waitForURL(/\/compare\?/);
    await page.getByRole('link', { name: 'difference' }).click();
    const line = page.locator('#diffline');
    await expect.poll(() => line.getAttribute('data-pixels')).not.toBeNull();
    const n = Number(await line.getAttribute('data-pixels'));
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(200 * 120);
    expect(await line.innerText()).toMatch(new RegExp(`^${n} of 24000 pixels differ \\(\\d+\\.\\d\\d%\\)`));
    expect(await page.locator('#record-diff').innerText()).toMatch(/inputs\s+amp\.txt/);
    await shot('compare-diff');
    for (const mode of ['side by side', 'slider', 'fade']) {
      await page.getByRole('link', { name: mode, exact: true }).click();
      await expect.poll(() => page.locator('#stage canvas').count()).toBeGreaterThan(0);
    }
  });

  it('tracks a script from the Tracking page', async () => {
    await page.goto(s.base + '/tracking');
    await page.locator('tr[data-untracked="sims/extra.mjs"] input[type=checkbox]').check();
    await page.locator('input[name=group]').fill('extras');
    await page.getByRole('button', { name: 'Track selected' }).click();
    await expect.poll(() => page.locator('#flash').innerText()).toMatch(/tracked 1 new/);
    await expect.poll(() => page.locator('tr[data-tracked="sims/extra.mjs"]').count()).toBe(1);
    expect(db<Array<{ grp: string }>>("SELECT grp FROM scripts WHERE path = 'sims/extra.mjs'")[0]!.grp).toBe(
      'extras',
    );
  });

  it('refuses a browser without the token', async () => {
    const other = await browser.newPage();
    const res = await other.goto(s.base + '/');
    expect(res?.status()).toBe(403);
    expect(await other.locator('body').innerText()).toMatch(/no valid token/);
    await other.close();
    expect(errors).toEqual([]);
  });
});
