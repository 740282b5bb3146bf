// The Output page of 2,000 figures in Chromium: the time from navigation to its first screen shown
// (every gallery image in the viewport loaded), with a cold thumbnail cache (.simorg/thumbs removed:
// the server makes the thumbnails on demand) and a warm one. Called by serve.bench.js; runs alone too
// (`node bench/serve-output.js`). The figures are real 640x480 PNG files drawn with node-canvas; the
// runs and figure rows are inserted as rows (the state after real runs).
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, report } from './lib.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const SCRIPTS = 500;
const FIGS_EACH = 4;
const TARGET_MS = 1000;

function drawings(n) {
  const { createCanvas } = createRequire(join(repo, 'package.json'))('canvas');
  const out = [];
  for (let k = 0; k < n; k++) {
    const c = createCanvas(640, 480);
    const g = c.getContext('2d');
    g.fillStyle = '#fff';
    g.fillRect(0, 0, 640, 480);
    g.strokeStyle = `hsl(${(k * 37) % 360} 70% 40%)`;
    g.lineWidth = 2;
    g.beginPath();
    for (let x = 0; x < 640; x += 2) g.lineTo(x, 240 - (60 + k) * Math.sin(x / (10 + k)) * Math.cos(x / 90));
    g.stroke();
    g.fillStyle = '#222';
    g.font = '20px sans-serif';
    g.fillText(`figure ${k}`, 20, 30);
    out.push(c.toBuffer('image/png'));
  }
  return out;
}

