// Peak memory of a long animation: one 800 x 600 canvas redrawn 300 times (a wipe, a 2,000-point
// trace, 60 markers and a label per frame), run with the hook saving every figure as png, svg and
// pdf (no cap on the recording), against the same script with the hook loaded and saving off (`--import simorg/register`
// both). Each run is its own process, which prints its peak RSS once everything, the save at exit
// included, is done. The recording must hold one frame, not 300: target within 1.2x of saving
// off, and of no hook at all.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(import.meta.url);

if (process.argv[2] === 'worker') await worker(process.argv[3]);
else main();

function main() {
  const out = mkdtempSync(join(tmpdir(), 'bench-animation-'));
  const env = { ...process.env, SIMORG_OUTPUT_DIR: out, SIMORG_NOSHOW: '', SIMORG_FORMATS: 'png,svg,pdf' };
  delete env.SIMORG_SAVEALL;
  const run = (args, extraEnv, wipe = 'clear') => {
    const r = spawnSync(process.execPath, [...args, here, 'worker', wipe], {
      cwd: root,
      env: { ...env, ...extraEnv },
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`bench worker failed: ${r.stderr}`);
    return JSON.parse(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop(),
    ).maxRssMB;
  };
  const hook = ['--import', 'simorg/register'];
  const wipes = ['clear', 'fill'];
  const rss = Object.fromEntries(wipes.map((w) => [w, { raw: [], off: [], on: [] }]));
  for (let round = 0; round < 3; round++) {
    for (const w of wipes) {
      rss[w].raw.push(run([], {}, w));
      rss[w].off.push(run(hook, {}, w));
      // No cap on the recording (SIMORG_MAX_VECTOR_OPS): the bound measured is the recording's own.
      rss[w].on.push(run(hook, { SIMORG_SAVEALL: '', SIMORG_MAX_VECTOR_OPS: 'none' }, w));
    }
  }
  rmSync(out, { recursive: true, force: true });
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  for (const w of wipes) {
    const m = { raw: mid(rss[w].raw), off: mid(rss[w].off), on: mid(rss[w].on) };
    const what = `300-frame redraw (${w === 'clear' ? 'clearRect' : 'opaque fillRect'})`;
    console.log(
      `${what}, peak RSS without the hook: ${m.raw.toFixed(0)} MB, hook loaded and saving off: ${m.off.toFixed(0)} MB`,
    );
    const ratio = m.on / m.off;
    check(
      `${what}, peak RSS saving png+svg+pdf`,
      ratio <= 1.2,
      `${m.on.toFixed(0)} MB vs saving off ${m.off.toFixed(0)} MB = ${ratio.toFixed(2)}x (target <= 1.2x)`,
    );
    // Against no hook at all too: the hook's own bookkeeping (a pixel copy per wipe) must not
    // swell the baseline above and hide behind it.
    const raw = m.on / m.raw;
    check(
      `${what}, peak RSS saving png+svg+pdf vs no hook`,
      raw <= 1.2,
      `${m.on.toFixed(0)} MB vs ${m.raw.toFixed(0)} MB = ${raw.toFixed(2)}x (target <= 1.2x)`,
    );
  }
}

async function worker(wipe) {
  const { createCanvas } = await import('canvas');
  const W = 800;
  const H = 600;
  const c = createCanvas(W, H);
  const g = c.getContext('2d');
  g.font = '16px sans-serif';
  g.lineWidth = 1.5;
  for (let k = 0; k < 300; k++) {
    if (wipe === 'clear') {
      g.clearRect(0, 0, W, H);
    } else {
      g.fillStyle = '#ffffff';
      g.fillRect(0, 0, W, H);
    }
    g.strokeStyle = '#036';
    g.beginPath();
    g.moveTo(0, H / 2);
    for (let i = 1; i < 2000; i++) g.lineTo((i * W) / 2000, H / 2 + 200 * Math.sin(i * 0.01 + k * 0.05));
    g.stroke();
    g.fillStyle = '#c30';
    for (let j = 0; j < 60; j++) {
      g.beginPath();
      g.arc((j * W) / 60, H / 2 + 150 * Math.cos(j * 0.3 + k * 0.1), 4, 0, 2 * Math.PI);
      g.fill();
    }
    g.fillStyle = '#000';
    g.fillText(`t = ${(k / 30).toFixed(2)} s`, 20, 30);
  }
  // Registered after the hook's own handler: runs once the save at exit is done.
  process.on('exit', () => console.log(JSON.stringify({ maxRssMB: process.resourceUsage().maxRSS / 1024 })));
}
