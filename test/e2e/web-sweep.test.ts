import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { REPO, serve, type Served } from '../web/helpers.js';
import { linkSimorg } from './params-helpers.js';

// The Sweeps and Sweep pages in a real Chromium, on real local sweeps made by `simorg sweep --yes`:
// the list with progress, the job table (parameters and metrics as columns, sorted, filtered,
// coloured by status), the plot of a metric against a parameter, and a live update when the sweep
// grows while the page is open.

const MODEL = `import { params, record } from 'simorg';
import { createCanvas } from 'canvas';
const { tau, n } = params({ tau: 0.01, n: 10 });
const ctx = createCanvas(60, 40).getContext('2d');
ctx.fillRect(0, 0, n, tau * 1000);
record({ score: Math.round(tau * n * 1000) / 1000 });
`;
const FLAKY = `import { params, record } from 'simorg';
const { x } = params({ x: 0 });
if (x === 2) throw new Error('x=2 is broken');
record({ twice: x * 2 });
`;
const SHOTS = join(REPO, 'test-results');

let p: RealProject;
let s: Served;
let browser: Browser;
let page: Page;
const errors: string[] = [];
const space = ['--sweep', 'tau=0.01,0.02,0.03', '--sweep', 'n=range(10,30,3)'];
const rows = () => page.locator('#sweep-jobs tbody tr');
const column = (i: number) =>
  rows().evaluateAll(
    (trs, k) =>
      trs.map((tr) =>
        (tr as unknown as { cells: Array<{ textContent: string }> }).cells[k]!.textContent.trim(),
      ),
    i,
  );
const shot = (name: string) => page.screenshot({ path: join(SHOTS, `web-${name}.png`), fullPage: true });

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ formats: ['png'], runConfigs: { std: { timeout: 60 } } }),
    'sims/model.mjs': MODEL,
    'sims/flaky.mjs': FLAKY,
  });
  linkSimorg(p.root);
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', 'sims/model.mjs', 'sims/flaky.mjs'])).code).toBe(0);
  const a = await p.cli(['sweep', 'sims/model.mjs', ...space, '--yes', '--max-concurrency', '2']);
  expect(a.code, a.stdout + a.stderr).toBe(0);
  const b = await p.cli(['sweep', 'sims/flaky.mjs', '--sweep', 'x=1,2,3', '--yes']);
  expect(b.code).toBe(1); // one job failed
  s = await serve(p);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(s.url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  if (p) rmSync(p.root, { recursive: true, force: true });
});

