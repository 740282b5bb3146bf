// `simorg scan` over a monitored tree of 100,000 files, against same-run baselines: `find -type f`
// and a bare readdir walk. Target: well under a second, and a small multiple of the bare walk.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, medianCommand, report } from './lib.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin', 'simorg.js');
const { initProject, openProject } = await import(join(ROOT, 'dist', 'project.js'));
const { scanProject } = await import(join(ROOT, 'dist', 'track', 'scan.js'));

const FILES = 100_000;
// 100 projects-like folders x 10 sub-folders x 100 files; one file in five is a script, the rest
// data and figures, as in a simulation project. Plus a node_modules and an excluded scratch tree.
function makeTree(dir) {
  const kinds = ['.py', '.dat', '.csv', '.png', '.ts', '.json', '.npy', '.txt', '.svg', '.h5'];
  let n = 0;
  for (let a = 0; a < 100; a++) {
    for (let b = 0; b < 10; b++) {
      const sub = join(dir, 'sims', `study${a}`, `run${b}`);
      mkdirSync(sub, { recursive: true });
      for (let c = 0; c < 100 && n < FILES; c++, n++) writeFileSync(join(sub, `f${c}${kinds[c % kinds.length]}`), '');
    }
  }
  writeFileSync(join(dir, '.simorgrc.json'), JSON.stringify({ exclude: ['sims/study9*/run9', '*.bak'] }));
  return n;
}

function bareWalk(dir) {
  let n = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) stack.push(join(d, e.name));
      else n++;
    }
  }
  return n;
}

const dir = mkdtempSync(join(tmpdir(), 'simorg-bench-scan-'));
try {
  const made = makeTree(dir);
  await initProject(dir);
  const project = await openProject(dir);
  const res = scanProject(project);
  console.log(`tree: ${made} files, ${res.scanned} scripts found (${res.untracked.length} untracked)`);

  const findMs = await median(() => {
    const r = spawnSync('sh', ['-c', `find '${dir}' -type f | wc -l`], { stdio: 'ignore' });
    if (r.status !== 0) throw new Error('find failed');
  });
  const walkMs = await median(() => bareWalk(dir));
  const scanMs = await median(() => scanProject(project, { dryRun: true }));
  const cliMs = await medianCommand(process.execPath, [BIN, 'scan', '--dry-run'], { cwd: dir }, 5);
  const nodeMs = await medianCommand(process.execPath, ['-e', '0'], {}, 5);
  project.close();

  report('scan (function) vs bare readdir walk', scanMs, walkMs, 3);
  report('scan (function) vs find | wc -l', scanMs, findMs);
  report('simorg scan (CLI) vs find | wc -l', cliMs, findMs);
  report('simorg scan (CLI) vs node -e 0', cliMs, nodeMs);
  const ok = scanMs < 1000 && cliMs < 1500;
  console.log(`absolute: scan ${scanMs.toFixed(0)} ms (target < 1000), CLI ${cliMs.toFixed(0)} ms incl. node start${ok ? '  ok' : '  OVER TARGET'}`);
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
