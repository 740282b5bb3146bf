// What the figure hook costs a script that draws nothing: `node -e 0` vs
// `node --import simorg/register -e 0` (target: at most 10 ms more), and a check that loading the
// hook does not load node-canvas. Also shown: the extra cost when SIMORG_MANIFEST asks for capture.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { medianCommand, report } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const opts = { cwd: root };
const runs = 21;

// Alternate the two so that a busy machine slows both alike.
const base = [];
const ours = [];
for (let i = 0; i < 3; i++) {
  base.push(await medianCommand(node, ['-e', '0'], opts, runs));
  ours.push(await medianCommand(node, ['--import', 'simorg/register', '-e', '0'], opts, runs));
}
const mid = (xs) => [...xs].sort((a, b) => a - b)[1];
const b = mid(base);
const o = mid(ours);
report('node --import simorg/register -e 0', o, b);
const extra = o - b;
console.log(`hook load: +${extra.toFixed(1)} ms over node -e 0 ${extra <= 10 ? ' ok (target <= 10 ms)' : ' OVER TARGET (<= 10 ms)'}`);

const dir = mkdtempSync(join(tmpdir(), 'bench-manifest-'));
const withManifest = await medianCommand(node, ['--import', 'simorg/register', '-e', '0'], { ...opts, env: { ...process.env, SIMORG_MANIFEST: join(dir, 'm.json') } }, runs);
console.log(`with SIMORG_MANIFEST (fs + module capture): +${(withManifest - b).toFixed(1)} ms over node -e 0 (informational)`);
rmSync(dir, { recursive: true, force: true });

const probe = spawnSync(node, ['--import', 'simorg/register', '-e', "console.log(require('fs').readFileSync('/proc/self/maps','utf8').includes('canvas.node'))"], { ...opts, encoding: 'utf8' });
const loaded = probe.stdout.trim();
console.log(`node-canvas loaded by the hook alone: ${loaded === 'false' ? 'no  ok' : loaded === 'true' ? 'YES  FAIL' : `unknown (${probe.stderr.trim()})`}`);
if (loaded === 'true' || extra > 10) process.exitCode = 1;