describe('the Sweep pages in Chromium', () => {
  it('lists the sweeps with their progress', async () => {
    await page.getByRole('link', { name: 'Sweeps', exact: true }).click();
    await page.waitForURL(/\/sweeps$/);
    const model = page.locator('tr[data-sweep="tau-n"]');
    expect(await model.innerText()).toMatch(/sims\/model\.mjs[\s\S]*\b9\b[\s\S]*succeeded 9/);
    expect(await page.locator('tr[data-sweep="x"]').innerText()).toMatch(/succeeded 2[\s\S]*failed 1/);
    await shot('sweeps');
  });

  it('shows the job table with parameters and metrics as columns, sorted and filtered, coloured by status', async () => {
    await page.locator('tr[data-sweep="tau-n"] a', { hasText: 'tau-n' }).click();
    await page.waitForURL(/\/sweep\/\d+/);
    const heads = await page.locator('#sweep-jobs thead th').allInnerTexts();
    expect(heads.map((h) => h.replace(/[▲▼]/, '').trim())).toEqual([
      '#',
      'n',
      'tau',
      'score',
      'Status',
      'Took',
      'Run',
      'Error',
    ]);
    expect(await rows().count()).toBe(9);
    expect(
      await rows().evaluateAll((trs) =>
        trs.every((tr) => (tr as unknown as { className: string }).className === 'row-succeeded'),
      ),
    ).toBe(true);
    expect(await page.locator('#sweep-jobs tbody a[href^="/run/"]').count()).toBe(9);
    // Sorted by the metric, highest first (two clicks on its header).
    await page.locator('th a[data-sort="metric.score"]').click();
    await page.waitForURL(/sort=metric.score/);
    await page.locator('th a[data-sort="metric.score"]').click();
    await page.waitForURL(/dir=desc/);
    const scores = (await column(3)).map(Number);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeCloseTo(0.03 * 30);
    // Filtered by a parameter's value, the sort kept.
    await page.locator('#job-filter input[name=q]').fill('tau=0.02');
    await page.locator('#job-filter button').click();
    await page.waitForURL(/q=tau%3D0.02/);
    expect(await column(2)).toEqual(['0.02', '0.02', '0.02']);
    expect((await column(3)).map(Number)).toEqual([0.6, 0.4, 0.2]);
    await shot('sweep-jobs');
  });

  it('plots a chosen metric against a chosen parameter, one line per value of the other', async () => {
    const id = /\/sweep\/(\d+)/.exec(page.url())![1];
    await page.goto(`${s.base}/sweep/${id}`);
    const plot = page.locator('svg#plot');
    expect(await plot.getAttribute('data-points')).toBe('9');
    expect(await plot.getAttribute('aria-label')).toBe('score against n');
    expect(await plot.locator('g.series').count()).toBe(3);
    expect(await plot.locator('g.series text').allTextContents()).toEqual([
      'tau=0.01',
      'tau=0.02',
      'tau=0.03',
    ]);
    expect(await plot.locator('circle.fill-succeeded').count()).toBe(9);
    await page.locator('#plot-form select[name=x]').selectOption('tau');
    await page.waitForURL(/x=tau/);
    expect(await page.locator('svg#plot').getAttribute('aria-label')).toBe('score against tau');
    expect(await page.locator('svg#plot g.series text').allTextContents()).toEqual(['n=10', 'n=20', 'n=30']);
    await shot('sweep-plot');
  });

  it('shows a failed job in red with its error, by the status filter', async () => {
    await page.goto(`${s.base}/sweeps`);
    await page.locator('tr[data-sweep="x"] a', { hasText: /^x$/ }).click();
    await page.waitForURL(/\/sweep\/\d+/);
    await page.locator('#job-filter select[name=status]').selectOption('failed');
    await page.waitForURL(/status=failed/);
    expect(await rows().count()).toBe(1);
    const row = rows().first();
    expect(await row.getAttribute('class')).toBe('row-failed');
    expect(await row.innerText()).toMatch(/\b2\b[\s\S]*failed[\s\S]*x=2 is broken/);
    // The failed job has no metric: the plot has the two others.
    const sweepUrl = page.url().replace(/[?].*$/, '');
    await page.goto(sweepUrl);
    expect(await page.locator('svg#plot').getAttribute('data-points')).toBe('2');
    // Its run's page names the error and links back to the sweep.
    await rows().nth(1).locator('a[href^="/run/"]').click();
    await page.waitForURL(/\/run\//);
    expect(await page.locator('main').innerText()).toContain('x=2 is broken');
    await page.locator('#run-sweep').click();
    await page.waitForURL(sweepUrl);
  });

  it('updates without a reload when the sweep grows', async () => {
    const id =
      (await page.goto(`${s.base}/sweeps`),
      await page.locator('tr[data-sweep="tau-n"] td').first().innerText());
    await page.goto(`${s.base}/sweep/${id}`);
    await expect.poll(() => page.locator('#live').innerText()).toBe('live');
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));
    const r = await p.cli([
      'sweep',
      'sims/model.mjs',
      '--sweep',
      'tau=0.01,0.02,0.03,0.04',
      '--sweep',
      'n=range(10,30,3)',
      '--yes',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    await expect.poll(() => rows().count(), { timeout: 15_000 }).toBe(12);
    await expect.poll(() => page.locator('svg#plot').getAttribute('data-points')).toBe('12');
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1);
    await shot('sweep-live');
    expect(errors).toEqual([]);
  }, 60_000);
});
