// What the figure hook costs a script that draws nothing: `node -e 0` vs
// `node --import simorg/register -e 0`, with the hook's own share over the floor any package's
// --import pays as the target (at most 3 ms), and a check that loading the
// hook does not load node-canvas. Also shown: the floor (what `--import` of an empty file costs by
// itself), and the extra cost when SIMORG_MANIFEST asks for the run manifest (as under the runner),
// by default and with the opt-in SIMORG_CAPTURE_DYNAMIC_IMPORTS loader hook.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, interleavedCommands, report } from './lib.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const node = process.execPath;
const opts = { cwd: root };
const runs = 21;
const dir = mkdtempSync(join(tmpdir(), 'bench-hook-'));
const empty = join(dir, 'empty.mjs');
writeFileSync(empty, '');
console.log(`load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} (timings on a busy machine are noisy)`);

// Run from a project folder as a user's would be: node_modules/simorg (a link to this checkout)
// beside an empty package, whose import is the fair floor for a package specifier.
const proj = join(dir, 'project');
mkdirSync(join(proj, 'node_modules', 'empty-pkg'), { recursive: true });
writeFileSync(join(proj, 'node_modules', 'empty-pkg', 'package.json'), '{ "name": "empty-pkg", "type": "module", "exports": { "./register": "./register.js" } }\n');
writeFileSync(join(proj, 'node_modules', 'empty-pkg', 'register.js'), '');
symlinkSync(root, join(proj, 'node_modules', 'simorg'), 'dir');
const inProj = { cwd: proj };

// Interleaved, and judged by per-round differences: start-up times on a busy machine drift.
const load = interleavedCommands([
  { cmd: node, args: ['-e', '0'], options: inProj },
  { cmd: node, args: ['--import', empty, '-e', '0'], options: inProj },
  { cmd: node, args: ['--import', 'empty-pkg/register', '-e', '0'], options: inProj },
  { cmd: node, args: ['--import', 'simorg/register', '-e', '0'], options: inProj },
], 61);
const [b, , , o] = load.medians;
console.log(`floor: --import of an empty file: +${load.over(1, 0).toFixed(1)} ms over node -e 0; of an empty package's entry: +${load.over(2, 0).toFixed(1)} ms`);
report('node --import simorg/register -e 0', o, b);
const extra = load.over(3, 0);
console.log(`hook load: +${extra.toFixed(1)} ms over node -e 0 (informational: any --import of a package pays the floor above)`);

// A small script with a local import and a file read, as the runner starts it.
writeFileSync(join(dir, 'lib.mjs'), 'export const x = 1;\n');
writeFileSync(join(dir, 'script.mjs'), "import { x } from './lib.mjs';\nimport { readFileSync } from 'node:fs';\nreadFileSync(new URL('./lib.mjs', import.meta.url));\nif (x !== 1) process.exit(1);\n");
const script = join(dir, 'script.mjs');
const manifestEnv = (more = {}) => ({ ...process.env, SIMORG_MANIFEST: join(dir, 'm.json'), ...more });
const scripts = interleavedCommands([
  { cmd: node, args: [script], options: opts },
  { cmd: node, args: ['--import', 'simorg/register', script], options: opts },
  { cmd: node, args: ['--import', 'simorg/register', script], options: { ...opts, env: manifestEnv() } },
  { cmd: node, args: ['--import', 'simorg/register', script], options: { ...opts, env: manifestEnv({ SIMORG_CAPTURE_DYNAMIC_IMPORTS: '1' }) } },
], runs);
const bare = scripts.medians[0];
const [plain, withManifest, dynamic] = [1, 2, 3].map((i) => bare + scripts.over(i, 0));
console.log(`script.mjs: bare ${bare.toFixed(1)} ms; with the hook +${(plain - bare).toFixed(1)} ms; with SIMORG_MANIFEST +${(withManifest - bare).toFixed(1)} ms` +
  `; with SIMORG_CAPTURE_DYNAMIC_IMPORTS too +${(dynamic - bare).toFixed(1)} ms (informational)`);
rmSync(dir, { recursive: true, force: true });

const probe = spawnSync(node, ['--import', 'simorg/register', '-e', "console.log(require('fs').readFileSync('/proc/self/maps','utf8').includes('canvas.node'))"], { ...opts, encoding: 'utf8' });
const loaded = probe.stdout.trim();
console.log(`node-canvas loaded by the hook alone: ${loaded === 'false' ? 'no  ok' : loaded === 'true' ? 'YES  FAIL' : `unknown (${probe.stderr.trim()})`}`);
check('node-canvas not loaded by the hook alone', loaded === 'false', loaded === 'false' ? 'not loaded' : `loaded: ${loaded || probe.stderr.trim()}`);
// The target is the hook's own share, over the floor any package's --import pays (printed above):
// what simorg can change.
check("the hook's own load cost, over importing an empty package", load.over(3, 2) <= 3, `+${load.over(3, 2).toFixed(1)} ms (target <= 3 ms)`);
