// simorg status on 10,000 tracked scripts sharing 1,000 library modules, against `make -q` on an
// equivalent Makefile (one stamp per script depending on the script and its modules), measured in
// the same run. The runs and their files are inserted as rows (the state after real runs) and the
// files written, with mtimes an hour old so the hash cache is warm and not "racy".
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, medianCommand, report } from './lib.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(join(repo, 'dist', p));
const { openDb } = await dist('store/db.js');
const { hashBytes } = await dist('fresh/hash.js');
const { openProject } = await dist('project.js');
const { StatusIndex } = await dist('fresh/evaluate.js');

const SCRIPTS = 10_000;
const MODULES = 1_000;
const root = mkdtempSync(join(tmpdir(), 'simorg-bench-status-'));
const old = new Date(Date.now() - 3_600_000);
const stampTime = new Date(Date.now() - 1_800_000);
const bin = join(repo, 'bin', 'simorg.js');

try {
  writeFileSync(join(root, '.simorgrc.json'), JSON.stringify({ runConfigs: { std: { timeout: 60 } } }));
  mkdirSync(join(root, 'lib'));
  const modHash = [];
  for (let j = 0; j < MODULES; j++) {
    const text = `export const m${j} = ${j};\n`;
    writeFileSync(join(root, 'lib', `m${j}.mjs`), text);
    utimesSync(join(root, 'lib', `m${j}.mjs`), old, old);
    modHash.push(hashBytes(text));
  }
  const modsOf = (i) => [...new Set([i % MODULES, (i * 7 + 3) % MODULES, (i * 13 + 5) % MODULES])];
  const db = openDb(join(root, '.simorg', 'simorg.sqlite'));
  const mk = ['all: $(STAMPS)', '.PHONY: all', ''];
  const stamps = [];
  mkdirSync(join(root, 'stamps'));
  db.transaction(() => {
    const script = db.prepare('INSERT INTO scripts (id, path, grp, tracked_at) VALUES (?, ?, NULL, 0)');
    const run = db.prepare(`INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json,
      status, exit_code, started_at, ended_at, duration_ms, packages_json) VALUES (?, ?, ?, ?, 'std', ?, '[]', 'succeeded', 0, ?, ?, 100, '{}')`);
    const file = db.prepare('INSERT INTO run_files (run_id, role, path, hash, size) VALUES (?, ?, ?, ?, NULL)');
    const config = JSON.stringify({ name: 'std', timeout: 60, env: {}, argv: [] });
    for (let i = 0; i < SCRIPTS; i++) {
      const dir = `sims/d${Math.floor(i / 100)}`;
      const path = `${dir}/s${i}.mjs`;
      const mods = modsOf(i);
      const text = mods.map((j) => `import '../../lib/m${j}.mjs';\n`).join('') + `console.log(${i});\n`;
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), old, old);
      const id = i.toString(16).padStart(12, '0');
      script.run(i + 1, path);
      run.run(id, i + 1, path, hashBytes(text), config, 1_000_000 + i, 1_000_100 + i);
      file.run(id, 'script', path, hashBytes(text));
      for (const j of mods) file.run(id, 'module', `lib/m${j}.mjs`, modHash[j]);
      const stamp = `stamps/s${i}.stamp`;
      writeFileSync(join(root, stamp), '');
      utimesSync(join(root, stamp), stampTime, stampTime);
      stamps.push(stamp);
      mk.push(`${stamp}: ${path} ${mods.map((j) => `lib/m${j}.mjs`).join(' ')}`, '\ttouch $@');
    }
  })();
  db.close();
  writeFileSync(join(root, 'Makefile'), `STAMPS := ${stamps.join(' ')}\n` + mk.join('\n') + '\n');

  const opts = { cwd: root, env: { ...process.env, NO_COLOR: '1' } };
  // The target's baseline is `make -q -r`: an equivalent Makefile would say `.SUFFIXES:` or
  // `MAKEFLAGS += -r`, since it has no use for make's built-in implicit rules; without them, plain
  // `make -q` tries each of them on every file and takes seconds here. Both are printed.
  const plainMakeMs = await medianCommand('make', ['-q'], opts, 3);
  const makeMs = await medianCommand('make', ['-q', '-r'], opts);
  // What every Node process pays before simorg runs a line (NODE_EXTRA_CA_CERTS, when set, makes
  // Node read a certificate bundle at startup): a floor for any Node CLI, included in simorg's times.
  const nodeMs = await medianCommand(process.execPath, ['-e', '0'], opts);
  // The first (warm-up) run fills the hash cache; the measured ones find it warm.
  const jsonMs = await medianCommand(process.execPath, [bin, 'status', '--json'], opts);
  const tableMs = await medianCommand(process.execPath, [bin, 'status'], opts);
  console.log(`baselines: make -q -r ${makeMs.toFixed(1)} ms (the target's), plain make -q ${plainMakeMs.toFixed(1)} ms, ` +
    `node -e 0 ${nodeMs.toFixed(1)} ms${process.env.NODE_EXTRA_CA_CERTS ? ' (NODE_EXTRA_CA_CERTS is set)' : ''}`);
  report('status --json, 10k scripts, warm cache, vs make -q -r', jsonMs, makeMs, 2);
  report('status (table), 10k scripts, warm cache, vs make -q -r', tableMs, makeMs, 2);
  report('status --json, 10k scripts, warm cache, vs plain make -q (no target)', jsonMs, plainMakeMs);
  report('status --json minus node startup, vs make -q -r (no target)', jsonMs - nodeMs, makeMs);
  console.log(`status --json under 1 s: ${jsonMs < 1000 ? 'ok' : 'NO'} (${jsonMs.toFixed(0)} ms)`);
  // The same on a stock Node start: without NODE_EXTRA_CA_CERTS (set on some machines, this one
  // included) Node does not read a certificate bundle before every command.
  let bareJsonMs = jsonMs;
  if (process.env.NODE_EXTRA_CA_CERTS) {
    const { NODE_EXTRA_CA_CERTS: _unused, ...bareEnv } = opts.env;
    const bare = { cwd: root, env: bareEnv };
    bareJsonMs = await medianCommand(process.execPath, [bin, 'status', '--json'], bare);
    const bareNodeMs = await medianCommand(process.execPath, ['-e', '0'], bare);
    console.log(`without NODE_EXTRA_CA_CERTS: node -e 0 ${bareNodeMs.toFixed(1)} ms`);
    report('status --json, 10k scripts, warm cache, stock Node start, vs make -q -r', bareJsonMs, makeMs, 2);
  }

  // The measured runs above reuse the verdicts the warm-up stored (src/fresh/snapshot.ts). Judged
  // again: (1) after one library file changed (the verdicts of the scripts that did not use it are
  // kept; its importers are judged again), alternating its content so that each run sees a change;
  // (2) after any database write (a run recorded), which judges everything. The hash cache stays warm.
  const { spawnSync } = await import('node:child_process');
  const { performance } = await import('node:perf_hooks');
  const timed = (before) => {
    const times = [];
    for (let k = 0; k < 5; k++) {
      before(k);
      const t0 = performance.now();
      spawnSync(process.execPath, [bin, 'status', '--json'], { ...opts, stdio: 'ignore' });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    return times[2];
  };
  const lib = join(root, 'lib', 'm7.mjs');
  const fileMs = timed((k) => writeFileSync(lib, `export const m7 = ${k % 2 ? 7 : '"seven"'};\n`));
  writeFileSync(lib, 'export const m7 = 7;\n');
  utimesSync(lib, old, old);
  const dbMs = timed(() => {
    const d = openDb(join(root, '.simorg', 'simorg.sqlite'));
    d.prepare('UPDATE scripts SET grp = grp WHERE id = 1').run();
    d.close();
  });
  report('status --json, judged again after one library file changed, vs make -q -r', fileMs, makeMs, 3);
  report('status --json, judged again after a database write (all 10k), vs make -q -r (no target)', dbMs, makeMs);

  // One library file changes: only it is re-hashed, and exactly its importers are stale.
  writeFileSync(join(root, 'lib', 'm5.mjs'), 'export const m5 = "changed";\n');
  const project = await openProject(root);
  let hashed = 0;
  let stale = 0;
  const inProcMs = await median(() => {
    const index = new StatusIndex(project);
    stale = index.all().filter((s) => s.status === 'stale').length;
    index.finish();
    hashed = index.hashes.hashed;
  }, { runs: 1, warmup: 0 });
  project.close();
  const expected = Array.from({ length: SCRIPTS }, (_, i) => modsOf(i).includes(5)).filter(Boolean).length;
  console.log(`after one library change: ${hashed} file(s) re-hashed (want 1), ${stale} scripts stale (want ${expected}), ${inProcMs.toFixed(0)} ms in-process`);
  if (hashed !== 1 || stale !== expected || jsonMs >= 1000 || jsonMs > 2 * makeMs || tableMs > 2 * makeMs || fileMs > 3 * makeMs) process.exitCode = 1;
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true }); else console.log('kept', root);
}
