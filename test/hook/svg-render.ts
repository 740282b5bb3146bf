// Renders an SVG as a reader would see it (librsvg's rsvg-convert; headless Chromium) and measures
// how far it is from the canvas' own PNG, for the SVG text tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, Image } from 'canvas';

export const haveRsvg = spawnSync('rsvg-convert', ['--version']).status === 0;
export const chromium = ['chromium', 'chromium-browser', 'google-chrome'].find(
  (c) => spawnSync(c, ['--version']).status === 0,
);

function inTemp<T>(fn: (dir: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'simorg-svgtext-'));
  try {
    return fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function rsvgPng(svg: string, width: number, height: number): Buffer {
  return execFileSync('rsvg-convert', ['-w', String(width), '-h', String(height)], { input: svg });
}

/** The SVG (its size in px) as Chromium paints it in a window of exactly that size. */
export function chromiumPng(svg: string, width: number, height: number): Buffer {
  return inTemp((dir) => {
    writeFileSync(join(dir, 'f.svg'), svg);
    execFileSync(
      chromium!,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--hide-scrollbars',
        `--user-data-dir=${join(dir, 'profile')}`,
        `--window-size=${width},${height}`,
        `--screenshot=${join(dir, 'f.png')}`,
        `file://${join(dir, 'f.svg')}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    return readFileSync(join(dir, 'f.png'));
  });
}

function rgba(png: Buffer, width: number, height: number): Uint8ClampedArray {
  const img = new Image();
  img.src = png;
  const c = createCanvas(width, height);
  const g = c.getContext('2d');
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, width, height);
  g.drawImage(img, 0, 0);
  return g.getImageData(0, 0, width, height).data;
}

/**
 * How two renderings differ: pixels where a channel is off by more than 64 levels (a glyph edge
 * rounded the other way, or a word missing or moved) and the mean difference per channel.
 */
export function compare(
  a: Buffer,
  b: Buffer,
  width: number,
  height: number,
): { differing: number; mean: number } {
  const A = rgba(a, width, height);
  const B = rgba(b, width, height);
  let differing = 0;
  let sum = 0;
  for (let i = 0; i < A.length; i += 4) {
    const d = Math.max(
      Math.abs(A[i]! - B[i]!),
      Math.abs(A[i + 1]! - B[i + 1]!),
      Math.abs(A[i + 2]! - B[i + 2]!),
    );
    sum += Math.abs(A[i]! - B[i]!) + Math.abs(A[i + 1]! - B[i + 1]!) + Math.abs(A[i + 2]! - B[i + 2]!);
    if (d > 64) differing++;
  }
  return { differing, mean: sum / ((A.length / 4) * 3) };
}
