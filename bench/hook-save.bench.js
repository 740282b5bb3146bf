// Saving 20 figures of 800x600 in png+svg+pdf through the hook (recording, replay onto vector
// surfaces, parallel PNG encodes, provenance, file writes) vs doing the same 60 outputs by hand
// with node-canvas: draw each figure onto an image, an SVG and a PDF canvas and call toBuffer
// (the PNGs in parallel, as the hook does), then write the files. Target: under 2x. Each side runs in its own process, alternately.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const self = fileURLToPath(import.meta.url);
const N = 20;

// A plot-like drawing: axes, ticks and labels, a 1000-point trace, some bars.
function draw(g, k) {
  g.fillStyle = '#fff';
  g.fillRect(0, 0, 800, 600);
  g.strokeStyle = '#333';
  g.beginPath();
  g.moveTo(60, 20);
  g.lineTo(60, 560);
  g.lineTo(780, 560);
  g.stroke();
  g.font = '12px sans-serif';
  g.fillStyle = '#333';
  for (let i = 0; i <= 10; i++) {
    g.fillText(String(i * 10), 55 + i * 72, 578);
    g.fillText(String(100 - i * 10), 30, 24 + i * 54);
  }
  g.strokeStyle = '#1f77b4';
  g.lineWidth = 1.5;
  g.beginPath();
  for (let i = 0; i < 1000; i++)
    g.lineTo(60 + i * 0.72, 300 + 200 * Math.sin(i / (20 + k)) * Math.exp(-i / 700));
  g.stroke();
  g.fillStyle = 'rgba(255,127,14,0.5)';
  for (let i = 0; i < 20; i++)
    g.fillRect(70 + i * 35, 560 - ((i * 37 + k * 11) % 200), 25, (i * 37 + k * 11) % 200);
  g.font = 'bold 16px sans-serif';
  g.fillStyle = '#000';
  g.fillText(`figure ${k}`, 360, 16);
}

async function child(mode, out) {
  const { performance } = await import('node:perf_hooks');
  if (mode === 'ours') {
    const hook = await import(join(root, 'dist/hook/index.js'));
    const { createCanvas } = (await import('canvas')).default;
    hook.flags.saveAll = true; // recording is decided when a context is made
    for (let k = 0; k < N; k++) draw(createCanvas(800, 600).getContext('2d'), k);
    hook.flags.saveAll = false; // no second save at exit
    const t0 = performance.now();
    const files = await hook.saveFigures({ root: out, print: false });
    const ms = performance.now() - t0;
    if (files.length !== 3 * N) throw new Error(`saved ${files.length} files`);
    return ms;
  }
  const { createCanvas } = (await import('canvas')).default;
  const images = [];
  for (let k = 0; k < N; k++) {
    const c = createCanvas(800, 600);
    draw(c.getContext('2d'), k);
    images.push(c);
  }
  const t0 = performance.now();
  const { mkdirSync } = await import('node:fs');
  for (const f of ['png', 'svg', 'pdf']) mkdirSync(join(out, f), { recursive: true });
  // PNGs encoded side by side on libuv's threads, as the hook encodes them.
  const pngs = await Promise.all(
    images.map(
      (c) => new Promise((ok, fail) => c.toBuffer((err, buf) => (err ? fail(err) : ok(buf)), 'image/png')),
    ),
  );
  for (let k = 0; k < N; k++) {
    writeFileSync(join(out, 'png', `${k}.png`), pngs[k]);
    for (const type of ['svg', 'pdf']) {
      const c = createCanvas(800, 600, type);
      draw(c.getContext('2d'), k);
      writeFileSync(
        join(out, type, `${k}.${type}`),
        type === 'pdf' ? c.toBuffer('application/pdf') : c.toBuffer(),
      );
    }
  }
  return performance.now() - t0;
}

if (process.argv[2] === 'child') {
  const ms = await child(process.argv[3], process.argv[4]);
  console.log(JSON.stringify({ ms }));
} else {
  const times = { ours: [], base: [] };
  for (let i = 0; i < 5; i++) {
    for (const mode of ['base', 'ours']) {
      const out = mkdtempSync(join(tmpdir(), `bench-save-${mode}-`));
      const r = spawnSync(process.execPath, [self, 'child', mode, out], {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, SIMORG_SAVEALL: undefined },
      });
      rmSync(out, { recursive: true, force: true });
      if (r.status !== 0) throw new Error(`${mode}: ${r.stderr}`);
      times[mode].push(JSON.parse(r.stdout.trim().split('\n').pop()).ms);
    }
  }
  const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  report(`save ${N} figures 800x600 as png+svg+pdf`, med(times.ours), med(times.base), 2);
}
