// Sweep overhead: a local sweep of 500 trivial jobs (one script, 500 parameter sets) against
// `simorg run` of 500 trivial scripts, each against node running the same in a shell loop, in the
// same rounds. Target: the sweep's time per job within 1.2x of simorg run's time per script. The
// cost over plain node is printed too; on a loaded machine the baseline drifts by more than the
// overhead itself, so it is informational.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { report } from './lib.js';
import { openDb } from '../dist/store/db.js';

const bin = fileURLToPath(new URL('../bin/simorg.js', import.meta.url));
const N = Number(process.env.BENCH_SWEEP_JOBS ?? 500);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 1);
const root = mkdtempSync(join(tmpdir(), 'simorg-bench-sweep-'));
writeFileSync(join(root, '.simorgrc.json'), '{}');
mkdirSync(join(root, 'sims'));
const TRIVIAL = "console.log('job', process.env.SIMORG_PARAMS ? 'with params' : '');\n";
const files = [];
for (let i = 0; i < N; i++) {
  const f = `sims/s${String(i).padStart(3, '0')}.mjs`;
  writeFileSync(join(root, f), TRIVIAL);
  files.push(f);
}
writeFileSync(join(root, 'sims/one.mjs'), TRIVIAL);
const db = openDb(join(root, '.simorg', 'simorg.sqlite'));
const ins = db.prepare('INSERT INTO scripts (path, grp, tracked_at) VALUES (?, ?, ?)');
db.transaction(() => {
  files.forEach((f) => ins.run(f, 'many', Date.now()));
  ins.run('sims/one.mjs', null, Date.now());
})();
db.close();

const opts = { cwd: root, env: { ...process.env, NO_COLOR: '1' }, stdio: 'ignore', maxBuffer: 1 << 26 };
const time = (cmd, args) => {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, opts);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
  return performance.now() - t0;
};
try {
  const t = { base: [], run: [], sweep: [] };
  for (let r = 0; r < ROUNDS; r++) {
    t.base.push(time('bash', ['-c', `for f in ${files.join(' ')}; do node $f >/dev/null; done`]));
    t.run.push(time(process.execPath, [bin, 'run', '--group', 'many', '--jobs', '1']));
    // A new sweep each round (a sweep run again would skip every job, being fresh).
    t.sweep.push(
      time(process.execPath, [
        bin,
        'sweep',
        'sims/one.mjs',
        '--name',
        `r${r}`,
        '--sweep',
        `i=range(0,${N - 1},${N})`,
        '--yes',
        '-j',
        '1',
      ]),
    );
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const per = (k) => mid(t[k].map((x, i) => (x - t.base[i]) / N));
  console.log(`${N} jobs, ${ROUNDS} round(s); plain node in a shell loop: ${mid(t.base).toFixed(0)} ms`);
  const ratio = mid(t.sweep.map((x, i) => x / t.run[i]));
  report(
    `simorg sweep, time per job (${N} trivial jobs) vs simorg run, time per script (${N} trivial scripts)`,
    (mid(t.run) * ratio) / N,
    mid(t.run) / N,
    1.2,
  );
  console.log(
    `  over plain node (informational): sweep +${per('sweep').toFixed(1)} ms per job, run +${per('run').toFixed(1)} ms per script`,
  );
} finally {
  rmSync(root, { recursive: true, force: true });
}
