import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { affectedBy } from '../../src/fresh/graph.js';
import { StatusIndex } from '../../src/fresh/status-index.js';
import { FullGraph } from '../../src/fresh/graph.js';
import { LazyGraph } from '../../src/fresh/lazy-graph.js';
import type { Project } from '../../src/project.js';
import { Fixture } from './fixture.js';

// The lazy run graph (read where asked, for `status` after a file change) must answer as the full
// one does, on a pipeline with the cases that decide links: a reader of a reader, a failed latest
// run whose last good run wrote the file read, two writers of one file (later wins; same time:
// the later listed), an untracked writer, a run still running, a file read and written by one
// script, runtime files, a never-run script.

const SCRIPTS = [
  'gen.mjs',
  'analysis.mjs',
  'report.mjs',
  'flaky.mjs',
  'reader2.mjs',
  'w1.mjs',
  'w2.mjs',
  'w3.mjs',
  'shared-reader.mjs',
  'old.mjs',
  'self.mjs',
  'new.mjs',
];
const FILES = [
  'lib/model.mjs',
  'data/input.csv',
  'data/gen.csv',
  'data/summary.csv',
  'data/flaky.csv',
  'data/shared.csv',
  'data/tie.csv',
  'data/self.csv',
];

async function pipeline(fx: Fixture): Promise<void> {
  for (const f of FILES) fx.write(f, `${f}\n`);
  for (const s of SCRIPTS) fx.write(s, `// ${s}\n`);
  await fx.track(...SCRIPTS);
  await fx.run({ script: 'gen.mjs', modules: ['lib/model.mjs'], written: ['data/gen.csv'] });
  await fx.run({
    script: 'analysis.mjs',
    read: ['data/gen.csv', 'data/input.csv', '/proc/self/status'],
    written: ['data/summary.csv'],
  });
  await fx.run({
    script: 'report.mjs',
    read: ['data/summary.csv', 'node_modules/x/index.js'],
    modules: ['lib/model.mjs'],
  });
  await fx.run({ script: 'flaky.mjs', written: ['data/flaky.csv'] });
  await fx.run({ script: 'flaky.mjs', status: 'failed' });
  await fx.run({ script: 'reader2.mjs', read: ['data/flaky.csv'] });
  await fx.run({
    script: 'w1.mjs',
    written: ['data/shared.csv', 'data/tie.csv'],
    startedAt: 1_800_000_000_000,
  });
  await fx.run({ script: 'w3.mjs', written: ['data/tie.csv'], startedAt: 1_800_000_000_000 });
  await fx.run({ script: 'w2.mjs', written: ['data/shared.csv'], startedAt: 1_800_000_100_000 });
  await fx.run({
    script: 'old.mjs',
    written: ['data/shared.csv', 'data/gen.csv'],
    startedAt: 1_900_000_000_000,
  });
  await fx.run({ script: 'shared-reader.mjs', read: ['data/shared.csv', 'data/tie.csv'] });
  await fx.run({ script: 'self.mjs', read: ['data/self.csv', 'data/input.csv'], written: ['data/self.csv'] });
  const p = await fx.open();
  p.db.prepare("UPDATE scripts SET untracked_at = 1 WHERE path = 'old.mjs'").run();
  p.close();
  // A run under way of gen.mjs: not its latest finished run, whatever it records.
  await fx.run({
    script: 'gen.mjs',
    status: 'running',
    written: ['data/other.csv'],
    startedAt: 2_000_000_000_000,
  });
}

const ids = (p: Project) => p.db.prepare<[], number>('SELECT id FROM scripts ORDER BY id').pluck().all();
const paths = (p: Project) =>
  p.db.prepare<[], string>('SELECT DISTINCT path FROM run_files ORDER BY path').pluck().all();
const sorted = (xs: number[] | Set<number> | null) => (xs === null ? null : [...xs].sort((a, b) => a - b));