/** Builds the project, serves it and measures; `chromium` is the browser's path. */
export async function benchOutputPage(chromium) {
  const root = mkdtempSync(join(tmpdir(), 'simorg-bench-output-'));
  const { openDb } = await import(join(repo, 'dist', 'store', 'db.js'));
  const { NODE_EXTRA_CA_CERTS: _ca, ...stockEnv } = process.env;
  let child;
  try {
    writeFileSync(join(root, '.simorgrc.json'), '{}');
    const pngs = drawings(40);
    const db = openDb(join(root, '.simorg', 'simorg.sqlite'));
    db.transaction(() => {
      const script = db.prepare('INSERT INTO scripts (id, path, grp, tracked_at) VALUES (?, ?, ?, 0)');
      const run = db.prepare(`INSERT INTO runs (id, script_id, script_path, run_config, config_json, status,
        exit_code, started_at, ended_at, duration_ms) VALUES (?, ?, ?, 'std', '{}', 'succeeded', 0, ?, ?, 100)`);
      const fig = db.prepare('INSERT INTO figures (run_id, idx, name, format, path) VALUES (?, ?, ?, ?, ?)');
      for (let i = 0; i < SCRIPTS; i++) {
        const path = `sims/g${i % 10}/s${i}.mjs`;
        const id = i.toString(16).padStart(12, '0');
        mkdirSync(join(root, `sims/g${i % 10}/_output/figures/s${i}/png`), { recursive: true });
        writeFileSync(join(root, path), `console.log(${i});\n`);
        script.run(i + 1, path, `g${i % 10}`);
        run.run(id, i + 1, path, 1_000_000 + i, 1_000_100 + i);
        for (let k = 0; k < FIGS_EACH; k++) {
          const base = `sims/g${i % 10}/_output/figures/s${i}`;
          const name = `fig00${k}_figure_${k + 1}`;
          writeFileSync(join(root, `${base}/png/${name}.png`), pngs[(i * FIGS_EACH + k) % pngs.length]);
          fig.run(id, k, `figure_${k + 1}`, 'png', `${base}/png/${name}.png`);
          fig.run(id, k, `figure_${k + 1}`, 'pdf', `${base}/pdf/${name}.pdf`);
        }
      }
    })();
    db.close();
    console.log(`project: ${SCRIPTS} scripts, ${SCRIPTS * FIGS_EACH} figures (640x480 PNG)`);

    child = spawn(process.execPath, [join(repo, 'bin', 'simorg.js'), 'serve', '--port', '0'], {
      cwd: root,
      env: { ...stockEnv, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const url = await new Promise((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        const m = /http:\/\/\S+\?token=\S+/.exec(out);
        if (m) resolve(m[0]);
      });
      child.on('exit', (code) => reject(new Error(`serve exited ${code}: ${out}`)));
    });
    const origin = new URL(url).origin;
    const { chromium: pw } = await import('playwright-core');
    const browser = await pw.launch({
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    // One fresh browser context per load (no image cache kept between loads), holding the token's
    // cookie as a browser that opened the printed address does.
    const u = new URL(url);
    const cookie = { name: `simorg_token_${u.port}`, value: u.searchParams.get('token'), url: origin };
    const firstScreen = async (at = origin) => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
      await context.addCookies([cookie]);
      const page = await context.newPage();
      await page.goto(`${at}/output`, { waitUntil: 'domcontentloaded' });
      const shown = await page.evaluate(
        () =>
          new Promise((resolve) => {
            const look = () => {
              const seen = [...document.querySelectorAll('.gallery img')].filter((i) => {
                const r = i.getBoundingClientRect();
                return r.top < innerHeight && r.bottom > 0;
              });
              if (seen.length && seen.every((i) => i.complete && i.naturalWidth > 0))
                resolve({
                  ms: performance.now(),
                  images: seen.length,
                  html: performance.getEntriesByType('navigation')[0].responseEnd,
                });
              else requestAnimationFrame(look);
            };
            look();
          }),
      );
      const cards = await page.locator('.gallery figure').count();
      const total = Number(/(\d+) figures/.exec(await page.locator('form.bar').innerText())?.[1]);
      const requested = await page.evaluate(
        () => performance.getEntriesByType('resource').filter((e) => e.name.includes('/thumb/')).length,
      );
      await context.close();
      return { ...shown, cards, total, requested };
    };
    const cold = [];
    const warm = [];
    const thumbs = join(root, '.simorg', 'thumbs');
    // Thumbnails the previous page asked for may still be in the making: wait until none comes.
    const settle = async () => {
      for (let n = -1; ;) {
        await new Promise((r) => setTimeout(r, 300));
        const now = existsSync(thumbs) ? readdirSync(thumbs).length : 0;
        if (now === n) return;
        n = now;
      }
    };
    for (let k = 0; k < 3; k++) {
      await settle();
      rmSync(thumbs, { recursive: true, force: true });
      cold.push(await firstScreen());
      await settle();
      warm.push(await firstScreen());
    }
    // Baseline in the same run: the same page and the same image bytes, served from memory by a bare
    // node:http server (what the machine and Chromium take, without simorg's server).
    await settle();
    const headers = { 'x-simorg-token': cookie.value };
    const pageHtml = await (await fetch(`${origin}/output`, { headers })).text();
    const images = new Map();
    for (const [, src] of pageHtml.matchAll(/src="(\/thumb\/[^"]+)"/g))
      images.set(src, Buffer.from(await (await fetch(origin + src, { headers })).arrayBuffer()));
    const bare = createServer((req, res) => {
      const body = req.url === '/output' ? pageHtml : images.get(req.url);
      if (body === undefined) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': req.url === '/output' ? 'text/html' : 'image/png' }).end(body);
    });
    await new Promise((r) => bare.listen(0, '127.0.0.1', r));
    const base = [];
    for (let k = 0; k < 3; k++) base.push(await firstScreen(`http://127.0.0.1:${bare.address().port}`));
    bare.close();
    await browser.close();
    const mid = (xs) => [...xs].sort((a, b) => a.ms - b.ms)[1];
    const c = mid(cold);
    const w = mid(warm);
    const detail = (r) =>
      `${r.ms.toFixed(0)} ms (median of 3; page received at ${r.html.toFixed(0)} ms; ${r.images} thumbnails on screen, ${r.requested} requested; ${r.cards} cards in the page of ${r.total} figures)`;
    check(
      'Output page of 2,000 figures: first screen in Chromium, cold thumbnail cache, under 1 s',
      c.ms < TARGET_MS && c.total === SCRIPTS * FIGS_EACH,
      detail(c),
    );
    report(
      'Output first screen, thumbnails cached, vs the same page and images from a bare node:http server (no target)',
      w.ms,
      mid(base).ms,
    );
    check(
      'Output page of 2,000 figures: first screen in Chromium, thumbnails cached, under 1 s',
      w.ms < TARGET_MS && w.total === SCRIPTS * FIGS_EACH,
      detail(w),
    );
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGINT');
      await exited;
    }
    if (process.env.KEEP) console.log(`kept ${root}`);
    else rmSync(root, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { execFileSync } = await import('node:child_process');
  await benchOutputPage(execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim());
}
