import { once } from 'node:events';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, tempProject, until, type TempProject } from '../run/helpers.js';

const count = (p: TempProject, sql: string, ...args: unknown[]) => {
  const db = p.db();
  const n = db
    .prepare(sql)
    .pluck()
    .get(...args) as number;
  db.close();
  return n;
};

describe('the queue shared by worker processes', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('4 worker processes run 200 jobs exactly once and the database stays consistent', async () => {
    // 50 scripts queued 4 times each: the workers share the queue. (One script never twice at a time: the test
    // after the next, where overlaps can happen; here a script's jobs are 50 ids apart and take milliseconds.)
    const scripts: Record<string, string> = {};
    for (let i = 0; i < 50; i++) scripts[`s/j${String(i).padStart(2, '0')}.sh`] = `echo j${i}\n`;
    p = tempProject({}, scripts);
    for (let round = 0; round < 4; round++) {
      const r = await p.cli(['queue', 'add', 's/*.sh', '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).queued).toHaveLength(50);
    }
    const workers = Array.from({ length: 4 }, () => p.spawn(['worker', '--once']));
    const codes = await Promise.all(workers.map(async (w) => (await once(w, 'exit'))[0]));
    expect(codes).toEqual([0, 0, 0, 0]);
    const db = p.db();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const jobs = db.prepare('SELECT id, state, run_id, worker_pid FROM jobs').all() as Array<{
      state: string;
      run_id: string;
      worker_pid: number;
    }>;
    expect(jobs).toHaveLength(200);
    expect(jobs.every((j) => j.state === 'done')).toBe(true);
    expect(new Set(jobs.map((j) => j.run_id)).size).toBe(200);
    expect(new Set(jobs.map((j) => j.worker_pid)).size).toBeGreaterThan(1);
    const runs = db
      .prepare('SELECT id, script_id, status, started_at, ended_at FROM runs ORDER BY script_id, started_at')
      .all() as Array<{
      id: string;
      script_id: number;
      status: string;
      started_at: number;
      ended_at: number;
    }>;
    expect(runs).toHaveLength(200);
    expect(runs.every((r) => r.status === 'succeeded')).toBe(true);
    expect(new Set(runs.map((r) => r.id))).toEqual(new Set(jobs.map((j) => j.run_id)));
    for (let i = 1; i < runs.length; i++) {
      if (runs[i]!.script_id === runs[i - 1]!.script_id)
        expect(runs[i]!.started_at).toBeGreaterThanOrEqual(runs[i - 1]!.ended_at);
    }
    db.close();
  }, 180_000);

  it('a SIGKILLed worker leaves its job abandoned and its script killed; `queue` shows it and `queue requeue` puts it back', async () => {
    p = tempProject({}, { 'slow.sh': 'echo $$ > slow.pid\nexec sleep 30\n', 'quick.sh': 'echo quick\n' });
    expect((await p.cli(['queue', 'add', 'slow.sh'])).code).toBe(0);
    const w = p.spawn(['worker']);
    await until(() => count(p, "SELECT count(*) FROM jobs WHERE state = 'running'") === 1);
    const scriptPid = await until(() => {
      try {
        return Number(readFileSync(join(p.root, 'slow.pid'), 'utf8'));
      } catch {
        return 0;
      }
    });
    // Its run row too, so this is the worker killed after recording the start (killed before it:
    // test/faults/run-orphans.test.ts).
    await until(() => count(p, "SELECT count(*) FROM runs WHERE status = 'running'") === 1);
    w.kill('SIGKILL');
    await once(w, 'exit');
    try {
      const ls = await p.cli(['queue', 'ls', '--json']);
      const jobs = JSON.parse(ls.stdout);
      expect(jobs).toMatchObject([{ state: 'abandoned', script: 'slow.sh' }]);
      expect((await p.cli(['queue'])).stdout).toMatch(/abandoned\s+slow\.sh/);
      const run = JSON.parse((await p.cli(['show', 'slow.sh', '--json'])).stdout);
      expect(run.status).toBe('failed');
      expect(run.error.message).toMatch(/abandoned/);
      // The script the dead worker left behind is killed, so a requeue cannot run it twice at once.
      expect(run.error.message).toMatch(/the script it left running \(\d+ process(es)?\) was killed/);
      await until(() => !alive(scriptPid), 5000);
      const rq = await p.cli(['queue', 'requeue', '--abandoned']);
      expect(rq.stdout).toMatch(/requeued 1 job/);
      expect(JSON.parse((await p.cli(['queue', '--json'])).stdout)).toMatchObject([
        { state: 'queued', runId: null },
      ]);
      expect((await p.cli(['queue', 'clear'])).stdout).toMatch(/removed 1/);
    } finally {
      if (alive(scriptPid)) process.kill(scriptPid, 'SIGKILL');
    }
  }, 60_000);

  it('never one script twice at a time: the same script queued back to back, slow enough to overlap, with several workers', async () => {
    // The script itself detects a second copy of itself: the lock folder is there while one runs.
    p = tempProject(
      {},
      {
        'once.sh':
          'mkdir lock 2>/dev/null || echo overlap >> overlaps\nsleep 0.3\nrmdir lock 2>/dev/null\necho ok\n',
      },
    );
    for (let i = 0; i < 6; i++) expect((await p.cli(['queue', 'add', 'once.sh'])).code).toBe(0);
    const workers = Array.from({ length: 3 }, () => p.spawn(['worker', '--once', '--jobs', '2']));
    const codes = await Promise.all(workers.map(async (w) => (await once(w, 'exit'))[0]));
    expect(codes).toEqual([0, 0, 0]);
    expect(existsSync(join(p.root, 'overlaps')), 'two copies of once.sh ran at the same time').toBe(false);
    const db = p.db();
    const runs = db
      .prepare('SELECT started_at, ended_at, status FROM runs ORDER BY started_at')
      .all() as Array<{ started_at: number; ended_at: number; status: string }>;
    db.close();
    expect(runs.map((r) => r.status)).toEqual(Array(6).fill('succeeded'));
    for (let i = 1; i < runs.length; i++)
      expect(runs[i]!.started_at).toBeGreaterThanOrEqual(runs[i - 1]!.ended_at);
  }, 60_000);

  it('cancel stops a running job (recorded cancelled) and removes a queued one of the same script', async () => {
    p = tempProject({}, { 'long.sh': 'echo start\nsleep 20\n', 'other.sh': 'echo other\n' });
    await p.cli(['queue', 'add', 'long.sh']);
    await p.cli(['queue', 'add', 'long.sh']); // same script again: waits for the first
    const w = p.spawn(['worker', '--jobs', '2']);
    await until(() => count(p, "SELECT count(*) FROM runs WHERE status = 'running'") === 1);
    const c = await p.cli(['queue', 'cancel', 'long.sh']);
    expect(c.stdout).toMatch(/cancelled 2 job/);
    await until(() => count(p, "SELECT count(*) FROM runs WHERE status = 'cancelled'") === 1, 10_000);
    expect(count(p, "SELECT count(*) FROM jobs WHERE state = 'cancelled'")).toBe(2);
    expect(count(p, 'SELECT count(*) FROM runs')).toBe(1); // the second never started
    const bad = await p.cli(['queue', 'cancel', '999']);
    expect(bad.code).toBe(2);
    // First SIGINT: the idle worker drains and exits cleanly.
    w.kill('SIGINT');
    const [code] = await once(w, 'exit');
    expect(code).toBe(0);
  }, 60_000);

  it('Ctrl-C once lets the current job finish (recorded succeeded, not stopped)', async () => {
    p = tempProject(
      {},
      { 'gated.sh': 'touch started\nwhile [ ! -f go ]; do sleep 0.05; done\necho finished\n' },
    );
    await p.cli(['queue', 'add', 'gated.sh']);
    const w = p.spawn(['worker']);
    let err = '';
    w.stderr!.on('data', (d) => (err += d));
    await until(() => existsSync(join(p.root, 'started')));
    w.kill('SIGINT');
    await until(() => err.includes('finishing the current job'));
    // The script ends only when told to: a worker that stopped it would record it cancelled.
    writeFileSync(join(p.root, 'go'), '');
    const [code] = await once(w, 'exit');
    expect(code).toBe(0);
    expect(count(p, "SELECT count(*) FROM runs WHERE status = 'succeeded'")).toBe(1);
    expect(count(p, "SELECT count(*) FROM jobs WHERE state = 'done'")).toBe(1);
  }, 60_000);

  it('Ctrl-C twice stops the current job and puts it back in the queue', async () => {
    p = tempProject({}, { 'long.sh': 'echo start\nsleep 20\n' });
    await p.cli(['queue', 'add', 'long.sh']);
    const w = p.spawn(['worker']);
    let err = '';
    w.stderr!.on('data', (d) => (err += d));
    await until(() => count(p, "SELECT count(*) FROM runs WHERE status = 'running'") === 1);
    w.kill('SIGINT');
    await until(() => err.includes('finishing the current job'));
    w.kill('SIGINT');
    const [code] = await once(w, 'exit');
    expect(code).toBe(0);
    expect(err).toMatch(/putting it back in the queue/);
    expect(count(p, "SELECT count(*) FROM jobs WHERE state = 'queued' AND run_id IS NULL")).toBe(1);
    expect(count(p, "SELECT count(*) FROM runs WHERE status = 'cancelled'")).toBe(1);
  }, 60_000);

  it('a `simorg worker` helps with the jobs of a `simorg run`, which still reports every run', async () => {
    const scripts: Record<string, string> = {};
    for (let i = 0; i < 16; i++) scripts[`h/h${String(i).padStart(2, '0')}.sh`] = 'sleep 0.15\necho h\n';
    p = tempProject({}, scripts);
    const w = p.spawn(['worker']);
    try {
      const r = await p.cli(['run', 'h/*.sh', '--jobs', '1', '--json']);
      expect(r.code, r.stderr).toBe(0);
      const res = JSON.parse(r.stdout);
      expect(res.runs).toHaveLength(16);
      expect(res.runs.every((x: { status: string }) => x.status === 'succeeded')).toBe(true);
      const db = p.db();
      const pids = db.prepare('SELECT DISTINCT worker_pid FROM jobs').pluck().all();
      db.close();
      expect(pids.length).toBe(2);
    } finally {
      w.kill('SIGINT');
      await once(w, 'exit');
    }
  }, 60_000);
});
