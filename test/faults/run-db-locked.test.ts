import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect, exists, holdLock, sleep, tempProject, until, type TempProject } from '../run/helpers.js';

// A database another process holds in a long write transaction when a run ends: the run is
// recorded with its real outcome all the same, after waiting, or by the next command.

// Starts, then waits for the test to let it finish (the `go` file), so the lock can be taken first.
const GATED = 'touch started\nwhile [ ! -f go ]; do sleep 0.05; done\necho finished\n';

const runRow = (p: TempProject) => {
  const db = p.db();
  const r = db.prepare('SELECT status, duration_ms, error_message FROM runs').get() as
    { status: string; duration_ms: number | null; error_message: string | null } | undefined;
  db.close();
  return r;
};

describe('a run ending while the database is locked', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('`simorg run` waits the lock out, says so in one line, and records the run as it ran', async () => {
    p = tempProject({}, { 'gated.sh': GATED });
    const run = p.spawn(['run', 'gated.sh']);
    const err = collect(run.stderr);
    const out = collect(run.stdout);
    await until(() => exists(p.root, 'started') && runRow(p)?.status === 'running');
    const lock = await holdLock(p.dbFile);
    try {
      writeFileSync(join(p.root, 'go'), '');
      // Past the 10 s busy timeout of one attempt: the old code threw `database is locked` here.
      await until(() => err.text().includes('waiting to record the end of run'), 30_000);
      await sleep(1500);
    } finally {
      await lock.release();
    }
    const [code] = await once(run, 'exit');
    expect(err.text()).not.toMatch(/SqliteError|internal error|\n\s+at /);
    expect(err.text()).toMatch(
      /^simorg: the database is locked by another process; waiting to record the end of run [0-9a-f]{12} \(gated\.sh\)/m,
    );
    expect(code, err.text()).toBe(0);
    expect(out.text()).toMatch(/^gated\.sh succeeded in /);
    const r = runRow(p)!;
    expect(r.status).toBe('succeeded');
    expect(r.duration_ms).toBeGreaterThan(0);
  }, 90_000);

  it('a worker killed while it waits leaves the outcome in the run folder, and the next command records it', async () => {
    p = tempProject({}, { 'gated.sh': GATED });
    expect((await p.cli(['queue', 'add', 'gated.sh'])).code).toBe(0);
    const w = p.spawn(['worker', '--once']);
    const err = collect(w.stderr);
    await until(() => exists(p.root, 'started') && runRow(p)?.status === 'running');
    const lock = await holdLock(p.dbFile);
    try {
      writeFileSync(join(p.root, 'go'), '');
      await until(() => err.text().includes('waiting to record the end of run'), 30_000);
      w.kill('SIGKILL');
      await once(w, 'exit');
    } finally {
      await lock.release();
    }
    // The job is done, not abandoned: nothing is left in the queue.
    expect(JSON.parse((await p.cli(['queue', '--json'])).stdout)).toEqual([]);
    const r = runRow(p)!;
    expect(r).toMatchObject({ status: 'succeeded', error_message: null });
    expect(r.duration_ms).toBeGreaterThan(0);
    const db = p.db();
    const job = db.prepare('SELECT state, run_id FROM jobs').get() as { state: string; run_id: string };
    db.close();
    expect(job.state).toBe('done');
    expect(readFileSync(join(p.root, '.simorg', 'runs', job.run_id, 'stdout.txt'), 'utf8')).toBe(
      'finished\n',
    );
  }, 90_000);

  it('`simorg run` started while another process holds the database waits to queue its batch, then runs it', async () => {
    p = tempProject({}, { 'a.sh': 'echo a\n', 'b.sh': 'echo b\n' });
    const lock = await holdLock(p.dbFile);
    const run = p.spawn(['run', 'a.sh', 'b.sh']);
    const err = collect(run.stderr);
    const out = collect(run.stdout);
    try {
      // Past one attempt's 10 s busy timeout: the old code threw `database is locked` from enqueue.
      await until(() => err.text().includes('waiting to record the jobs of batch'), 30_000);
    } finally {
      await lock.release();
    }
    const [code] = await once(run, 'exit');
    expect(err.text()).not.toMatch(/SqliteError|internal error|\n\s+at /);
    expect(code, err.text()).toBe(0);
    expect(out.text()).toMatch(/2 succeeded/);
  }, 90_000);

  it('a queue command that cannot get the lock says so in one line, exit 1, and changes nothing', async () => {
    p = tempProject({}, { 'a.sh': 'echo a\n' });
    await p.cli(['queue', 'add', 'a.sh']);
    const lock = await holdLock(p.dbFile);
    let r: { code: number; stderr: string };
    try {
      r = await p.cli(['queue', 'cancel', '1']);
    } finally {
      await lock.release();
    }
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /^simorg: the database .* is locked by another process; nothing was changed\n  try again/,
    );
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    const db = p.db();
    expect(db.prepare('SELECT state FROM jobs').pluck().get()).toBe('queued');
    db.close();
  }, 60_000);
});
