// Run queries on a database with 100,000 runs: `simorg list`, the newest runs of one script, and the
// status-style "latest run of every script". Targets: under 200 ms each, answered from indexes.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, median, medianCommand, report } from './lib.js';
import { openDb } from '../dist/store/db.js';
import { latestRuns, listRuns } from '../dist/store/runs.js';

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
  const r =
    db.prepare(`INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, status, started_at, ended_at,
    duration_ms, stdout_path, stderr_path, env_json, tags_json, params_json) VALUES (?, ?, ?, 'h', 'std', '{"timeout":null,"env":{},"argv":[]}', ?, ?, ?, ?, 'o', 'e', '{"node":"v20"}', '[]', ?)`);
  const f = db.prepare(
    "INSERT INTO figures (run_id, idx, name, format, path) VALUES (?, 0, 'figure_1', ?, 'p')",
  );
  const fl = db.prepare(
    "INSERT INTO run_files (run_id, role, path, hash, size) VALUES (?, 'script', ?, 'h', 1)",
  );
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
  // Baseline: one indexed query on the same open connection, as listRuns uses it (opening the
  // database is not part of what it does).
  const count = await median(() => ro.prepare('SELECT count(*) FROM scripts').pluck().get(), { runs: 15 });
  const list = await median(() => listRuns(ro, { limit: 20 }), { runs: 15 });
  report('listRuns (newest 20) vs one small query on the open db', list, count);
  const one = await median(() => listRuns(ro, { limit: 20, scriptIds: [17] }), { runs: 15 });
  report('listRuns of one script vs one small query on the open db', one, count);
  const latest = await median(() => latestRuns(ro), { runs: 15 });
  report(
    `latestRuns (latest run of each of ${SCRIPTS} scripts) vs one small query on the open db`,
    latest,
    count,
  );
  for (const [name, ms] of [
    ['list', list],
    ['one script', one],
    ['latest per script', latest],
  ])
    check(`  ${name}`, ms < 200, `${ms.toFixed(2)} ms (target < 200 ms)`);
  // Answered from indexes: no query of these scans the runs table (dropping an index fails this).
  const plans = {
    'newest runs': 'SELECT id FROM runs ORDER BY started_at DESC LIMIT 20',
    'per-script probe': 'SELECT id FROM runs WHERE script_id = 1 ORDER BY started_at DESC LIMIT 1',
  };
  for (const [name, sql] of Object.entries(plans)) {
    const detail = ro
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all()
      .map((p) => p.detail)
      .join('; ');
    check(
      `  plan of the ${name}`,
      /USING (COVERING )?INDEX/.test(detail) &&
        !/SCAN runs(?! USING)/.test(detail) &&
        !/TEMP B-TREE/.test(detail),
      detail,
    );
  }
  ro.close();
  // End to end, a process each: `simorg list` against opening the db and counting in a bare node.
  const opts = { cwd: root, env: { ...process.env, NO_COLOR: '1' } };
  const baseCmd = await medianCommand(
    process.execPath,
    [
      '-e',
      `new (require(${JSON.stringify(fileURLToPath(import.meta.resolve('better-sqlite3')))}))(${JSON.stringify(file)}).prepare('SELECT count(*) FROM runs').get()`,
    ],
    opts,
  );
  const cli = await medianCommand(process.execPath, [bin, 'list'], opts);
  report('simorg list (process) vs node + better-sqlite3 count (process)', cli, baseCmd);
  console.log(
    `  simorg list: ${cli.toFixed(0)} ms wall, process start included (no target: the 200 ms targets above are the queries')`,
  );
  const cliLong = await medianCommand(process.execPath, [bin, 'list', '--long', '--limit', '200'], opts);
  console.log(`  simorg list --long --limit 200: ${cliLong.toFixed(0)} ms wall`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
