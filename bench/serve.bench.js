// simorg serve: start-up to port open, the Overview of 10,000 tracked scripts with 100,000 runs
// (served, and rendered in Chromium when one is installed), how soon a finished run reaches an
// open page, and the Output page of 2,000 figures' first screen in Chromium (serve-output.js). The runs are inserted as rows (the state after real runs), the scripts written with
// mtimes an hour old so the hash cache is warm. Baselines measured in the same run: a bare Node
// HTTP server's start, and `simorg status --json` (the same verdicts, printed by the CLI).
import { spawn, execFileSync } from 'node:child_process';
import { get as httpGet } from 'node:http';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { check, median, medianCommand, report } from './lib.js';
import { benchOutputPage } from './serve-output.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const { openDb } = await import(join(repo, 'dist', 'store', 'db.js'));
const { hashBytes } = await import(join(repo, 'dist', 'fresh', 'hash.js'));

const SCRIPTS = 10_000;
const RUNS_EACH = 10;
const root = mkdtempSync(join(tmpdir(), 'simorg-bench-serve-'));
const bin = join(repo, 'bin', 'simorg.js');
const old = new Date(Date.now() - 3_600_000);
const { NODE_EXTRA_CA_CERTS: _ca, ...stockEnv } = process.env;
const env = { ...stockEnv, NO_COLOR: '1' };

/** Starts `simorg serve --port 0`; resolves with its URL and the ms until it printed it (port open). */
function startServe() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (d) => (out += d));
    child.stdout.on('data', (d) => {
      out += d;
      const m = /http:\/\/\S+\?token=\S+/.exec(out);
      if (m) resolve({ child, url: m[0], ms: performance.now() - t0 });
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
  });
}
const stop = (child) =>
  new Promise((r) => {
    child.removeAllListeners('exit');
    child.on('exit', r);
    child.kill('SIGINT');
  });

