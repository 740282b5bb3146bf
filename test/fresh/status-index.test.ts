import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusIndex } from '../../src/fresh/status-index.js';
import { freshIds } from '../../src/fresh/select.js';
import type { RunOutcome } from '../../src/run/run-job.js';
import { BatchPlan } from '../../src/watch/batch-plan.js';
import { listScripts } from '../../src/track/scripts.js';
import { Fixture } from './fixture.js';

async function statuses(fx: Fixture): Promise<Record<string, [string, string[]]>> {
  const p = await fx.open();
  const index = new StatusIndex(p);
  const out = Object.fromEntries(
    index.all().map((s) => [s.script.path, [s.status, s.reasons] as [string, string[]]]),
  );
  index.finish();
  p.close();
  return out;
}

describe('StatusIndex on recorded runs', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = new Fixture();
    fx.write('lib/model.mjs', 'export const k = 1;\n')
      .write('data/input.csv', 'a,b\n1,2\n')
      .write('gen.mjs', "import './lib/model.mjs';\n")
      .write('data/gen.csv', 'x\n1\n')
      .write('analysis.mjs', '// reads gen.csv and input.csv\n')
      .write('new.mjs', "import { k } from './lib/model.mjs';\n");
    await fx.track('analysis.mjs', 'gen.mjs', 'new.mjs');
    await fx.run({ script: 'gen.mjs', modules: ['lib/model.mjs'], written: ['data/gen.csv'] });
    await fx.run({ script: 'analysis.mjs', read: ['data/gen.csv', 'data/input.csv'], packages: {} });
  });
  afterEach(() => fx.remove());

  it('says fresh and never-run with no reasons', async () => {
    expect(await statuses(fx)).toEqual({
      'analysis.mjs': ['fresh', []],
      'gen.mjs': ['fresh', []],
      'new.mjs': ['never-run', []],
    });
  });

  it('names a changed script, library and missing data file, and marks downstream stale', async () => {
    fx.write('lib/model.mjs', 'export const k = 2;\n');
    let s = await statuses(fx);
    expect(s['gen.mjs']).toEqual(['stale', ['lib/model.mjs changed']]);
    expect(s['analysis.mjs']).toEqual(['stale', ['upstream gen.mjs is stale']]);
    fx.write('analysis.mjs', '// edited\n');
    fx.remove;
    const { rmSync } = await import('node:fs');
    rmSync(join(fx.root, 'data/input.csv'));
    s = await statuses(fx);
    expect(s['analysis.mjs']).toEqual([
      'stale',
      ['script changed', 'data/input.csv missing', 'upstream gen.mjs is stale'],
    ]);
  });

  it('judges by content: a touch is fresh, a same-bytes rewrite upstream is fresh, new bytes are a change', async () => {
    utimesSync(join(fx.root, 'data/input.csv'), new Date(), new Date(Date.now() + 5000));
    expect((await statuses(fx))['analysis.mjs']).toEqual(['fresh', []]);
    fx.write('data/gen.csv', 'x\n1\n');
    await fx.run({ script: 'gen.mjs', modules: ['lib/model.mjs'], written: ['data/gen.csv'] });
    expect((await statuses(fx))['analysis.mjs']).toEqual(['fresh', []]);
    fx.write('data/gen.csv', 'x\n2\n');
    await fx.run({ script: 'gen.mjs', modules: ['lib/model.mjs'], written: ['data/gen.csv'] });
    expect(await statuses(fx)).toMatchObject({
      'analysis.mjs': ['stale', ['data/gen.csv changed']],
      'gen.mjs': ['fresh', []],
    });
  });

  it('compares the run config and package versions', async () => {
    fx.write('node_modules/fakepkg/package.json', '{"name":"fakepkg","version":"1.0.0"}');
    await fx.run({
      script: 'gen.mjs',
      modules: ['lib/model.mjs'],
      written: ['data/gen.csv'],
      packages: { fakepkg: '1.0.0' },
    });
    expect((await statuses(fx))['gen.mjs']).toEqual(['fresh', []]);
    fx.write('node_modules/fakepkg/package.json', '{"name":"fakepkg","version":"1.1.0"}');
    fx.write('.simorgrc.json', JSON.stringify({ runConfigs: { std: { timeout: 1800, env: { X: '1' } } } }));
    expect((await statuses(fx))['gen.mjs']).toEqual([
      'stale',
      ['package fakepkg 1.0.0 -> 1.1.0', 'run config std changed'],
    ]);
    fx.write(
      '.simorgrc.json',
      JSON.stringify({ runConfigs: { mine: { timeout: 5 } }, defaultRunConfig: 'mine' }),
    );
    await fx.run({
      script: 'gen.mjs',
      runConfig: 'mine',
      config: { timeout: 5, env: {}, argv: [] },
      written: ['data/gen.csv'],
    });
    expect((await statuses(fx))['gen.mjs']).toEqual(['fresh', []]);
    fx.write(
      '.simorgrc.json',
      JSON.stringify({ runConfigs: { other: { timeout: 1 } }, defaultRunConfig: 'other' }),
    );
    expect((await statuses(fx))['gen.mjs']).toEqual([
      'stale',
      ['run config mine removed', 'last run used config mine, not other'],
    ]);
  });

  it('says failed with the exit code, and a queued job overrides the word', async () => {
    await fx.run({ script: 'gen.mjs', status: 'failed', exitCode: 3, modules: ['lib/model.mjs'] });
    const p = await fx.open();
    const sid = p.db.prepare("SELECT id FROM scripts WHERE path = 'analysis.mjs'").pluck().get();
    p.db
      .prepare("INSERT INTO jobs (script_id, run_config, state, created_at) VALUES (?, 'std', 'queued', 0)")
      .run(sid);
    p.close();
    const s = await statuses(fx);
    expect(s['gen.mjs']).toEqual(['failed', ['last run failed (exit code 3)']]);
    expect(s['analysis.mjs']).toEqual(['queued', ['upstream gen.mjs failed']]);
  });

  it('orders what needs a run upstream first, never-run last; freshIds agrees', async () => {
    fx.write('gen.mjs', '// changed\n');
    const p = await fx.open();
    const plan = new BatchPlan(p, listScripts(p), {
      wanted: { runConfig: 'std', argv: [], params: {} },
      onlyStale: true,
    });
    const ended = (script: string, status: RunOutcome['status']): string[] =>
      plan
        .ended({
          jobId: 0,
          runId: 'none',
          script,
          status,
          exitCode: 0,
          signal: null,
          durationMs: 1,
          figures: 0,
          error: null,
        })
        .map((q) => q.script.path);
    expect(plan.first().map((s) => s.path)).toEqual(['gen.mjs']);
    expect(ended('gen.mjs', 'succeeded')).toEqual(['analysis.mjs']);
    expect(ended('analysis.mjs', 'succeeded')).toEqual(['new.mjs']);
    expect(freshIds(p, listScripts(p)).has(listScripts(p)[0]!.id)).toBe(false);
    p.close();
  });

  it('holds back only what is downstream of a failed run', async () => {
    fx.write('gen.mjs', '// changed again\n');
    const p = await fx.open();
    const plan = new BatchPlan(p, listScripts(p), {
      wanted: { runConfig: 'std', argv: [], params: {} },
      onlyStale: true,
    });
    expect(plan.first().map((s) => s.path)).toEqual(['gen.mjs']);
    const next = plan.ended({
      jobId: 0,
      runId: 'none',
      script: 'gen.mjs',
      status: 'failed',
      exitCode: 1,
      signal: null,
      durationMs: 1,
      figures: 0,
      error: null,
    });
    // analysis.mjs reads what gen.mjs writes: held back; new.mjs has no known link: it runs.
    expect(next.map((q) => q.script.path)).toEqual(['new.mjs']);
    expect(plan.notRun()).toEqual([{ script: 'analysis.mjs', why: 'upstream gen.mjs did not succeed' }]);
    p.close();
  });

  it('does not re-hash an unchanged file once its hash is cached (and old enough not to be racy)', async () => {
    const past = new Date(Date.now() - 60_000);
    for (const f of ['lib/model.mjs', 'data/input.csv', 'gen.mjs', 'data/gen.csv', 'analysis.mjs'])
      utimesSync(join(fx.root, f), past, past);
    const count = async () => {
      const p = await fx.open();
      const index = new StatusIndex(p);
      index.all();
      index.finish();
      p.close();
      return index.hashes.hashed;
    };
    expect(await count()).toBe(5);
    expect(await count()).toBe(0);
    fx.write('lib/model.mjs', 'export const k = 3;\n');
    expect(await count()).toBe(1);
  });
});