describe('LazyGraph', () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = new Fixture();
    await pipeline(fx);
  });
  afterEach(() => fx.remove());

  it('answers every question as the full graph does', async () => {
    const p = await fx.open();
    const full = new FullGraph(p);
    const lazy = new LazyGraph(p);
    for (const id of ids(p)) {
      expect(lazy.script(id), `script ${id}`).toEqual(full.script(id));
      expect(lazy.run(id), `run of ${id}`).toEqual(full.run(id));
      expect(sorted(lazy.downstream(id)), `downstream of ${id}`).toEqual(sorted(full.downstream(id)));
    }
    for (const path of [...paths(p), 'data/nobody.csv']) {
      expect(lazy.producer(path), `producer of ${path}`).toBe(full.producer(path));
      expect(lazy.consumed(path), `consumed ${path}`).toBe(full.consumed(path));
      expect(sorted(lazy.users([path])), `users of ${path}`).toEqual(sorted(full.users([path])));
    }
    expect(lazy.scripts()).toEqual(full.scripts());
    // The cases are there: the last good run's output links, the later writer wins, untracked is no writer.
    const idOf = (s: string) => full.scripts().find((r) => r.path === s)!.id;
    expect(full.downstream(idOf('flaky.mjs'))).toEqual([idOf('reader2.mjs')]);
    expect(full.producer('data/shared.csv')).toBe(idOf('w2.mjs'));
    expect(full.producer('data/tie.csv')).toBe(idOf('w3.mjs'));
    expect(full.producer('data/gen.csv')).toBe(idOf('gen.mjs'));
    p.close();
  });

  it('judges the scripts a change touches as a full index does, reading only their part of the graph', async () => {
    fx.write('lib/model.mjs', 'export const k = 2;\n');
    fx.write('data/flaky.csv', 'changed\n');
    const changed = ['lib/model.mjs', 'data/flaky.csv'];
    const p = await fx.open();
    const full = new StatusIndex(p);
    const lazy = new StatusIndex(p, {}, { lazy: true });
    const affected = affectedBy(lazy.graph, changed)!;
    expect(sorted(affected)).toEqual(sorted(affectedBy(full.graph, changed)));
    const view = (index: StatusIndex) =>
      index.states(affected.map((id) => index.script(id)!)).map((st) => ({
        script: st.script.path,
        status: st.status,
        freshness: st.freshness,
        reasons: st.reasons,
        upstream: st.upstream.map((u) => u.path),
        deps: st.deps,
      }));
    const judged = view(lazy);
    expect(judged).toEqual(view(full));
    expect(Object.fromEntries(judged.map((j) => [j.script, j.reasons]))).toEqual({
      'gen.mjs': ['lib/model.mjs changed'],
      'analysis.mjs': ['upstream gen.mjs is stale'],
      'report.mjs': ['lib/model.mjs changed', 'upstream analysis.mjs is stale'],
      'reader2.mjs': ['data/flaky.csv changed', 'upstream flaky.mjs failed'],
    });
    // Only what those four needed was read: not the runs of the scripts nothing links to them.
    const graph = new LazyGraph(p);
    const users = graph.users(changed)!;
    for (const id of users) graph.downstream(id);
    const read = [...graph.loadedRuns()].map((r) => full.script(r.scriptId)!.path).sort();
    expect(read).not.toContain('w1.mjs');
    expect(read).not.toContain('self.mjs');
    expect(read.length).toBeLessThanOrEqual(6);
    lazy.finish();
    full.finish();
    p.close();
  });

  it('reads the whole graph once many scripts used the changed files, and answers alike after', async () => {
    const p = await fx.open();
    const full = new FullGraph(p);
    const lazy = new LazyGraph(p, 2);
    expect(sorted(lazy.users(['lib/model.mjs']))).toEqual(sorted(full.users(['lib/model.mjs'])));
    expect(lazy.users(['lib/model.mjs'])!.size).toBe(2);
    expect([...lazy.loadedRuns()].length).toBe([...full.loadedRuns()].length);
    for (const id of ids(p)) {
      expect(lazy.run(id)).toEqual(full.run(id));
      expect(sorted(lazy.downstream(id))).toEqual(sorted(full.downstream(id)));
    }
    for (const path of paths(p)) expect(lazy.producer(path), path).toBe(full.producer(path));
    p.close();
  });

  it('says null, as the full index does, for a changed file no latest run used', async () => {
    const p = await fx.open();
    const lazy = new StatusIndex(p, {}, { lazy: true });
    expect(affectedBy(lazy.graph, ['data/other.csv'])).toBeNull();
    expect(affectedBy(new StatusIndex(p).graph, ['data/other.csv'])).toBeNull();
    expect(affectedBy(lazy.graph, ['lib/model.mjs', 'package.json'])).toBeNull();
    p.close();
  });
});
