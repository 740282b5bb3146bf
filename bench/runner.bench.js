// Runner overhead: `simorg run` of 50 trivial scripts against running them with node in a shell
// loop (same run, same machine), and the throughput of --jobs 2 against --jobs 1.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { check, median, report } from './lib.js';
import { openDb } from '../dist/store/db.js';

const bin = fileURLToPath(new URL('../bin/simorg.js', import.meta.url));
const hook = fileURLToPath(new URL('../dist/hook-cjs/register-cjs.js', import.meta.url));
const N = 50;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
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
const runOk = (cmd, args) => {
  const r = spawnSync(cmd, args, { ...opts, stdio: 'ignore' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
};
const loopOver = (list, pre) => `for f in ${list.join(' ')}; do ${pre} node $f >/dev/null; done`;
const loop = (pre) => ['-c', loopOver(files, pre)];
// The machine's own ceiling for two at once: the same 50 as two plain shell loops side by side.
// Node's start-up keeps V8's helper threads busy too, so two processes on 2 cores rarely get 2x.
const halves = [files.filter((_, i) => i % 2 === 0), files.filter((_, i) => i % 2 === 1)];
const pairLoop = ['-c', `(${loopOver(halves[0], '')}) & (${loopOver(halves[1], '')}) & wait`];
// What the hook costs a script when simorg runs it: preloaded as CommonJS (command-line.ts), and
// capturing for a manifest.
const hookEnv = `SIMORG_SAVEALL=1 SIMORG_NOSHOW=1 SIMORG_MANIFEST=${join(root, 'm.json')} NODE_OPTIONS="--require ${hook}"`;
try {
  // Interleaved rounds, judged by the median of the per-round ratios: a shared machine drifts by
  // tens of percent within a minute, which separate medians of each variant would mistake for cost.
  const variants = {
    base: ['bash', loop('')],
    hooked: ['bash', loop(hookEnv)],
    pair: ['bash', pairLoop],
    one: [process.execPath, [bin, 'run', '--all', '--jobs', '1']],
    two: [process.execPath, [bin, 'run', '--all', '--jobs', '2']],
  };
  const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const [k, [cmd, args]] of Object.entries(variants))
      times[k].push(await median(() => runOk(cmd, args), { runs: 1, warmup: 0 }));
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const ratio = (a, b) => mid(times[a].map((t, i) => t / times[b][i]));
  // Per-run costs from the same rounds as the ratios: the median of per-round differences.
  const perRun = (a, b) => mid(times[a].map((t, i) => (t - times[b][i]) / N));
  const [base, one] = ['base', 'one'].map((k) => mid(times[k]));
  console.log(`${ROUNDS} interleaved rounds; ratios and per-run costs are medians of the per-round figures`);
  report(
    `hook preload with capture, ${N} scripts (node --require register-cjs.js + SIMORG_MANIFEST vs plain node)`,
    base * ratio('hooked', 'base'),
    base,
  );
  console.log(`  = ${perRun('hooked', 'base').toFixed(1)} ms per process`);
  report(
    `simorg run --jobs 1, ${N} scripts (vs node in a shell loop)`,
    base * ratio('one', 'base'),
    base,
    1.3,
  );
  console.log(
    `  = ${perRun('one', 'base').toFixed(1)} ms per run over plain node (${perRun('one', 'hooked').toFixed(1)} ms over node + hook)`,
  );
  // Two workers are judged against what this machine gives two processes at once (two plain node
  // shell loops side by side), measured in the same rounds: at least 95% of that ceiling.
  const speedup = 1 / ratio('two', 'one');
  const ceiling = 1 / ratio('pair', 'base');
  check(
    `simorg run --jobs 2 throughput vs --jobs 1`,
    speedup >= 0.95 * ceiling,
    `${speedup.toFixed(2)}x; two plain node loops side by side: ${ceiling.toFixed(2)}x (this machine's ceiling); ` +
      `${((speedup / ceiling) * 100).toFixed(0)}% of it (target >= 95%)`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
