#!/usr/bin/env node
// `npm run examples`: runs every script in examples/ as a new user would, with figures saved
// (SIMORG_SAVEALL=) and no viewer (SIMORG_NOSHOW=), from the repository root; .ts through tsx.
// Prints what each one wrote. fails-after-drawing.mjs must fail (exit 1) and still save its
// figure; anything else failing makes this script exit 1.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const examples = join(root, 'examples');
const EXPECTED_TO_FAIL = new Set(['fails-after-drawing.mjs']);

if (!existsSync(join(root, 'dist', 'hook', 'index.js'))) {
  console.log('building simorg first (npm run build)...');
  const b = spawnSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
  if (b.status !== 0) process.exit(1);
}

function filesUnder(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

const env = { ...process.env, SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' };
const scripts = readdirSync(examples)
  .filter((f) => ['.mjs', '.cjs', '.js', '.ts'].includes(extname(f)))
  .sort();
const problems = [];
for (const name of scripts) {
  const stem = name.slice(0, -extname(name).length);
  const outDir = join(examples, '_output', 'figures', stem);
  rmSync(outDir, { recursive: true, force: true });
  const args =
    extname(name) === '.ts' ? ['--import', 'tsx', join('examples', name)] : [join('examples', name)];
  console.log(
    `\n$ SIMORG_SAVEALL= SIMORG_NOSHOW= ${extname(name) === '.ts' ? 'npx tsx' : 'node'} examples/${name}`,
  );
  const r = spawnSync(process.execPath, args, { cwd: root, env, encoding: 'utf8', timeout: 120_000 });
  const show = (text, prefix) =>
    text.trimEnd() &&
    console.log(
      text
        .trimEnd()
        .split('\n')
        .map((l) => prefix + l)
        .join('\n'),
    );
  show(r.stdout, '  ');
  const expectFail = EXPECTED_TO_FAIL.has(name);
  if (!expectFail || r.status !== 1) show(r.stderr, '  ! ');
  else
    console.log(
      `  ! ${r.stderr.split('\n').find((l) => /^\w*Error: /.test(l)) ?? 'error'}  (expected: this example fails on purpose)`,
    );
  const written = filesUnder(outDir)
    .map((f) => relative(root, f))
    .sort();
  console.log(`  wrote ${written.length} file${written.length === 1 ? '' : 's'}${written.length ? ':' : ''}`);
  for (const f of written) console.log(`    ${f}`);
  if (expectFail ? r.status !== 1 : r.status !== 0)
    problems.push(`${name} exited ${r.status ?? r.signal}, expected ${expectFail ? 1 : 0}`);
  if (!written.length) problems.push(`${name} saved no figures`);
}

// Part two: the same scripts through the runner, as a project (examples/.simorgrc.json): init,
// scan (which tracks them: autoTrack), run with two workers, then status. The failing example
// makes `simorg run` exit 1 and shows as `failed`; that is the expected outcome here.
const simorg = (args) => {
  console.log(`\n$ simorg ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [join(root, 'bin', 'simorg.js'), ...args], {
    cwd: examples,
    encoding: 'utf8',
    timeout: 600_000,
  });
  const text = `${r.stdout}${r.stderr}`.trimEnd();
  if (text)
    console.log(
      text
        .split('\n')
        .map((l) => `  ${l}`)
        .join('\n'),
    );
  return r.status;
};
if (simorg(['init']) !== 0) problems.push('simorg init failed');
if (simorg(['scan']) !== 0) problems.push('simorg scan failed');
const runStatus = simorg(['run', '--all', '--jobs', '2', '--reason', 'npm run examples']);
if (runStatus !== 1)
  problems.push(`simorg run exited ${runStatus}, expected 1 (one example fails on purpose)`);
const statusCode = simorg(['status']);
if (statusCode !== 0) problems.push(`simorg status exited ${statusCode}`);

console.log('');
if (problems.length) {
  console.log(
    `examples: ${problems.length} problem${problems.length > 1 ? 's' : ''}:\n${problems.map((p) => `  - ${p}`).join('\n')}`,
  );
  process.exitCode = 1;
} else {
  console.log(
    `examples: all ${scripts.length} ran as expected; figures are in examples/_output/figures/, runs in examples/.simorg/`,
  );
  console.log(
    'next: cd examples && npx simorg list   (or: simorg show fails-after-drawing.mjs, simorg status --why membrane.mjs)',
  );
}
