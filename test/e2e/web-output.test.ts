import { rmSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RealProject } from '../fresh/project.js';
import { serve, type Served } from '../web/helpers.js';
import { linkSimorg } from './params-helpers.js';

// The Output page of more figures than its first chunk, in a real Chromium: it carries the first
// 40 cards, fetches the rest as the page is scrolled to them, and keeps them (?upto=N) when it
// refreshes itself on a change; thumbnails load only near the screen.

// One run drawing 50 figures, each with its number.
const MANY = `import 'simorg';
import { createCanvas } from 'canvas';
for (let i = 0; i < 50; i++) {
  const g = createCanvas(160, 100).getContext('2d');
  g.fillStyle = '#fff'; g.fillRect(0, 0, 160, 100);
  g.fillStyle = '#2e5bba'; g.fillRect(10, 10, 1 + i * 2, 40);
}
`;

let p: RealProject;
let s: Served;
let browser: Browser;
let page: Page;
const cards = () => page.locator('#gallery figure');
type Img = { complete: boolean; naturalWidth: number; getAttribute(n: string): string | null };

beforeAll(async () => {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ formats: ['png'] }),
    'sims/many.mjs': MANY,
    'sims/other.mjs': "console.log('no figures');\n",
  });
  linkSimorg(p.root);
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', 'sims/many.mjs', 'sims/other.mjs'])).code).toBe(0);
  const r = await p.cli(['run', 'sims/many.mjs']);
  expect(r.code, r.stderr).toBe(0);
  s = await serve(p);
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.goto(s.url);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await s?.stop();
  if (p) rmSync(p.root, { recursive: true, force: true });
});

describe('the Output page of many figures', () => {
  it('carries the first 40 cards, loads the rest when scrolled to, and keeps them on a live refresh', async () => {
    await page.goto(`${s.base}/output`);
    expect(await page.locator('form.bar').innerText()).toContain('50 figures');
    expect(await cards().count()).toBe(40);
    const loaded = () =>
      page
        .locator('#gallery img')
        .evaluateAll((is) =>
          is.map((i) => (i as unknown as Img).complete && (i as unknown as Img).naturalWidth > 0),
        );
    await expect.poll(async () => (await loaded())[0]).toBe(true);
    // Lazy: every image is marked so, and the last card is below the first screen. (Whether Chromium
    // has fetched it yet is its own heuristic, which fetches ahead when the machine is slow.)
    const lazy = await page
      .locator('#gallery img')
      .evaluateAll((is) => is.map((i) => (i as unknown as { loading: string }).loading));
    expect(new Set(lazy)).toEqual(new Set(['lazy']));
    expect(await page.locator('#gallery figure').last().isVisible()).toBe(true);
    const below = await page
      .locator('#gallery figure')
      .last()
      .evaluate(
        (f) => (f as unknown as { getBoundingClientRect(): { top: number } }).getBoundingClientRect().top,
      );
    expect(below).toBeGreaterThan(800);
    expect(await page.locator('#gallery .more a').innerText()).toMatch(/40 of 50 shown/);
    await page.locator('#gallery figure').last().scrollIntoViewIfNeeded();
    await expect.poll(() => cards().count()).toBe(50);
    expect(new URL(page.url()).searchParams.get('upto')).toBe('50');
    expect(await page.locator('#gallery .more').count()).toBe(0);
    const names = await page.locator('#gallery figcaption').allInnerTexts();
    expect(names.map((n) => /(\d{3}) figure_/.exec(n)?.[1])).toEqual(
      Array.from({ length: 50 }, (_, i) => String(i).padStart(3, '0')),
    );
    // A change in the database refreshes the page's live part from its own address: all 50 stay.
    await page.evaluate(() => ((globalThis as unknown as { marker: number }).marker = 1));
    const refreshed = page.evaluate(
      () =>
        new Promise((r) =>
          (
            globalThis as unknown as {
              document: { addEventListener(e: string, f: unknown, o: unknown): void };
            }
          ).document.addEventListener('simorg:refreshed', r, { once: true }),
        ),
    );
    expect((await p.cli(['run', 'sims/other.mjs'])).code).toBe(0);
    await refreshed;
    expect(await cards().count()).toBe(50);
    expect(await page.evaluate(() => (globalThis as unknown as { marker?: number }).marker)).toBe(1);
  }, 60_000);

  it('without the script, the "more" link opens the longer page', async () => {
    const res = await page.request.get(`${s.base}/output`);
    const html = await res.text();
    const href = /href="(\/output\?upto=\d+)"/.exec(html)?.[1];
    expect(href).toBe('/output?upto=50');
    const longer = await (await page.request.get(`${s.base}${href}`)).text();
    expect(longer.match(/<figure>/g)).toHaveLength(50);
  });
});
