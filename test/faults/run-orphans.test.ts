import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, tempProject, until, type TempProject } from '../run/helpers.js';

// Issue 12's window: the worker spawns the script, then waits for `git status` before it writes the
// run row. A worker killed in that window must leave neither a script that a requeue runs a second
// time beside itself, nor a run that is missing from the record. SIMORG_TEST_START_DELAY_MS (read by
// the worker for tests only) holds it in that window as long as the test needs.

// Each start of the script appends its pid; it runs until the file `go` exists.
const GATED = 'echo $$ >> starts\nwhile [ ! -f go ]; do sleep 0.05; done\necho done\n';

const starts = (p: TempProject): number[] => {
  try {
    return readFileSync(join(p.root, 'starts'), 'utf8').split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
};

describe('a worker killed between spawning its script and recording its run', () => {
  let p: TempProject;
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) if (alive(pid)) process.kill(pid, 'SIGKILL');
    p?.cleanup();
  });

  it('the orphan is killed, the run recorded as failed with the reason, and the requeued job runs it once more', async () => {
    p = tempProject({}, { 'gated.sh': GATED });
    await p.cli(['queue', 'add', 'gated.sh']);
    const w = p.spawn(['worker'], { env: { SIMORG_TEST_START_DELAY_MS: '60000' } });
    pids.push(w.pid!);
    const [first] = (await until(() => (starts(p).length === 1 ? starts(p) : null)))!;
    pids.push(first!);
    const db = p.db();
    const runId = db.prepare("SELECT run_id FROM jobs WHERE state = 'running'").pluck().get() as string;
    expect(db.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(0); // inside the window
    db.close();
    w.kill('SIGKILL');
    await once(w, 'exit');

    // Any command that looks at the queue judges the job abandoned: the script is killed and the run
    // it was is recorded, not missing.
    expect((await p.cli(['queue'])).stdout).toMatch(/abandoned\s+gated\.sh/);
    await until(() => !alive(first!), 5000);
    const shown = JSON.parse((await p.cli(['show', 'gated.sh', '--json'])).stdout);
    expect(shown).toMatchObject({ runId, status: 'failed', endedAt: null, durationMs: null });
    expect(shown.error.message).toMatch(/^abandoned: worker .*:\d+ stopped while running it/);
    // The shell, and the `sleep` it may be in at that moment.
    expect(shown.error.message).toMatch(/the script it left running \(\d+ process(es)?\) was killed/);
    expect(shown.error.message).toMatch(/before recording the start of the script/);
    expect(shown.stdoutPath).toBe(`.simorg/runs/${runId}/stdout.txt`);

    // Requeued, it runs once more, and only after the first copy is gone.
    expect((await p.cli(['queue', 'requeue', '--abandoned'])).stdout).toMatch(/requeued 1 job/);
    const again = p.spawn(['worker', '--once']);
    pids.push(again.pid!);
    const [, second] = (await until(() => (starts(p).length === 2 ? starts(p) : null)))!;
    pids.push(second!);
    p.write('go', '');
    const [code] = await once(again, 'exit');
    expect(code).toBe(0);
    expect(starts(p)).toHaveLength(2);
    const db2 = p.db();
    const runs = db2.prepare('SELECT id, status FROM runs ORDER BY started_at').all();
    db2.close();
    expect(runs).toEqual([
      { id: runId, status: 'failed' },
      { id: expect.not.stringMatching(runId), status: 'succeeded' },
    ]);
  }, 90_000);
});
