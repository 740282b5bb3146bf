import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealProject } from '../fresh/project.js';
import { dashboardProject, REPO, serve, type Served } from '../web/helpers.js';

// The Compare page in a real Chromium, on runs made while no server was running: the runner kept
// each run's figures as it recorded the run, so any two runs of a script whose figure changed
// compare with a pixel difference. Zoom and pan are locked on both sides; the arrow keys step B
// through the script's history while A stays pinned, keeping the view.

const SHOTS = join(REPO, 'test-results');

let p: RealProject;
let s: Served;
let browser: Browser;
let page: Page;
const runs: string[] = [];
const errors: string[] = [];

// The scroll boxes of the two sides, and what each shows, read in the page.
type Box = { scrollLeft: number; scrollTop: number; scrollWidth: number; clientWidth: number };
const sides = () =>
  page.locator('#stage .side').evaluateAll((els) =>
    els.map((e) => {
      const b = e as unknown as Box & { firstElementChild: { style: { transform: string } } };
      return {
        left: b.scrollLeft,
        top: b.scrollTop,
        scrollable: b.scrollWidth > b.clientWidth,
        transform: b.firstElementChild.style.transform,
      };
    }),
  );
const scrollSide = (i: number, left: number, top: number) =>
  page
    .locator('#stage .side')
    .nth(i)
    .evaluate(
      (e, [l, t]) => {
        const b = e as unknown as Box;
        b.scrollLeft = l!;
        b.scrollTop = t!;
      },
      [left, top],
    );
const pixels = async () => {
  const line = page.locator('#diffline');
  await expect.poll(() => line.getAttribute('data-pixels')).not.toBeNull();
  return Number(await line.getAttribute('data-pixels'));
};
const params = () => Object.fromEntries(new URL(page.url()).searchParams);

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  p = dashboardProject();
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', 'sims/wave.mjs'])).code).toBe(0);
  // Three runs, each drawing another amplitude over the same figure file, and no server running.
  for (const amp of ['20', '30', '45']) {
    p.write('amp.txt', `${amp}\n`);
    const r = await p.cli(['run', 'sims/wave.mjs']);
    expect(r.code, r.stderr).toBe(0);
  }
  const list = await p.json<Array<{ runId: string; startedAt: number }>>(['list', 'sims/wave.mjs']);
  runs.push(...list.sort((a, b) => a.startedAt - b.startedAt).map((r) => r.runId));
  expect(runs).toHaveLength(3);
  s = await serve(p);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(s.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  if (p) rmSync(p.root, { recursive: true, force: true });
});

describe('the Compare page on runs recorded while no server ran', () => {
  it('the runner kept every run figure, and two runs whose figure changed differ by some pixels', async () => {
    expect(readdirSync(join(p.root, '.simorg', 'figures')).sort()).toEqual([...runs].sort());
    const [first, , last] = runs;
    await page.goto(`${s.base}/compare?a=${first}&b=${last}&mode=diff`);
    const n = await pixels();
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThan(200 * 120);
    expect(await page.locator('#record-diff').innerText()).toMatch(/inputs\s+amp\.txt/);
    // The same run on both sides: nothing differs (the kept figure is that run's own).
    await page.goto(`${s.base}/compare?a=${first}&b=${first}&mode=diff`);
    expect(await pixels()).toBe(0);
    await page.screenshot({ path: join(SHOTS, 'web-compare-kept.png'), fullPage: true });
  });

  it('zooms both sides with one control and pans them together', async () => {
    await page.goto(`${s.base}/compare?a=${runs[0]}&b=${runs[2]}&mode=side`);
    await expect.poll(() => page.locator('#compare').getAttribute('data-ready')).toBe('1');
    expect((await sides()).map((x) => x.transform)).toEqual(['scale(1)', 'scale(1)']);
    await page.locator('#zoom').fill('4');
    const zoomed = await sides();
    expect(zoomed.map((x) => x.transform)).toEqual(['scale(4)', 'scale(4)']);
    expect(zoomed.every((x) => x.scrollable)).toBe(true); // 800 px wide now, in boxes narrower than that
    await scrollSide(0, 150, 90);
    await expect
      .poll(async () => (await sides()).map((x) => [x.left, x.top]))
      .toEqual([
        [150, 90],
        [150, 90],
      ]);
    await scrollSide(1, 60, 30);
    await expect
      .poll(async () => (await sides()).map((x) => [x.left, x.top]))
      .toEqual([
        [60, 30],
        [60, 30],
      ]);
    await page.screenshot({ path: join(SHOTS, 'web-compare-zoomed.png'), fullPage: true });
  });

  it('steps B through the history with the arrow keys while A stays pinned, keeping zoom and pan', async () => {
    const [first, second, third] = runs;
    await page.goto(`${s.base}/compare?a=${first}&b=${third}&mode=side`);
    await expect.poll(() => page.locator('#compare').getAttribute('data-ready')).toBe('1');
    await page.locator('#zoom').fill('4');
    await scrollSide(0, 120, 40);
    await expect.poll(async () => (await sides())[1]!.left).toBe(120);
    await page.locator('h1').click(); // focus off the zoom control: the keys are the page's
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL((u) => u.searchParams.get('b') === second);
    expect(params()).toMatchObject({ a: first, b: second, mode: 'side' });
    await expect.poll(() => page.locator('#compare').getAttribute('data-ready')).toBe('1');
    expect(await page.locator('#zoom').inputValue()).toBe('4');
    expect((await sides()).map((x) => [x.transform, x.left, x.top])).toEqual([
      ['scale(4)', 120, 40],
      ['scale(4)', 120, 40],
    ]);
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL((u) => u.searchParams.get('b') === first);
    expect(params()).toMatchObject({ a: first, b: first });
    // The first run has no earlier one: the key does nothing.
    expect(await page.locator('#prev-b').count()).toBe(0);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowRight');
    await page.waitForURL((u) => u.searchParams.get('b') === second);
    expect(params()).toMatchObject({ a: first, b: second });
    expect(await page.locator('.bar b', { hasText: 'A' }).locator('..').innerText()).toContain(first);
    expect(errors).toEqual([]);
  });
});
