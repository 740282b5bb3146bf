// Shared timing helpers for benchmarks: median of repeated runs, ratio lines.
import { performance } from 'node:perf_hooks';
import { spawnSync } from 'node:child_process';

/** Median wall time in ms of `fn` over `runs` runs (after `warmup` unmeasured ones). */
export async function median(fn, { runs = 7, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Median wall time in ms of running a command to completion. */
export function medianCommand(cmd, args, options = {}, runs = 7) {
  return median(
    () => {
      const r = spawnSync(cmd, args, { stdio: 'ignore', ...options });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
    },
    { runs },
  );
}

// SIMORG_BENCH_TARGET_SCALE multiplies every ratio target (0.1: ten times out of reach), to show that
// a missed target fails the run (`npm run bench` exits 1). Said on every line it changes.
const TARGET_SCALE = Number(process.env.SIMORG_BENCH_TARGET_SCALE) || 1;
if (TARGET_SCALE !== 1) console.log(`SIMORG_BENCH_TARGET_SCALE=${TARGET_SCALE}: ratio targets scaled`);

/**
 * Prints one result line: what, ours, baseline, ratio, and the target it must meet. A target
 * missed makes the benchmark exit 1 (so `npm run bench` fails); a line without one says so.
 */
export function report(what, oursMs, baseMs, goal) {
  const target = goal === undefined ? undefined : goal * TARGET_SCALE;
  const ratio = oursMs / baseMs;
  const t = target === undefined ? '' : `${Number(target.toFixed(2))}x`;
  const ok =
    target === undefined ? '' : ratio <= target ? `  ok (target <= ${t})` : `  OVER TARGET (<= ${t})`;
  console.log(
    `${what}: ${oursMs.toFixed(1)} ms vs baseline ${baseMs.toFixed(1)} ms = ${ratio.toFixed(2)}x${ok}`,
  );
  if (target !== undefined && !(ratio <= target)) process.exitCode = 1;
  return ratio;
}

/** A target that is not a ratio: one line, ok or OVER TARGET; a miss makes the benchmark exit 1. */
export function check(what, ok, detail) {
  console.log(`${what}: ${detail}  ${ok ? 'ok' : 'OVER TARGET'}`);
  if (!ok) process.exitCode = 1;
  return ok;
}

/**
 * Runs each command once per round, in turn, for `rounds` rounds, so that a machine busy for a
 * while slows all of them alike. Returns each command's median wall time in ms and `over(i, j)`:
 * the median, over rounds, of command i's time minus command j's in the same round (steadier
 * than the difference of two medians when the machine is noisy).
 */
export function interleavedCommands(commands, rounds = 41) {
  const times = commands.map(() => []);
  for (let r = 0; r < rounds; r++) {
    commands.forEach(({ cmd, args, options = {} }, i) => {
      const t0 = performance.now();
      const p = spawnSync(cmd, args, { stdio: 'ignore', ...options });
      if (p.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${p.status}`);
      times[i].push(performance.now() - t0);
    });
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return {
    medians: times.map(mid),
    over: (i, j) => mid(times[i].map((t, r) => t - times[j][r])),
  };
}
