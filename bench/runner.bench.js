// Runner overhead: `simorg run` of 50 trivial scripts against running them with node in a shell
// loop (same run, same machine), and the throughput of --jobs 2 against --jobs 1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianCommand, report } from './lib.js';
import { openDb } from '../dist/store/db.js';

const bin = fileURLToPath(new URL('../bin/simorg.js', import.meta.url));
const hook = fileURLToPath(new URL('../dist/hook/register.js', import.meta.url));
const N = 50;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = mkdtempSync(join(tmpdir(), 'simorg-bench-run-'));
writeFileSync(join(root, '.simorgrc.json'), '{}');
mkdirSync(join(root, 'sims'));
const files = [];
for (let i = 0; i < N; i++) {
  const f = `sims/s${String(i).padStart(2, '0')}.mjs`;
  writeFileSync(join(root, f), `console.log('script ${i}');\n`);
  files.push(f);
}
const db = openDb(join(root, '.simorg', 'simorg.sqlite'));
const ins = db.prepare('INSERT INTO scripts (path, grp, tracked_at) VALUES (?, NULL, ?)');
db.transaction(() => files.forEach((f) => ins.run(f, Date.now())))();
db.close();

const opts = { cwd: root, env: { ...process.env, NO_COLOR: '1' } };
const loop = (pre) => ['-c', `for f in ${files.join(' ')}; do ${pre} node $f >/dev/null; done`];
// What the hook costs a script when simorg runs it: preloaded, and capturing for a manifest.
const hookEnv = `SIMORG_SAVEALL=1 SIMORG_NOSHOW=1 SIMORG_MANIFEST=${join(root, 'm.json')} NODE_OPTIONS="--import ${hook}"`;
try {
  const base = await medianCommand('bash', loop(''), opts, RUNS);
  const hooked = await medianCommand('bash', loop(hookEnv), opts, RUNS);
  report(`hook preload with capture, ${N} scripts (node --import register.js + SIMORG_MANIFEST vs plain node)`, hooked, base);
  console.log(`  = ${((hooked - base) / N).toFixed(1)} ms per process`);
  const one = await medianCommand(process.execPath, [bin, 'run', '--all', '--jobs', '1'], opts, RUNS);
  report(`simorg run --jobs 1, ${N} scripts (vs node in a shell loop)`, one, base, 1.3);
  console.log(`  = ${((one - base) / N).toFixed(1)} ms per run over plain node (${((one - hooked) / N).toFixed(1)} ms over node + hook)`);
  const two = await medianCommand(process.execPath, [bin, 'run', '--all', '--jobs', '2'], opts, RUNS);
  report(`simorg run --jobs 2 time vs --jobs 1 (throughput ${(one / two).toFixed(2)}x, target >= 1.7x)`, two, one, 1 / 1.7);
} finally {
  rmSync(root, { recursive: true, force: true });
}
