import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, until, type TempProject } from '../run/helpers.js';
import { expectClearError } from './store-helpers.js';

// Issue 9, item 10: `init --rebuild --yes` during a run deleted the run under its worker, which then
// died with "FOREIGN KEY constraint failed". It is now refused while a job runs, deleting nothing.
let p: TempProject | undefined;
afterEach(() => p?.cleanup());

// A script that runs until the test writes `go`.
const WAITER = `import { existsSync } from 'node:fs';
while (!existsSync(new URL('./go', import.meta.url))) await new Promise((r) => setTimeout(r, 50));
console.log('done');
`;

describe('init --rebuild while a run is in progress', () => {
  it('is refused with the running script and its worker; the run ends and is recorded', async () => {
    p = tempProject({}, { 'wait.mjs': WAITER });
    const run = p.spawn(['run', 'wait.mjs']);
    const ended = new Promise<number>((resolve) => run.on('exit', (code) => resolve(code ?? -1)));
    const db = p.db();
    const running = () =>
      db.prepare("SELECT worker_host, worker_pid FROM jobs WHERE state = 'running'").get() as
        { worker_host: string; worker_pid: number } | undefined;
    const worker = (await until(running))!;
    const r = await p.cli(['init', '--rebuild', '--yes']);
    expect(r.code).toBe(1);
    expectClearError(r.stderr);
    expect(r.stderr.split('\n')[0]).toBe(
      `simorg: wait.mjs is running (worker ${worker.worker_host}:${worker.worker_pid}); init --rebuild would delete its run mid-way, so nothing was deleted`,
    );
    expect(existsSync(join(p.root, '.simorg/runs'))).toBe(true);
    writeFileSync(join(p.root, 'go'), '');
    expect(await ended).toBe(0);
    expect(db.prepare('SELECT status FROM runs').pluck().all()).toEqual(['succeeded']);
    db.close();
    // Once nothing runs, the rebuild goes ahead.
    const again = await p.cli(['init', '--rebuild', '--yes']);
    expect([again.code, again.stderr]).toEqual([0, '']);
  }, 60_000);

  it('a job left "running" by a worker that is gone does not stop it', async () => {
    p = tempProject({}, { 'a.mjs': '' });
    const db = p.db();
    const gone = spawnSync(process.execPath, ['-e', '']).pid!; // a pid that has exited
    db.prepare(
      "INSERT INTO jobs (script_id, run_config, state, worker_host, worker_pid, heartbeat_at, created_at) VALUES (1, 'std', 'running', ?, ?, ?, ?)",
    ).run(hostname(), gone, Date.now(), Date.now());
    db.close();
    const r = await p.cli(['init', '--rebuild', '--yes']);
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(r.stdout).toContain('deleted 0 runs, 0 figure records and 1 job');
  });
});
