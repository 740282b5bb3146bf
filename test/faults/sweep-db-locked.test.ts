import { once } from 'node:events';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, holdLock, sleep, tempProject, until, type TempProject } from '../run/helpers.js';

// A local sweep whose jobs end while another process holds the database in a write transaction
// (BEGIN IMMEDIATE, for longer than one busy timeout): no job is lost, each is recorded once.

// Each job says it started, then waits for the test's `go` file, so the lock is taken while they run.
const GATED =
  'touch "started.$SIMORG_RUN_ID"\nwhile [ ! -f go ]; do sleep 0.05; done\necho "finished $SIMORG_RUN_ID"\n';

describe('a sweep under a locked database', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  const started = () => readdirSync(p.root).filter((f) => f.startsWith('started.')).length;

  it('records every job once, with its parameters, after waiting the lock out', async () => {
    p = tempProject({}, { 'gated.sh': GATED });
    const sweep = p.spawn(['sweep', 'gated.sh', '--sweep', 'x=1,2,3,4', '--max-concurrency', '2', '--yes']);
    const err = collect(sweep.stderr);
    const out = collect(sweep.stdout);
    await until(() => started() === 2, 30_000);
    const lock = await holdLock(p.dbFile);
    try {
      writeFileSync(join(p.root, 'go'), '');
      // The first two end under the lock, past one busy timeout: they wait, saying so.
      await until(() => /waiting to record/.test(err.text()), 30_000);
      await sleep(1500);
    } finally {
      await lock.release();
    }
    const [code] = await once(sweep, 'exit');
    expect(err.text()).not.toMatch(/SqliteError|internal error|\n\s+at /);
    expect(code, out.text() + err.text()).toBe(0);
    expect(out.text()).toMatch(/4 succeeded, 0 did not/);
    const db = p.db();
    try {
      const runs = db.prepare('SELECT params_json, status FROM runs ORDER BY params_json').all() as Array<{
        params_json: string;
        status: string;
      }>;
      expect(runs.map((r) => r.params_json)).toEqual(['{"x":1}', '{"x":2}', '{"x":3}', '{"x":4}']);
      expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
      const jobs = db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state').all();
      expect(jobs).toEqual([{ state: 'done', n: 4 }]);
    } finally {
      db.close();
    }
    // Each job ran once: four scripts started, no more.
    expect(started()).toBe(4);
  }, 120_000);
});
