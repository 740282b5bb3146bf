#!/usr/bin/env node
// `npm run screenshots`: remakes the README's dashboard pictures, docs/dashboard-overview.png and
// docs/dashboard-output.png, from the examples project, so they follow the pages as they change.
// The examples are copied to a temporary folder (the repository's examples/ keeps no runs from
// this), run through the runner as `npm run examples` does, then `simorg serve` is started on
// 127.0.0.1 (a port the system picks) and Debian's Chromium, driven by playwright-core as the
// browser tests do (test/e2e/browser.ts), takes each page at a fixed 1280x800 viewport once every
// thumbnail in view has loaded. Run it after a change to the pages, look at the pictures, commit them.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'bin', 'simorg.js');
const VIEWPORT = { width: 1280, height: 800 };
const SHOTS = [
  { path: '/', file: 'dashboard-overview.png', ready: 'table' },
  { path: '/output', file: 'dashboard-output.png', ready: '#gallery' },
];

if (!existsSync(join(root, 'dist', 'cli-bundle')) && !existsSync(join(root, 'dist', 'cli', 'main.js'))) {
  console.log('building simorg first (npm run build)...');
  if (spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
}

// The copy: the example scripts and their config (not _output/ or .simorg/ from an earlier
// `npm run examples`), with node_modules linking this repository as `simorg` and each of its
// installed packages (node-canvas, tsx, Chart.js, Vega...) as they are.
function copyExamples() {
  const dir = mkdtempSync(join(tmpdir(), 'simorg-screenshots-'));
  const project = join(dir, 'examples');
  cpSync(join(root, 'examples'), project, {
    recursive: true,
    filter: (src) => !/[\\/](_output|\.simorg|node_modules)$/.test(src),
  });
  const modules = join(project, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(root, 'node_modules')))
    if (!name.startsWith('.')) symlinkSync(join(root, 'node_modules', name), join(modules, name), 'dir');
  symlinkSync(root, join(modules, 'simorg'), 'dir');
  return { dir, project };
}

function simorg(project, args, okCodes = [0]) {
  console.log(`$ simorg ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [bin, ...args], { cwd: project, encoding: 'utf8', timeout: 600_000 });
  if (!okCodes.includes(r.status ?? -1))
    throw new Error(`simorg ${args.join(' ')} exited ${r.status ?? r.signal}:\n${r.stdout}${r.stderr}`);
}

/** Starts `simorg serve --port 0` and resolves with its printed URL (token included). */
function serve(project) {
  const child = spawn(process.execPath, [bin, 'serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`simorg serve did not start:\n${out}`)), 20_000);
    const look = (d) => {
      out += d;
      const url = /http:\/\/\S+\?token=\S+/.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ child, url });
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.on('exit', (code) => reject(new Error(`simorg serve exited ${code}:\n${out}`)));
  });
}

const chromiumPath = () =>
  execFileSync('sh', ['-c', 'command -v chromium || command -v chromium-browser'], {
    encoding: 'utf8',
  }).trim();

// Every image above the fold has arrived and decoded (thumbnails are made on first request, so
// this waits for the server too); images further down are lazy and do not show in the picture.
const imagesInView = () =>
  [...document.images]
    .filter((i) => i.getBoundingClientRect().top < window.innerHeight)
    .every((i) => i.complete && i.naturalWidth > 0);

const { dir, project } = copyExamples();
let server;
let browser;
try {
  simorg(project, ['init']);
  simorg(project, ['scan']);
  // fails-after-drawing.mjs fails on purpose, so `run` exits 1: the Overview shows a failed row.
  // Three rounds, so the Overview's Trend column (the last durations) has a line to draw.
  for (let round = 0; round < 3; round++)
    simorg(project, ['run', '--all', '--jobs', '2', '--reason', 'npm run screenshots'], [1]);
  server = await serve(project);
  const base = new URL(server.url).origin;
  browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const page = await browser.newPage({ viewport: VIEWPORT });
  await page.goto(server.url); // sets the token cookie
  for (const shot of SHOTS) {
    await page.goto(`${base}${shot.path}`);
    await page.waitForSelector(shot.ready);
    await page.waitForFunction(imagesInView, null, { timeout: 60_000 });
    const file = join(root, 'docs', shot.file);
    await page.screenshot({ path: file });
    console.log(`wrote docs/${shot.file}`);
  }
} finally {
  await browser?.close();
  if (server) {
    const exited = new Promise((r) => server.child.once('close', r));
    server.child.kill('SIGINT');
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
}
