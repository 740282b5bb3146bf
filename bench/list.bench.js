// Run queries on a database with 100,000 runs: `simorg list`, the newest runs of one script, and the
// status-style "latest run of every script". Targets: under 200 ms each, answered from indexes.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, medianCommand, report } from './lib.js';
import { openDb } from '../dist/store/db.js';
import { latestRuns, listRuns } from '../dist/run/runs-query.js';

const RUNS = 100_000;
const SCRIPTS = 1000;
const bin = fileURLToPath(new URL('../bin/simorg.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'simorg-bench-list-'));
writeFileSync(join(root, '.simorgrc.json'), '{}');
const file = join(root, '.simorg', 'simorg.sqlite');
const db = openDb(file);
const t0 = performance.now();
db.transaction(() => {
  const s = db.prepare('INSERT INTO scripts (path, grp, tracked_at) VALUES (?, NULL, 0)');
  for (let i = 0; i < SCRIPTS; i++) s.run(`sims/s${i}.mjs`);
  const r = db.prepare(`INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, status, started_at, ended_at,
    duration_ms, stdout_path, stderr_path, env_json, tags_json, params_json) VALUES (?, ?, ?, 'h', 'std', '{"timeout":null,"env":{},"argv":[]}', ?, ?, ?, ?, 'o', 'e', '{"node":"v20"}', '[]', ?)`);
  const f = db.prepare("INSERT INTO figures (run_id, idx, name, format, path) VALUES (?, 0, 'figure_1', ?, 'p')");
  const fl = db.prepare("INSERT INTO run_files (run_id, role, path, hash, size) VALUES (?, 'script', ?, 'h', 1)");
  const statuses = ['succeeded', 'succeeded', 'succeeded', 'failed', 'timed-out'];
  for (let i = 0; i < RUNS; i++) {
    const id = i.toString(16).padStart(12, '0');
    const sid = 1 + (i % SCRIPTS);
    const at = 1.7e12 + i * 1000;
    r.run(id, sid, `sims/s${sid - 1}.mjs`, statuses[i % 5], at, at + 500, 500, JSON.stringify({ dt: i % 7 }));
    fl.run(id, `sims/s${sid - 1}.mjs`);
    if (i % 10 === 0) for (const fmt of ['png', 'svg']) f.run(id, fmt);
  }
})();
db.pragma('wal_checkpoint(TRUNCATE)');
db.close();
console.log(`generated ${RUNS} runs over ${SCRIPTS} scripts in ${(performance.now() - t0).toFixed(0)} ms`);

try {
  const ro = new Database(file);
  // Baseline: opening the database and asking it one thing, the least any query command does.
  const count = await median(() => {
    const d = new Database(file, { readonly: true });
    d.prepare('SELECT count(*) FROM scripts').pluck().get();
    d.close();
  }, { runs: 15 });
  const list = await median(() => listRuns(ro, { limit: 20 }), { runs: 15 });
  report('listRuns (newest 20) vs opening the db + one query', list, count);
  const one = await median(() => listRuns(ro, { limit: 20, scriptIds: [17] }), { runs: 15 });
  report('listRuns of one script vs opening the db', one, count);
  const latest = await median(() => latestRuns(ro), { runs: 15 });
  report(`latestRuns (latest run of each of ${SCRIPTS} scripts) vs opening the db`, latest, count);
  for (const [name, ms] of [['list', list], ['one script', one], ['latest per script', latest]]) {
    console.log(`  ${name}: ${ms.toFixed(2)} ms ${ms < 200 ? 'ok (< 200 ms)' : 'OVER 200 ms'}`);
  }
  const plan = ro.prepare(`EXPLAIN QUERY PLAN SELECT id FROM runs WHERE script_id = 1 ORDER BY started_at DESC LIMIT 1`).all();
  console.log(`  plan of the per-script probe: ${plan.map((p) => p.detail).join('; ')}`);
  ro.close();
  // End to end, a process each: `simorg list` against opening the db and counting in a bare node.
  const opts = { cwd: root, env: { ...process.env, NO_COLOR: '1' } };
  const baseCmd = await medianCommand(process.execPath, ['-e', `new (require(${JSON.stringify(fileURLToPath(import.meta.resolve('better-sqlite3')))}))(${JSON.stringify(file)}).prepare('SELECT count(*) FROM runs').get()`], opts);
  const cli = await medianCommand(process.execPath, [bin, 'list'], opts);
  report('simorg list (process) vs node + better-sqlite3 count (process)', cli, baseCmd);
  console.log(`  simorg list: ${cli.toFixed(0)} ms wall, ${cli < 200 ? 'ok (< 200 ms)' : 'over 200 ms (process start included)'}`);
  const cliLong = await medianCommand(process.execPath, [bin, 'list', '--long', '--limit', '200'], opts);
  console.log(`  simorg list --long --limit 200: ${cliLong.toFixed(0)} ms wall`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
