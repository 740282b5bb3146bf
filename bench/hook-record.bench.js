// Cost of the canvas interception on the hottest drawing call: 1,000,000 lineTo (paths stroked
// every 1,000 points) on raw node-canvas, with the hook recording for vector output (SAVEALL,
// svg+pdf, with no cap on the recording, so all of it is measured), and with the hook loaded but SAVEALL off (`--import simorg/register` both). Each variant runs in its own process, since
// the patches are process-wide; each process reports the median of its runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { report } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const here = fileURLToPath(import.meta.url);

if (process.argv[2] === 'worker') await worker();
else main();

function main() {
  // The real hook, as `--import simorg/register` installs it; figures saved at exit go to a
  // temporary folder (after the timing, which covers the drawing only).
  const out = mkdtempSync(join(tmpdir(), 'bench-record-'));
  const env = { ...process.env };
  delete env.SIMORG_SAVEALL;
  delete env.SIMORG_FORMATS;
  env.SIMORG_OUTPUT_DIR = out;
  env.SIMORG_NOSHOW = '';
  const run = (args, extraEnv) => {
    const r = spawnSync(process.execPath, [...args, here, 'worker'], {
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
    );
  };
  // Interleave the variants and take the median of each over the rounds: a shared machine drifts.
  const times = { raw: [], rec: [], off: [] };
  let ops = 0;
  for (let round = 0; round < 5; round++) {
    times.raw.push(run([], {}).ms);
    const rec = run(['--import', 'simorg/register'], {
      SIMORG_SAVEALL: '',
      SIMORG_FORMATS: 'png,svg,pdf',
      SIMORG_MAX_VECTOR_OPS: 'none',
    });
    times.rec.push(rec.ms);
    ops = rec.ops;
    times.off.push(run(['--import', 'simorg/register'], {}).ms);
  }
  rmSync(out, { recursive: true, force: true });
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const best = { raw: mid(times.raw), rec: mid(times.rec), off: mid(times.off) };
  console.log(`recorded ops per run: ${ops} floats (${((ops * 8) / 1e6).toFixed(1)} MB)`);
  report('1M lineTo, hook recording (SAVEALL, svg+pdf)', best.rec, best.raw, 1.5);
  report('1M lineTo, hook loaded, SAVEALL off', best.off, best.raw, 1.1);
}

async function worker() {
  const { createCanvas } = await import('canvas');
  const { performance } = await import('node:perf_hooks');
  const N = 1_000_000;
  const PER_PATH = 1000;
  let recorded = 0;
  const once = () => {
    // Small and flat, so that the native stroke (not what we measure) does not drown lineTo.
    const c = createCanvas(200, 100);
    const g = c.getContext('2d');
    g.strokeStyle = '#036';
    g.lineWidth = 0.5;
    for (let i = 0; i < N; i += PER_PATH) {
      g.beginPath();
      g.moveTo(0, 50);
      for (let j = 1; j < PER_PATH; j++) g.lineTo((j * 200) / PER_PATH, 50 + 10 * Math.sin((i + j) * 0.01));
      g.stroke();
    }
    const rec = g[Object.getOwnPropertySymbols(g).find((s) => s.description === 'simorg.canvas.rec')];
    recorded = rec ? rec.length : 0;
  };
  once();
  const times = [];
  for (let k = 0; k < 5; k++) {
    const t0 = performance.now();
    once();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ ms: times[2], ops: recorded }));
}
