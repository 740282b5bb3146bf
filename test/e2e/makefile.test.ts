import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, pipelineFiles, RealProject } from '../fresh/project.js';

// `simorg makefile` + real GNU make on the real runner: make rebuilds only what changed, and an
// upstream script's outputs chain to the scripts that read them.

describe('simorg makefile with make (real runner)', () => {
  let p: RealProject;
  const make = async () => {
    const r = await p.exec('make', ['--no-print-directory', `SIMORG=${process.execPath} ${BIN}`]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return r.stdout;
  };
  // `make -q`: exit 0 when make would do nothing, 1 when it would run something.
  const question = async () =>
    (await p.exec('make', ['--no-print-directory', '-q', `SIMORG=${process.execPath} ${BIN}`])).code;
  const newRuns = (before: number) =>
    p
      .runs()
      .slice(before)
      .map((r) => r.script);

  beforeAll(async () => {
    p = new RealProject({
      ...pipelineFiles(),
      Makefile: 'all: simorg-all\n\n-include simorg.mk\n\ndeps:\n\t$(SIMORG) makefile\n.PHONY: all deps\n',
    });
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    expect((await p.cli(['run', 'gen_data.mjs'])).code).toBe(0);
    expect((await p.cli(['run', '--all'])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('writes stamp rules with the recorded dependencies, outputs as targets of their producer', async () => {
    const r = await p.cli(['makefile']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('wrote simorg.mk\n');
    const mk = p.read('simorg.mk');
    expect(mk).toContain('\nSIMORG ?= node_modules/.bin/simorg\nSIMORG_CONFIG ?= std\n');
    expect(mk).toContain(
      '.simorg/stamps/$(SIMORG_CONFIG)/analysis_a.mjs.stamp: analysis_a.mjs lib/model.mjs data/gen.csv data/input.csv\n',
    );
    expect(mk).toContain(
      "\t@$(SIMORG) run --if-stale --config '$(SIMORG_CONFIG)' $(SIMORG_RUN_FLAGS) 'analysis_a.mjs' || ",
    );
    expect(mk).toContain('data/gen.csv: .simorg/stamps/$(SIMORG_CONFIG)/gen_data.mjs.stamp ;\n');
    expect(mk).toContain('\ndata/input.csv:\n');
    expect((await p.cli(['makefile', '--out', '-'])).stdout).toBe(mk);
  });

  it('first make runs nothing that is fresh; a second make does nothing at all', async () => {
    const before = p.runs().length;
    await make();
    expect(newRuns(before)).toEqual([]);
    // The scripts were found fresh, so they wrote nothing: their outputs must not look older than
    // the stamps just made, or make -q would report work after every such make.
    expect(await question()).toBe(0);
    const out = await make();
    expect(out).toMatch(/Nothing to be done|is up to date/);
    expect(newRuns(before)).toEqual([]);
    expect(readdirSync(join(p.root, '.simorg/stamps/std')).sort()).toEqual([
      'analysis_a.mjs.stamp',
      'analysis_b.mjs.stamp',
      'gen_data.mjs.stamp',
    ]);
  });

  it('an edited script is re-run, alone', async () => {
    const before = p.runs().length;
    p.write('analysis_b.mjs', p.read('analysis_b.mjs') + '// edited\n');
    await make();
    expect(newRuns(before)).toEqual(['analysis_b.mjs']);
  });

  it('a touched but unchanged input costs an --if-stale and no run', async () => {
    const before = p.runs().length;
    const later = new Date(Date.now() + 2000);
    utimesSync(join(p.root, 'data/input.csv'), later, later);
    const out = await make();
    expect(out).toContain('analysis_a.mjs is fresh under run config std, not run');
    expect(newRuns(before)).toEqual([]);
  });

  it("an upstream script's touched input: no run, its outputs keep up with its stamp, make -q is then quiet", async () => {
    // The test before put data/input.csv in the future (a stamp can never pass it): back to the past.
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(p.root, 'data/input.csv'), past, past);
    const before = p.runs().length;
    const gen = join(p.root, 'data/gen.csv');
    const content = p.read('data/gen.csv');
    const genBefore = statSync(gen).mtimeMs;
    const now = new Date();
    utimesSync(join(p.root, 'lib/model.mjs'), now, now);
    expect(await question()).toBe(1);
    const out = await make();
    expect(out).toContain('gen_data.mjs is fresh under run config std, not run');
    expect(newRuns(before)).toEqual([]);
    // Its output took the stamp's time (the touched input's), with its bytes as they were.
    expect(statSync(gen).mtimeMs).toBe(statSync(join(p.root, 'lib/model.mjs')).mtimeMs);
    expect(statSync(gen).mtimeMs).toBeGreaterThan(genBefore);
    expect(statSync(join(p.root, '.simorg/stamps/std/gen_data.mjs.stamp')).mtimeMs).toBe(
      statSync(gen).mtimeMs,
    );
    expect(p.read('data/gen.csv')).toBe(content);
    expect(await question()).toBe(0);
  });

  it('an upstream change with new output re-runs the generator first, then its readers', async () => {
    const before = p.runs().length;
    p.write('lib/model.mjs', 'export const scale = 7;\n');
    await make();
    const ran = newRuns(before);
    expect(ran[0]).toBe('gen_data.mjs');
    expect(ran.slice(1).sort()).toEqual(['analysis_a.mjs', 'analysis_b.mjs']);
    expect(await p.statuses()).toEqual({
      'analysis_a.mjs': ['fresh', []],
      'analysis_b.mjs': ['fresh', []],
      'gen_data.mjs': ['fresh', []],
    });
    const again = p.runs().length;
    expect(await question()).toBe(0);
    await make();
    expect(newRuns(again)).toEqual([]);
  });

  it('make -j4: a changed input still re-runs the generator before its readers, and make -q is then quiet', async () => {
    const before = p.runs().length;
    p.write('lib/model.mjs', 'export const scale = 9;\n');
    const r = await p.exec('make', ['--no-print-directory', '-j4', `SIMORG=${process.execPath} ${BIN}`]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const ran = newRuns(before);
    expect(ran[0]).toBe('gen_data.mjs');
    expect(ran.slice(1).sort()).toEqual(['analysis_a.mjs', 'analysis_b.mjs']);
    expect(await question()).toBe(0);
  });

  it('a deleted input does not stop make: its reader runs (and fails, as it should)', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(join(p.root, 'data/input.csv'));
    const r = await p.exec('make', ['--no-print-directory', '-k', `SIMORG=${process.execPath} ${BIN}`]);
    expect(r.stderr).not.toContain('No rule to make target');
    expect(p.runs().at(-1)).toMatchObject({ script: 'analysis_a.mjs', status: 'failed' });
  });
});

describe('simorg makefile: run configs', () => {
  let p: RealProject;
  const make = (...vars: string[]) =>
    p.exec('make', [
      '--no-print-directory',
      '-f',
      'simorg.mk',
      'simorg-all',
      `SIMORG=${process.execPath} ${BIN}`,
      ...vars,
    ]);

  beforeAll(async () => {
    p = new RealProject({
      '.simorgrc.json': JSON.stringify({ defaultRunConfig: 'std' }),
      'a.mjs': 'console.log(1);\n',
      'b.mjs': 'console.log(2);\n',
    });
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    expect((await p.cli(['makefile'])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('stamps live per SIMORG_CONFIG: another config asks simorg about every script again, with that config', async () => {
    let r = await make();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(
      p
        .runs()
        .map((x) => x.script)
        .sort(),
    ).toEqual(['a.mjs', 'b.mjs']);
    // The recipe prints nothing itself (no echoed command lines): only what `simorg run` says.
    expect(r.stdout).not.toContain('--if-stale');
    expect(r.stdout).not.toContain('mkdir');
    const std = statSync(join(p.root, '.simorg/stamps/std/a.mjs.stamp')).mtimeMs;
    r = await make('SIMORG_CONFIG=short');
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(readdirSync(join(p.root, '.simorg/stamps/short')).sort()).toEqual(['a.mjs.stamp', 'b.mjs.stamp']);
    expect(statSync(join(p.root, '.simorg/stamps/std/a.mjs.stamp')).mtimeMs).toBe(std);
    expect((await make('SIMORG_CONFIG=short')).stdout).toMatch(/Nothing to be done/);
    expect((await make()).stdout).toMatch(/Nothing to be done/);
  });

  it('the default comes from defaultRunConfig; a name make cannot carry is refused (exit 2)', async () => {
    p.write(
      '.simorgrc.json',
      JSON.stringify({ runConfigs: { 'my quick': { timeout: 5 } }, defaultRunConfig: 'my quick' }),
    );
    const r = await p.cli(['makefile', '--out', '-']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("simorg: the default run config 'my quick' cannot be");
    p.write(
      '.simorgrc.json',
      JSON.stringify({ runConfigs: { quick: { timeout: 5 } }, defaultRunConfig: 'quick' }),
    );
    expect((await p.cli(['makefile', '--out', '-'])).stdout).toContain('\nSIMORG_CONFIG ?= quick\n');
  });
});

// Two `simorg makefile` processes writing simorg.mk at once (a Makefile's `deps` under make -j). To
// make "at once" certain rather than lucky, a preload holds each process at its rename of simorg.mk
// until both have arrived there, so both temporary files are written before either is renamed; a
// temporary name shared by the two would be renamed away by the first and missing for the second.
const RENAME_BARRIER = `const fs = require('node:fs');
const { join, basename } = require('node:path');
const dir = process.env.BARRIER_DIR;
const want = Number(process.env.BARRIER_COUNT);
const rename = fs.renameSync;
fs.renameSync = function (from, to) {
  if (basename(String(to)) === 'simorg.mk') {
    fs.writeFileSync(join(dir, 'arrived-' + process.pid), '');
    const until = Date.now() + 15000;
    while (fs.readdirSync(dir).length < want && Date.now() < until)
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
  return rename.call(this, from, to);
};
require('node:module').syncBuiltinESMExports();
`;

describe('simorg makefile: two writers at once', () => {
  let p: RealProject;

  beforeAll(async () => {
    p = new RealProject({ ...pipelineFiles(), 'barrier.cjs': RENAME_BARRIER });
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    expect((await p.cli(['run', 'gen_data.mjs'])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('each renames a whole file of its own: both succeed, simorg.mk is whole, no temporary file is left', async () => {
    const expected = (await p.cli(['makefile', '--out', '-'])).stdout;
    for (const round of [1, 2, 3]) {
      const dir = join(p.root, `.barrier-${round}`);
      mkdirSync(dir);
      const env = {
        NODE_OPTIONS: `--require ${join(p.root, 'barrier.cjs')}`,
        BARRIER_DIR: dir,
        BARRIER_COUNT: '3',
      };
      const rs = await Promise.all([1, 2, 3].map(() => p.cli(['makefile'], env)));
      for (const r of rs) {
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout).toBe('wrote simorg.mk\n');
      }
      // All three were held at the rename together (so all three temporary files existed at once).
      expect(readdirSync(dir)).toHaveLength(3);
      expect(p.read('simorg.mk')).toBe(expected);
      expect(readdirSync(p.root).filter((n) => n.includes('simorg.mk') && n !== 'simorg.mk')).toEqual([]);
    }
  });

  it('a place that cannot take the file is said in one line, with a hint', async () => {
    writeFileSync(join(p.root, 'not-a-folder'), '');
    const r = await p.cli(['makefile', '--out', 'not-a-folder/simorg.mk']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^simorg: could not write not-a-folder\/simorg\.mk: /);
    expect(r.stderr).toContain('  check the folder exists and can be written');
  });
});

// The names of the issue, through real GNU make: each is escaped for make and single-quoted for the
// shell, or left out with one warning line when make cannot take it at all.
describe('simorg makefile: file names make and the shell would misread', () => {
  let p: RealProject;
  const script =
    "import { readFileSync } from 'node:fs';\nconsole.log(readFileSync('../data/in.csv', 'utf8').length);\n";
  const names = [
    'sims/my sim.mjs',
    'sims/$(touch PWNED).mjs',
    'sims/`touch PWNED2`.mjs',
    'sims/h#sh.mjs',
    'sims/p%c.mjs',
    'sims/c:o.mjs',
    'sims/e=q.mjs',
    'sims/st*r.mjs',
    'sims/x|y.mjs',
    "sims/q'uote.mjs",
    'sims/-dash.mjs',
    'sims/[br].mjs',
    'sims/a{1,2}.mjs',
  ];
  const make = () =>
    p.exec('make', [
      '--no-print-directory',
      '-f',
      'simorg.mk',
      'simorg-all',
      `SIMORG=${process.execPath} ${BIN}`,
    ]);
  const ran = () => p.runs().map((r) => r.script);

  beforeAll(async () => {
    p = new RealProject({
      '.simorgrc.json': '{}',
      'data/in.csv': 'a\n',
      'data/back\\slash #1.csv': 'b\n',
      ...Object.fromEntries(names.map((n) => [n, script])),
      // Decoys: were a name read as a glob or a pattern, these would run too.
      'sims/stXr.mjs': script,
      'sims/a1.mjs': script,
      'sims/b.mjs': script,
      'sims/reads-backslash.mjs': script.replace("'../data/in.csv'", "'../data/back\\\\slash #1.csv'"),
      'sims/a;b.mjs': script,
      'sims/new\nline.mjs': script,
    });
    expect((await p.cli(['init'])).code).toBe(0);
    expect(
      (await p.cli(['track', ...names, 'sims/reads-backslash.mjs', 'sims/a;b.mjs', 'sims/new\nline.mjs']))
        .code,
    ).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('refuses with one warning line each the names make cannot take, and writes the rest', async () => {
    const r = await p.cli(['makefile']);
    expect(r.code).toBe(0);
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      "simorg: warning: left sims/a;b.mjs out of the rules: its name has a ';', which make cannot take in a file name",
      'simorg: warning: left "sims/new\\nline.mjs" out of the rules: its name has a newline, which make cannot take in a file name',
    ]);
  });

  it('runs every other script once, with one stamp file each and no command from a name; a second make does nothing', async () => {
    const r = await make();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(
      existsSync(join(p.root, 'PWNED')) ||
        existsSync(join(p.root, 'sims/PWNED')) ||
        existsSync(join(p.root, 'PWNED2')),
    ).toBe(false);
    expect(ran().sort()).toEqual([...names, 'sims/reads-backslash.mjs'].sort());
    expect(readdirSync(join(p.root, '.simorg/stamps/std/sims')).sort()).toEqual(
      [...names, 'sims/reads-backslash.mjs'].map((n) => `${n.slice(5)}.stamp`).sort(),
    );
    expect((await make()).stdout).toMatch(/Nothing to be done/);
  });

  it('after the runs, recorded inputs with odd names are prerequisites: a change re-runs exactly their reader', async () => {
    expect((await p.cli(['makefile'])).code).toBe(0);
    expect((await make()).stdout).toMatch(/Nothing to be done/);
    const before = ran().length;
    p.write('data/back\\slash #1.csv', 'changed\n');
    p.write('sims/my sim.mjs', script + '// edited\n');
    const r = await make();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(ran().slice(before).sort()).toEqual(['sims/my sim.mjs', 'sims/reads-backslash.mjs']);
    expect((await make()).stdout).toMatch(/Nothing to be done/);
  });

  it('a script reading a file make cannot name is judged by simorg on every make', async () => {
    p.write('sims/reads-semi.mjs', script.replace("'../data/in.csv'", "'../data/a;b.csv'"));
    p.write('data/a;b.csv', '1\n');
    expect((await p.cli(['track', 'sims/reads-semi.mjs'])).code).toBe(0);
    expect((await p.cli(['run', 'sims/reads-semi.mjs'])).code).toBe(0);
    const mk = await p.cli(['makefile']);
    expect(mk.stderr).toContain(
      "simorg: warning: sims/reads-semi.mjs is judged by simorg on every make: its dependency data/a;b.csv has a ';'",
    );
    const before = ran().length;
    p.write('data/a;b.csv', '22\n');
    const r = await make();
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(ran().slice(before)).toEqual(['sims/reads-semi.mjs']);
  });
});
