// simorg status on 10,000 tracked scripts sharing 1,000 library modules, against `make -q` on an
// equivalent Makefile (one stamp per script depending on the script and its modules), measured in
// the same run. The runs and their files are inserted as rows (the state after real runs) and the
// files written, with mtimes an hour old so the hash cache is warm and not "racy".
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { check, interleavedCommands, median, medianCommand, report } from './lib.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const dist = (p) => import(join(repo, 'dist', p));
const { openDb } = await dist('store/db.js');
const { hashBytes } = await dist('fresh/hash.js');
const { openProject } = await dist('project.js');
const { StatusIndex } = await dist('fresh/status-index.js');

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
    const run =
      db.prepare(`INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json,
      status, exit_code, started_at, ended_at, duration_ms, packages_json) VALUES (?, ?, ?, ?, 'std', ?, '[]', 'succeeded', 0, ?, ?, 100, '{}')`);
    const file = db.prepare(
      'INSERT INTO run_files (run_id, role, path, hash, size) VALUES (?, ?, ?, ?, NULL)',
    );
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

  // Targets are measured on a stock Node start: NODE_EXTRA_CA_CERTS (set on some machines, this
  // one included) makes every Node process read a certificate bundle first, whatever it runs.
  const { NODE_EXTRA_CA_CERTS: caCerts, ...stockEnv } = process.env;
  const opts = { cwd: root, env: { ...stockEnv, NO_COLOR: '1' } };
  // The target's baseline is `make -q -r`: an equivalent Makefile would say `.SUFFIXES:` or
  // `MAKEFLAGS += -r`, since it has no use for make's built-in implicit rules; without them, plain
  // `make -q` tries each of them on every file and takes seconds here (measured once, informational).
  const plainMakeMs = await medianCommand('make', ['-q'], opts, 1);
  // The first status (warm-up) fills the hash cache and stores the verdicts; then all variants in
  // interleaved rounds, so that a machine busy for a while slows them alike.
  spawnSync(process.execPath, [bin, 'status', '--json'], { ...opts, stdio: 'ignore' });
  const rounds = interleavedCommands(
    [
      { cmd: 'make', args: ['-q', '-r'], options: opts },
      { cmd: process.execPath, args: ['-e', '0'], options: opts },
      { cmd: process.execPath, args: [bin, 'status', '--json'], options: opts },
      { cmd: process.execPath, args: [bin, 'status'], options: opts },
    ],
    9,
  );
  const [makeMs, nodeMs, jsonMs, tableMs] = rounds.medians;
  console.log(
    `baselines: make -q -r ${makeMs.toFixed(1)} ms (the target's), plain make -q ${plainMakeMs.toFixed(1)} ms, node -e 0 ${nodeMs.toFixed(1)} ms`,
  );
  report('status --json, 10k scripts, warm cache, vs make -q -r', jsonMs, makeMs, 2);
  report('status (table), 10k scripts, warm cache, vs make -q -r', tableMs, makeMs, 2);
  report('status --json, 10k scripts, warm cache, vs plain make -q (no target)', jsonMs, plainMakeMs);
  console.log(`status --json minus node startup: ${rounds.over(2, 1).toFixed(1)} ms`);
  check('status --json under 1 s', jsonMs < 1000, `${jsonMs.toFixed(0)} ms`);
  if (caCerts) {
    const withCa = await medianCommand(
      process.execPath,
      [bin, 'status', '--json'],
      { cwd: root, env: { ...process.env, NO_COLOR: '1' } },
      5,
    );
    console.log(`with NODE_EXTRA_CA_CERTS as set here (no target): status --json ${withCa.toFixed(1)} ms`);
  }

  // The measured runs above reuse the verdicts the warm-up stored (src/fresh/snapshot.ts). Judged
  // again: (1) after one library file changed (the verdicts of the scripts that did not use it are
  // kept; its importers are judged again), alternating its content so that each run sees a change;
  // (2) after any database write (a run recorded), which judges everything. The hash cache stays warm.
  // Each round also runs `make -q -r` (with everything up to date, as it is measured above), so
  // that each is compared with make measured beside it.
  const lib = join(root, 'lib', 'm7.mjs');
  const restore = () => {
    writeFileSync(lib, 'export const m7 = 7;\n');
    utimesSync(lib, old, old);
  };
  const timed = (before, rounds = 7) => {
    const times = [];
    const makeTimes = [];
    const clock = (cmd, args) => {
      const t0 = performance.now();
      const r = spawnSync(cmd, args, { ...opts, stdio: 'ignore' });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}`);
      return performance.now() - t0;
    };
    for (let k = 0; k < rounds; k++) {
      restore();
      makeTimes.push(clock('make', ['-q', '-r']));
      before(k);
      times.push(clock(process.execPath, [bin, 'status', '--json']));
    }
    const mid = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    return [mid(times), mid(makeTimes)];
  };
  const [fileMs, fileMakeMs] = timed((k) =>
    writeFileSync(lib, `export const m7 = ${k % 2 ? 7 : '"seven"'};\n`),
  );
  restore();
  const [dbMs, dbMakeMs] = timed(() => {
    const d = openDb(join(root, '.simorg', 'simorg.sqlite'));
    d.prepare('UPDATE scripts SET grp = grp WHERE id = 1').run();
    d.close();
  }, 5);
  report('status --json, judged again after one library file changed, vs make -q -r', fileMs, fileMakeMs, 3);
  report(
    'status --json, judged again after a database write (all 10k), vs make -q -r (no target)',
    dbMs,
    dbMakeMs,
  );

  // One library file changes: only it is re-hashed, and exactly its importers are stale.
  writeFileSync(join(root, 'lib', 'm5.mjs'), 'export const m5 = "changed";\n');
  const project = await openProject(root);
  let hashed = 0;
  let stale = 0;
  const inProcMs = await median(
    () => {
      const index = new StatusIndex(project);
      stale = index.all().filter((s) => s.status === 'stale').length;
      index.finish();
      hashed = index.hashes.hashed;
    },
    { runs: 1, warmup: 0 },
  );
  project.close();
  const expected = Array.from({ length: SCRIPTS }, (_, i) => modsOf(i).includes(5)).filter(Boolean).length;
  console.log(
    `after one library change: ${hashed} file(s) re-hashed (want 1), ${stale} scripts stale (want ${expected}), ${inProcMs.toFixed(0)} ms in-process`,
  );
  check(
    'one library change',
    hashed === 1 && stale === expected,
    'exactly its file re-hashed and its importers stale',
  );
} finally {
  if (!process.env.KEEP) rmSync(root, { recursive: true, force: true });
  else console.log('kept', root);
}