try {
  writeFileSync(join(root, '.simorgrc.json'), JSON.stringify({ runConfigs: { std: { timeout: 60 } } }));
  const db = openDb(join(root, '.simorg', 'simorg.sqlite'));
  db.transaction(() => {
    const script = db.prepare('INSERT INTO scripts (id, path, grp, tracked_at) VALUES (?, ?, ?, 0)');
    const run =
      db.prepare(`INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json,
      status, exit_code, started_at, ended_at, duration_ms, packages_json) VALUES (?, ?, ?, ?, 'std', ?, '[]', 'succeeded', 0, ?, ?, ?, '{}')`);
    const file = db.prepare(
      "INSERT INTO run_files (run_id, role, path, hash, size) VALUES (?, 'script', ?, ?, NULL)",
    );
    const config = JSON.stringify({ name: 'std', timeout: 60, env: {}, argv: [] });
    let n = 0;
    for (let i = 0; i < SCRIPTS; i++) {
      const dir = `sims/d${Math.floor(i / 100)}`;
      const path = `${dir}/s${i}.mjs`;
      const text = `console.log(${i});\n`;
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, path), text);
      utimesSync(join(root, path), old, old);
      script.run(i + 1, path, `g${i % 20}`);
      for (let k = 0; k < RUNS_EACH; k++) {
        const id = (n++).toString(16).padStart(12, '0');
        const start = 1_000_000 + k * 100_000 + i;
        run.run(id, i + 1, path, hashBytes(text), config, start, start + 100 + k, 100 + k * 7 + (i % 13));
        file.run(id, path, hashBytes(text));
      }
    }
  })();
  db.close();
  console.log(`project: ${SCRIPTS} scripts, ${SCRIPTS * RUNS_EACH} runs`);

  // 1. Start-up: port open, against a bare Node HTTP server's start in the same run.
  const bare = `require('node:http').createServer().listen(0, '127.0.0.1', function () { console.log('up'); process.exit(0); });`;
  const bareMs = await medianCommand(process.execPath, ['-e', bare], { env }, 7);
  const starts = [];
  for (let k = 0; k < 7; k++) {
    const s = await startServe();
    starts.push(s.ms);
    await stop(s.child);
  }
  starts.sort((a, b) => a - b);
  const startMs = starts[3];
  report(
    'serve start-up to port open (10k scripts, 100k runs), vs a bare node:http server start (no target)',
    startMs,
    bareMs,
  );
  check('serve starts (port open) in under 500 ms', startMs < 500, `${startMs.toFixed(0)} ms`);

  // 2. The Overview, served: the first request judges and stores the verdicts (as `status` does);
  // the next ones read them back. Baseline: `simorg status --json` on the same verdicts.
  const s = await startServe();
  const u = new URL(s.url);
  const headers = { 'x-simorg-token': u.searchParams.get('token') };
  const get = async (path) => {
    const res = await fetch(`${u.origin}${path}`, { headers });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${text.slice(0, 200)}`);
    return text;
  };
  let t0 = performance.now();
  const first = await get('/');
  const firstMs = performance.now() - t0;
  const rows = (first.match(/<tr class="row-/g) ?? []).length;
  const counted = first.includes(`of ${SCRIPTS}`);
  console.log(
    `first Overview (judges ${SCRIPTS} scripts, stores the verdicts, shows ${rows}): ${firstMs.toFixed(0)} ms, ${(first.length / 1e6).toFixed(1)} MB`,
  );
  const overviewMs = await median(() => get('/'), { runs: 7, warmup: 1 });
  const statusMs = await medianCommand(process.execPath, [bin, 'status', '--json'], { cwd: root, env }, 5);
  report(
    'Overview of 10k scripts / 100k runs served, vs `simorg status --json` (no target)',
    overviewMs,
    statusMs,
  );
  check(
    'Overview served in under 300 ms',
    overviewMs < 300 && counted,
    `${overviewMs.toFixed(0)} ms, ${rows} rows shown of ${SCRIPTS}`,
  );

  // 3. A finished run reaches an open page: the time from the database write to the `change` event.
  // A connection of its own (fetch's pool may hand over a kept-alive socket the server is closing).
  const stream = await new Promise((resolve, reject) =>
    httpGet(`${u.origin}/events`, { headers, agent: false }, resolve).on('error', reject),
  );
  let seen = 0;
  let wake = () => {};
  stream.setEncoding('utf8');
  stream.on('data', (d) => {
    seen += (d.match(/event: change/g) ?? []).length;
    wake();
  });
  const nextChange = (after) =>
    new Promise((resolve) => {
      wake = () => seen > after && resolve();
      wake();
    });
  const writer = openDb(join(root, '.simorg', 'simorg.sqlite'));
  const lags = [];
  for (let k = 0; k < 5; k++) {
    await new Promise((r) => setTimeout(r, 300));
    const waiting = nextChange(seen);
    t0 = performance.now();
    writer
      .prepare("UPDATE runs SET status = 'succeeded', ended_at = ? WHERE id = ?")
      .run(Date.now(), (k * 13).toString(16).padStart(12, '0'));
    await waiting;
    lags.push(performance.now() - t0);
  }
  writer.close();
  stream.destroy();
  lags.sort((a, b) => a - b);
  check(
    'a finished run reaches an open page in under 1 s',
    lags[2] < 1000,
    `${lags[2].toFixed(0)} ms (median of 5; the server looks every 250 ms)`,
  );

  // 4. The Overview rendered in Chromium (when one is installed): navigation start to the load event.
  let chromium = '';
  try {
    chromium = execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    console.log('no chromium here: the render time is not measured');
  }
  if (chromium) {
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    const page = await browser.newPage();
    await page.goto(s.url);
    const times = [];
    for (let k = 0; k < 3; k++) {
      await page.goto(`${u.origin}/`, { waitUntil: 'load' });
      times.push(
        await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0];
          return n.loadEventEnd - n.startTime;
        }),
      );
    }
    await browser.close();
    times.sort((a, b) => a - b);
    check(
      'Overview of 10k scripts rendered in Chromium in under 1 s',
      times[1] < 1000,
      `${times[1].toFixed(0)} ms (navigation to load)`,
    );
  }
  await stop(s.child);
  // 5. The Output page of 2,000 figures, on a project of its own.
  if (chromium) await benchOutputPage(chromium);
} finally {
  if (process.env.KEEP) console.log(`kept ${root}`);
  else rmSync(root, { recursive: true, force: true });
}
