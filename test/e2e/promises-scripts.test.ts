import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, RealProject } from '../fresh/project.js';

// README "The runner": ".ts/.mts run with tsx, with the hook preloaded", "Other extensions use
// `interpreters` from the config (`.py` python3, `.sh` bash, `.R` Rscript by default)", and
// "Freshness": scripts run without the hook are `unverified` after a good run, and `run --stale`
// runs them again. The project's config names no interpreter: the defaults are what is tested.

const haveRscript = spawnSync('Rscript', ['--version'], { encoding: 'utf8' }).status === 0;

let p: RealProject;
beforeAll(async () => {
  p = new RealProject({
    '.simorgrc.json': JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' }),
    'sims/lib/scale.mts': 'export const scale = (x: number): number => x * 3;\n',
    'sims/trace.mts': `import { createCanvas } from 'canvas';
import { scale } from './lib/scale.mts';
interface Point { t: number; v: number }
const points: Point[] = [0, 1, 2].map((t) => ({ t, v: scale(t) }));
const g = createCanvas(120, 80).getContext('2d');
g.beginPath(); points.forEach((q) => g.lineTo(10 + q.t * 40, 70 - q.v * 5)); g.stroke();
console.log('mts', points.map((q) => q.v).join(','), process.argv.slice(2).join(' '));
`,
    'sims/fit.py': `import os, sys
print("py", os.path.basename(sys.executable).startswith("python3"), " ".join(sys.argv[1:]), os.path.basename(os.getcwd()))
`,
    'sims/model.R': `args <- commandArgs(trailingOnly = TRUE)
cat("R", R.version$major, paste(args, collapse = " "), basename(getwd()), "\\n")
`,
  });
  mkdirSync(join(p.root, 'node_modules'));
  symlinkSync(join(REPO, 'node_modules', 'canvas'), join(p.root, 'node_modules', 'canvas'), 'dir');
  expect((await p.cli(['init'])).code).toBe(0);
  expect((await p.cli(['track', 'sims/*.mts', 'sims/*.py', ...(haveRscript ? ['sims/*.R'] : [])])).code).toBe(
    0,
  );
});
afterAll(() => p.cleanup());

async function runOk(...args: string[]): Promise<string> {
  const r = await p.cli(['run', ...args]);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r.stdout;
}

describe('script kinds', () => {
  it('.mts runs through tsx with the hook: output, figure, and its .mts module as a dependency', async () => {
    expect(await runOk('sims/trace.mts', '--', 'x1')).toMatch(
      /^sims\/trace\.mts succeeded in .* \(run [0-9a-f]{12}, 1 figure\)\n$/,
    );
    expect((await p.cli(['log', 'sims/trace.mts'])).stdout).toMatch(/^mts 0,3,6 x1\n/);
    const shown = await p.json<{ figures: { format: string }[]; files: { role: string; path: string }[] }>([
      'show',
      'sims/trace.mts',
    ]);
    expect(shown.figures.map((f) => f.format).sort()).toEqual(['pdf', 'png', 'svg']);
    expect(shown.files.filter((f) => f.role === 'module').map((f) => f.path)).toContain('sims/lib/scale.mts');
    // Judged under the same arguments, it is fresh; its module changing makes it stale.
    const status = async () =>
      JSON.parse((await p.cli(['status', 'sims/trace.mts', '--json', '--', 'x1'])).stdout)[0];
    expect(await status()).toMatchObject({ status: 'fresh', reasons: [] });
    p.write('sims/lib/scale.mts', 'export const scale = (x: number): number => x * 4;\n');
    expect(await status()).toMatchObject({ status: 'stale', reasons: ['sims/lib/scale.mts changed'] });
  });

  it('.py runs with python3 by default, from its folder, with the arguments; unverified after, re-run by --stale', async () => {
    expect(await runOk('sims/fit.py', '--', 'a', 'b')).toMatch(/^sims\/fit\.py succeeded in /);
    expect((await p.cli(['log', 'sims/fit.py'])).stdout).toBe('py True a b sims\n');
    await runOk('sims/fit.py'); // without arguments, as status judges by default
    expect((await p.statuses())['sims/fit.py']).toEqual(['unverified', ['script only: inputs not tracked']]);
    const before = p.runs().length;
    await runOk('--stale', 'sims/fit.py');
    expect(
      p
        .runs()
        .slice(before)
        .map((r) => [r.script, r.status]),
    ).toEqual([['sims/fit.py', 'succeeded']]);
  });

  // Rscript comes with r-base-core, which not every machine has.
  it.skipIf(!haveRscript)(
    '.R runs with Rscript by default, from its folder, with the arguments; unverified after',
    async () => {
      expect(await runOk('sims/model.R', '--', 'n', '10')).toMatch(/^sims\/model\.R succeeded in /);
      expect((await p.cli(['log', 'sims/model.R'])).stdout).toMatch(/^R \d+ n 10 sims \n$/);
      await runOk('sims/model.R');
      expect((await p.statuses())['sims/model.R']).toEqual([
        'unverified',
        ['script only: inputs not tracked'],
      ]);
    },
  );
});
