import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CANCEL_MARK, type SlurmJobFile } from '../../src/backends/slurm-folder.js';
import { fromExit, fromGone } from '../../src/backends/slurm-outcome.js';

// How a Slurm run ended, from the files its job left (no Slurm needed): the lines slurmstepd writes
// are the ones Slurm 22.05 wrote in test/backends/slurm-run.test.ts.
describe('the outcome of a Slurm job from its run folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'simorg-slurm-outcome-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const job = {
    version: 1,
    start: { startedAt: 1000, stderrPath: null },
    scriptAbs: '/x.mjs',
    hooked: true,
    slurmJobId: 42,
    time: '1',
  } as unknown as SlurmJobFile;
  const started = { startedAt: 2000, host: 'vm', jobId: '42' };
  const term = { exitCode: null, signal: 'SIGTERM', stopped: 'TERM' as const, endedAt: 5000 };
  const nobody = () => null;

  it('a clean exit succeeds, from the time the job started', () => {
    expect(
      fromExit(dir, job, started, { exitCode: 0, signal: null, stopped: null, endedAt: 3000 }, nobody),
    ).toMatchObject({ status: 'succeeded', startedAt: 2000, endedAt: 3000 });
  });

  it("SIGTERM with Slurm's time-limit line is timed-out, naming the limit", () => {
    writeFileSync(
      join(dir, 'slurm.txt'),
      'slurmstepd-vm: error: *** JOB 42 ON vm CANCELLED AT 2026-12-02T08:52:35 DUE TO TIME LIMIT ***\n',
    );
    const v = fromExit(dir, job, started, term, nobody);
    expect(v.status).toBe('timed-out');
    expect(v.error?.message).toBe('timed out: the Slurm time limit (--time 1) was reached');
  });

  it("SIGTERM with Slurm's cancel line, or simorg's cancel mark, is cancelled", () => {
    writeFileSync(
      join(dir, 'slurm.txt'),
      'slurmstepd-vm: error: *** JOB 42 ON vm CANCELLED AT 2026-12-02T08:55:10 ***\n',
    );
    expect(fromExit(dir, job, started, term, nobody).status).toBe('cancelled');
    rmSync(join(dir, 'slurm.txt'));
    writeFileSync(join(dir, CANCEL_MARK), '1\n');
    expect(fromExit(dir, job, started, term, nobody).status).toBe('cancelled');
  });

  it("SIGTERM with neither asks scontrol's state, and is failed when nothing is known", () => {
    expect(fromExit(dir, job, started, term, () => ({ state: 'TIMEOUT', reason: 'TimeLimit' })).status).toBe(
      'timed-out',
    );
    expect(fromExit(dir, job, started, term, nobody).status).toBe('failed');
  });

  it("a job that left the queue without starting is failed with Slurm's state and reason", () => {
    const v = fromGone(dir, job, null, { state: 'FAILED', reason: 'BadConstraints' }, 9000);
    expect(v.status).toBe('failed');
    expect(v.error?.message).toBe(
      'the Slurm job 42 ended without starting the script (FAILED, reason BadConstraints)',
    );
    expect(fromGone(dir, job, null, null, 9000).error?.message).toMatch(/no longer known to Slurm/);
  });

  it('a job killed outright after it started (no exit.json) is failed, pointing at slurm.txt, never left running', () => {
    const v = fromGone(dir, job, started, null, 9000);
    expect(v).toMatchObject({ status: 'failed', signal: 'SIGKILL', startedAt: 2000, endedAt: 9000 });
    expect(v.error?.message).toMatch(/ended without writing its outcome .*slurm\.txt/);
    writeFileSync(
      join(dir, 'slurm.txt'),
      'slurmstepd-vm: error: Detected 1 oom-kill event(s) in StepId=42.batch\n',
    );
    expect(fromGone(dir, job, started, null, 9000).error?.message).toMatch(/out of memory/);
  });
});
