// `simorg scan` over a monitored tree of 100,000 files, against same-run baselines: `find -type f`,
// a bare readdir walk, and the same walk reading each JavaScript/TypeScript file it finds. Scan must
// read those (it sets apart the helper modules scripts import, from their import statements), so
// that walk is the least any scan doing its job costs; the target is a small multiple of it, and
// well under a second.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, interleavedCommands, median, report } from './lib.js';

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
      for (let c = 0; c < 100 && n < FILES; c++, n++)
        writeFileSync(join(sub, `f${c}${kinds[c % kinds.length]}`), '');
    }
  }
  writeFileSync(join(dir, '.simorgrc.json'), JSON.stringify({ exclude: ['sims/study9*/run9', '*.bak'] }));
  return n;
}

// A readdir walk counting files; `read` (a file-name test) also reads the files it accepts.
function walk(dir, read) {
  let n = 0;
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop();
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) stack.push(join(d, e.name));
      else if (!read) n++;
      else if (read.test(e.name)) n += readFileSync(join(d, e.name)).length + 1;
    }
  }
  return n;
}

// The extensions whose files scan reads for their imports (src/track/imports.ts IMPORTING_EXTS).
const IMPORTING = /\.(?:[mc]?[jt]s|[jt]sx)$/;
const bareWalk = (dir) => walk(dir);
const walkAndRead = (dir) => walk(dir, IMPORTING);

const dir = mkdtempSync(join(tmpdir(), 'simorg-bench-scan-'));
try {
  const made = makeTree(dir);
  await initProject(dir);
  const project = await openProject(dir);
  const res = scanProject(project);
  console.log(`tree: ${made} files, ${res.scanned} scripts found (${res.untracked.length} untracked)`);

  // In-process variants in alternating rounds, and the processes interleaved likewise: a machine
  // busy for a while slows each alike.
  const walkTimes = [];
  const readTimes = [];
  const scanTimes = [];
  for (let r = 0; r < 7; r++) {
    walkTimes.push(await median(() => bareWalk(dir), { runs: 1, warmup: r === 0 ? 1 : 0 }));
    readTimes.push(await median(() => walkAndRead(dir), { runs: 1, warmup: r === 0 ? 1 : 0 }));
    scanTimes.push(
      await median(() => scanProject(project, { dryRun: true }), { runs: 1, warmup: r === 0 ? 1 : 0 }),
    );
  }
  const mid = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const [walkMs, readMs, scanMs] = [mid(walkTimes), mid(readTimes), mid(scanTimes)];
  const procs = interleavedCommands(
    [
      { cmd: 'sh', args: ['-c', `find '${dir}' -type f | wc -l`], options: { stdio: 'ignore' } },
      { cmd: process.execPath, args: [BIN, 'scan', '--dry-run'], options: { cwd: dir } },
      { cmd: process.execPath, args: ['-e', '0'], options: {} },
    ],
    7,
  );
  const [findMs, cliMs, nodeMs] = procs.medians;
  project.close();

  report('scan (function) vs a walk reading the JS/TS files', scanMs, readMs, 3);
  report('scan (function) vs bare readdir walk (no target: scan also reads files)', scanMs, walkMs);
  report('scan (function) vs find | wc -l', scanMs, findMs);
  report('simorg scan (CLI) vs find | wc -l', cliMs, findMs);
  report('simorg scan (CLI) vs node -e 0', cliMs, nodeMs);
  check(
    'absolute',
    scanMs < 1000 && cliMs < 1500,
    `scan ${scanMs.toFixed(0)} ms (target < 1000), CLI ${cliMs.toFixed(0)} ms incl. node start (target < 1500)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
