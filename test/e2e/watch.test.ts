import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pipelineFiles, RealProject, sleep } from '../fresh/project.js';

// `simorg watch` on the real runner: a change re-runs what it made stale, upstream first, with the
// reasons printed; outputs rewritten with the same bytes do not retrigger; Ctrl-C exits 0.

describe('simorg watch (real runner)', () => {
  let p: RealProject;
  beforeAll(async () => {
    p = new RealProject(pipelineFiles());
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    expect((await p.cli(['run', 'gen_data.mjs'])).code).toBe(0);
    expect((await p.cli(['run', '--all'])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('re-runs the scripts a change made stale, upstream first, and stops cleanly on SIGINT', async () => {
    const child = p.spawnCli(['watch']);
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    const until = async (re: RegExp, ms = 30_000) => {
      const t0 = Date.now();
      while (!re.test(out)) {
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}; output so far:\n${out}`);
        await sleep(100);
      }
    };
    try {
      await until(/watching \d+ files and folders for 3 scripts/);
      const before = p.runs().length;

      // A change to the generator's code that leaves its output bytes alone: it re-runs; its
      // readers are re-judged after it and found fresh, so they do not run.
      p.write('gen_data.mjs', p.read('gen_data.mjs') + '// touch up\n');
      await until(/gen_data\.mjs succeeded/);
      // The run's own write of data/gen.csv is looked at, after the run, and starts nothing.
      await until(/gen_data\.mjs succeeded[^]*nothing to run after changes to data\/gen\.csv/);
      expect(out).toContain('running gen_data.mjs: script changed');
      expect(out).not.toMatch(/running analysis_/);
      expect(
        p
          .runs()
          .slice(before)
          .map((r) => r.script),
      ).toEqual(['gen_data.mjs']);

      // A library change that changes the generator's output: generator first, then both readers.
      p.write('lib/model.mjs', 'export const scale = 5;\n');
      await until(/analysis_a\.mjs succeeded/);
      await until(/analysis_b\.mjs succeeded/);
      expect(out).toContain('running gen_data.mjs: lib/model.mjs changed');
      expect(out).toMatch(/running analysis_a\.mjs: lib\/model\.mjs changed; data\/gen\.csv changed/);
      expect(out).toMatch(/running analysis_b\.mjs: data\/gen\.csv changed/);
      const ran = p
        .runs()
        .slice(before + 1)
        .map((r) => r.script);
      expect(ran[0]).toBe('gen_data.mjs');
      expect(ran.slice(1).sort()).toEqual(['analysis_a.mjs', 'analysis_b.mjs']);
      // Its own outputs are looked at once more, and run nothing: no loop.
      await until(
        /analysis_[ab]\.mjs succeeded[^]*analysis_[ab]\.mjs succeeded[^]*nothing to run after changes to/,
      );
      expect(p.runs().length).toBe(before + 4);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('stopped');
    expect(await p.statuses()).toEqual({
      'analysis_a.mjs': ['fresh', []],
      'analysis_b.mjs': ['fresh', []],
      'gen_data.mjs': ['fresh', []],
    });
  });
});
