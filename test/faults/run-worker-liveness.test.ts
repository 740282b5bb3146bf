import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, pidIn, tempProject, until, type TempProject } from '../run/helpers.js';

// When is a worker gone? Only when its process is: a stopped one (Ctrl-Z, kill -STOP, a laptop
// asleep) keeps its jobs and its scripts. A worker killed before it wrote its run row: run-orphans.test.ts.

const SLOW = 'echo $$ > slow.pid\nexec sleep 30\n';

const one = <T>(p: TempProject, sql: string): T => {
  const db = p.db();
  const r = db.prepare(sql).get() as T;
  db.close();
  return r;
};

describe('workers stopped, workers killed', () => {
  let p: TempProject;
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    p?.cleanup();
  });

  it('a stopped worker is not abandoned, however old its heartbeat: `simorg queue` leaves its script running', async () => {
    p = tempProject({}, { 'slow.sh': SLOW });
    await p.cli(['queue', 'add', 'slow.sh']);
    const w = p.spawn(['worker']);
    pids.push(w.pid!);
    const script = await until(() => pidIn(p.root, 'slow.pid'));
    pids.push(script);
    await until(
      () => one<{ n: number }>(p, "SELECT count(*) AS n FROM runs WHERE status = 'running'").n === 1,
    );
    w.kill('SIGSTOP');
    // As if it had been stopped for a minute: its last stamp is that old.
    const db = p.db();
    db.prepare('UPDATE jobs SET heartbeat_at = ?').run(Date.now() - 60_000);
    db.close();
    const ls = await p.cli(['queue', '--json']);
    expect(JSON.parse(ls.stdout)).toMatchObject([{ state: 'running', script: 'slow.sh' }]);
    expect(alive(script)).toBe(true);
    expect(one<{ status: string }>(p, 'SELECT status FROM runs').status).toBe('running');
    // Woken up, it carries on: its stop request is obeyed and its run recorded by itself.
    w.kill('SIGCONT');
    w.kill('SIGTERM');
    const [code] = await once(w, 'exit');
    expect(code).toBe(0);
    expect(one<{ status: string }>(p, 'SELECT status FROM runs').status).toBe('cancelled');
  }, 60_000);

  it('a worker killed right after its script started: the run is failed with no end time, never a negative duration', async () => {
    p = tempProject({}, { 'slow.sh': SLOW });
    await p.cli(['queue', 'add', 'slow.sh']);
    const w = p.spawn(['worker']);
    const script = await until(() => pidIn(p.root, 'slow.pid'));
    pids.push(script);
    await until(
      () => one<{ n: number }>(p, "SELECT count(*) AS n FROM runs WHERE status = 'running'").n === 1,
    );
    w.kill('SIGKILL');
    await once(w, 'exit');
    expect((await p.cli(['queue'])).stdout).toMatch(/abandoned\s+slow\.sh/);
    const show = JSON.parse((await p.cli(['show', 'slow.sh', '--json'])).stdout);
    expect(show.status).toBe('failed');
    expect(show.error.message).toMatch(/abandoned/);
    expect(show.endedAt).toBeNull();
    expect(show.durationMs).toBeNull();
    const list = await p.cli(['list']);
    expect(list.stdout).not.toMatch(/-\d+ms/);
  }, 60_000);
});
