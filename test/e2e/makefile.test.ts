import { utimesSync } from 'node:fs';
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
  const newRuns = (before: number) => p.runs().slice(before).map((r) => r.script);

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
    expect(mk).toContain('.simorg/stamps/analysis_a.mjs.stamp: analysis_a.mjs lib/model.mjs data/gen.csv data/input.csv\n');
    expect(mk).toContain('\t$(SIMORG) run --if-stale $(SIMORG_RUN_FLAGS) analysis_a.mjs\n');
    expect(mk).toContain('data/gen.csv: .simorg/stamps/gen_data.mjs.stamp ;\n');
    expect(mk).toContain('\ndata/input.csv:\n');
    expect((await p.cli(['makefile', '--out', '-'])).stdout).toBe(mk);
  });

  it('first make runs nothing that is fresh; a second make does nothing at all', async () => {
    const before = p.runs().length;
    await make();
    expect(newRuns(before)).toEqual([]);
    const out = await make();
    expect(out).toMatch(/Nothing to be done|is up to date/);
    expect(newRuns(before)).toEqual([]);
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

  it('an upstream change with new output re-runs the generator first, then its readers', async () => {
    const before = p.runs().length;
    p.write('lib/model.mjs', 'export const scale = 7;\n');
    await make();
    const ran = newRuns(before);
    expect(ran[0]).toBe('gen_data.mjs');
    expect(ran.slice(1).sort()).toEqual(['analysis_a.mjs', 'analysis_b.mjs']);
    expect((await p.statuses())).toEqual({
      'analysis_a.mjs': ['fresh', []],
      'analysis_b.mjs': ['fresh', []],
      'gen_data.mjs': ['fresh', []],
    });
    const again = p.runs().length;
    await make();
    expect(newRuns(again)).toEqual([]);
  });

  it('a deleted input does not stop make: its reader runs (and fails, as it should)', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(join(p.root, 'data/input.csv'));
    const r = await p.exec('make', ['--no-print-directory', '-k', `SIMORG=${process.execPath} ${BIN}`]);
    expect(r.stderr).not.toContain('No rule to make target');
    expect(p.runs().at(-1)).toMatchObject({ script: 'analysis_a.mjs', status: 'failed' });
  });
});
