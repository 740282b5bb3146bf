// What the figure hook costs a script that draws nothing: `node -e 0` vs
// `node --import simorg/register -e 0` (target: at most 10 ms more), and a check that loading the
// hook does not load node-canvas. Also shown: the floor (what `--import` of an empty file costs by
// itself), and the extra cost when SIMORG_MANIFEST asks for the run manifest (as under the runner),
// by default and with the opt-in SIMORG_CAPTURE_DYNAMIC_IMPORTS loader hook.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianCommand, report } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const opts = { cwd: root };
const runs = 21;
const dir = mkdtempSync(join(tmpdir(), 'bench-hook-'));
const empty = join(dir, 'empty.mjs');
writeFileSync(empty, '');
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (timings on a busy machine are noisy)`);

// Alternate the three so that a busy machine slows them alike.
const base = [];
const floor = [];
const ours = [];
for (let i = 0; i < 3; i++) {
  base.push(await medianCommand(node, ['-e', '0'], opts, runs));
  floor.push(await medianCommand(node, ['--import', empty, '-e', '0'], opts, runs));
  ours.push(await medianCommand(node, ['--import', 'simorg/register', '-e', '0'], opts, runs));
}
const mid = (xs) => [...xs].sort((a, b) => a - b)[1];
const b = mid(base);
const f = mid(floor);
const o = mid(ours);
console.log(`floor: --import of an empty file: +${(f - b).toFixed(1)} ms over node -e 0`);
report('node --import simorg/register -e 0', o, b);
const extra = o - b;
console.log(`hook load: +${extra.toFixed(1)} ms over node -e 0 ${extra <= 10 ? ' ok (target <= 10 ms)' : ' OVER TARGET (<= 10 ms)'}`);

// A small script with a local import and a file read, as the runner starts it.
writeFileSync(join(dir, 'lib.mjs'), 'export const x = 1;\n');
writeFileSync(join(dir, 'script.mjs'), "import { x } from './lib.mjs';\nimport { readFileSync } from 'node:fs';\nreadFileSync(new URL('./lib.mjs', import.meta.url));\nif (x !== 1) process.exit(1);\n");
const script = join(dir, 'script.mjs');
const manifestEnv = (more = {}) => ({ ...process.env, SIMORG_MANIFEST: join(dir, 'm.json'), ...more });
const bare = await medianCommand(node, [script], opts, runs);
const plain = await medianCommand(node, ['--import', 'simorg/register', script], opts, runs);
const withManifest = await medianCommand(node, ['--import', 'simorg/register', script], { ...opts, env: manifestEnv() }, runs);
const dynamic = await medianCommand(node, ['--import', 'simorg/register', script], { ...opts, env: manifestEnv({ SIMORG_CAPTURE_DYNAMIC_IMPORTS: '1' }) }, runs);
console.log(`script.mjs: bare ${bare.toFixed(1)} ms; with the hook +${(plain - bare).toFixed(1)} ms; with SIMORG_MANIFEST +${(withManifest - bare).toFixed(1)} ms` +
  `; with SIMORG_CAPTURE_DYNAMIC_IMPORTS too +${(dynamic - bare).toFixed(1)} ms (informational)`);
rmSync(dir, { recursive: true, force: true });

const probe = spawnSync(node, ['--import', 'simorg/register', '-e', "console.log(require('fs').readFileSync('/proc/self/maps','utf8').includes('canvas.node'))"], { ...opts, encoding: 'utf8' });
const loaded = probe.stdout.trim();
console.log(`node-canvas loaded by the hook alone: ${loaded === 'false' ? 'no  ok' : loaded === 'true' ? 'YES  FAIL' : `unknown (${probe.stderr.trim()})`}`);
if (loaded === 'true' || extra > 10) process.exitCode = 1;
