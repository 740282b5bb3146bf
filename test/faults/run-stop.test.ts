import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { alive, collect, exists, pidIn, tempProject, until, type TempProject } from '../run/helpers.js';

// How runs end when they are stopped or leave things behind: SIGTERM, then SIGKILL after the run
// config's killGrace; the figures saved before the kill; the whole process tree, setsid or not;
// and `simorg run` itself losing its terminal (SIGHUP).

const show = async (p: TempProject, script: string) =>
  JSON.parse((await p.cli(['show', script, '--json'])).stdout);

describe('stopping runs', () => {
  let p: TempProject;
  const pids: number[] = [];
  afterEach(() => {
    for (const pid of pids.splice(0)) if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    p?.cleanup();
  });

  it('a script that ignores SIGTERM is SIGKILLed after killGrace, and recorded timed-out', async () => {
    p = tempProject(
      { runConfigs: { t: { timeout: 1, killGrace: 1 } } },
      { 'stubborn.sh': "trap '' TERM\necho $$ > s.pid\nsleep 30\n" },
    );
    const t0 = Date.now();
    const r = await p.cli(['run', 'stubborn.sh', '--config', 't']);
    pids.push(pidIn(p.root, 's.pid'));
    expect(r.code).toBe(1);
    // 1 s timeout + 1 s grace; without the SIGKILL it would last the full 30 s of its sleep.
    expect(Date.now() - t0).toBeLessThan(15_000);
    const run = await show(p, 'stubborn.sh');
    expect(run.status).toBe('timed-out');
    expect(run.signal).toBe('SIGKILL');
    expect(alive(pidIn(p.root, 's.pid'))).toBe(false);
  }, 30_000);

  it('a hooked script killed while saving: the figures already on disk are recorded', async () => {
    // Its own SIGTERM handler keeps it alive (as a long vector save would) until the SIGKILL.
    const script = [
      "import { mkdirSync, writeFileSync } from 'node:fs';",
      "process.on('SIGTERM', () => {});",
      "const dir = new URL('./_output/figures/slowsave/png/', import.meta.url);",
      'mkdirSync(dir, { recursive: true });',
      "writeFileSync(new URL('fig000_trace.png', dir), 'not really a png');",
      "writeFileSync(new URL('../../../../ready', dir), '');",
      'setInterval(() => {}, 1000);',
    ].join('\n');
    p = tempProject({ runConfigs: { t: { timeout: 2, killGrace: 0.5 } } }, { 'slowsave.mjs': script });
    const r = await p.cli(['run', 'slowsave.mjs', '--config', 't']);
    expect(r.code).toBe(1);
    expect(exists(p.root, 'ready')).toBe(true);
    const run = await show(p, 'slowsave.mjs');
    expect(run.status).toBe('timed-out');
    expect(run.figures).toEqual([
      { index: 0, name: 'trace', format: 'png', path: '_output/figures/slowsave/png/fig000_trace.png' },
    ]);
  }, 30_000);

  it('descendants that leave the process group (setsid) are ended with the run, on timeout and on a normal exit, and named', async () => {
    p = tempProject(
      { runConfigs: { t: { timeout: 1, killGrace: 1 } } },
      {
        // Each waits until its child is in a session of its own before going on.
        'leaves.sh':
          "setsid sh -c 'echo $$ > bg1.pid; exec sleep 30' &\nwhile [ ! -s bg1.pid ]; do sleep 0.02; done\necho done\n",
        'hangs.sh':
          "setsid sh -c 'echo $$ > bg2.pid; exec sleep 30' &\nwhile [ ! -s bg2.pid ]; do sleep 0.02; done\nsleep 30\n",
      },
    );
    const r = await p.cli(['run', 'leaves.sh', 'hangs.sh', '--config', 't', '--json']);
    const bg1 = pidIn(p.root, 'bg1.pid');
    const bg2 = pidIn(p.root, 'bg2.pid');
    pids.push(bg1, bg2);
    expect(bg1 && bg2).toBeTruthy();
    const runs = JSON.parse(r.stdout).runs as Array<{ script: string; status: string }>;
    expect(runs.map((x) => [x.script, x.status])).toEqual([
      ['hangs.sh', 'timed-out'],
      ['leaves.sh', 'succeeded'],
    ]);
    expect(alive(bg1)).toBe(false);
    expect(alive(bg2)).toBe(false);
    const leaves = await show(p, 'leaves.sh');
    expect(readFileSync(join(p.root, leaves.stderrPath), 'utf8')).toMatch(
      new RegExp(`killed 1 process the script left running when it ended: ${bg1} (sleep|sh)$`, 'm'),
    );
  }, 30_000);

  it('SIGHUP to `simorg run` (its terminal closed) lets the running script finish and records it, as a first Ctrl-C', async () => {
    p = tempProject(
      {},
      {
        'gated.sh': 'touch started\nwhile [ ! -f go ]; do sleep 0.05; done\necho finished\n',
        'next.sh': 'echo next\n',
      },
    );
    const run = p.spawn(['run', 'gated.sh', 'next.sh', '--jobs', '1']);
    const err = collect(run.stderr);
    await until(() => exists(p.root, 'started'));
    run.kill('SIGHUP');
    await until(() => err.text().includes('SIGHUP'));
    expect(run.exitCode).toBeNull(); // still there, watching its script
    writeFileSync(join(p.root, 'go'), '');
    const [code, signal] = await once(run, 'exit');
    expect(signal).toBeNull();
    expect(code).toBe(1); // next.sh was not started: the batch did not complete
    const gated = await show(p, 'gated.sh');
    expect(gated.status).toBe('succeeded');
    expect((await p.cli(['list', '--json'])).stdout).not.toMatch(/"running"/);
  }, 30_000);
});
