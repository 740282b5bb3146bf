import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { claimJob, enqueue, sweepAbandoned } from '../../src/run/queue.js';
import type { Db } from '../../src/store/db.js';
import { tempProject, type TempProject } from './helpers.js';

// The run of a job whose worker died before writing it down is recorded from the job (abandoned-run.ts).
// A real dead pid: a process that ran and was reaped.
const deadPid = (): number => spawnSync(process.execPath, ['-e', '0']).pid!;

interface RunRow {
  status: string;
  error_message: string;
  started_at: number;
  ended_at: number | null;
  duration_ms: number | null;
  stdout_path: string | null;
  script_path: string;
  run_config: string;
  tags_json: string;
  reason: string | null;
}

describe('the run of a job abandoned before its run row was written', () => {
  let p: TempProject;
  let db: Db;
  afterEach(() => {
    db?.close();
    p?.cleanup();
  });

  const claimed = (withOutput: boolean) => {
    p = tempProject({}, { 'a.sh': 'echo a\n' });
    db = p.db();
    const scriptId = db.prepare('SELECT id FROM scripts').pluck().get() as number;
    enqueue(db, [{ scriptId, runConfig: 'std', reason: 'why', tags: ['t1'] }]);
    const job = claimJob(db, { host: hostname(), pid: deadPid() })!;
    if (withOutput) {
      mkdirSync(join(p.root, '.simorg/runs', job.runId), { recursive: true });
      writeFileSync(join(p.root, '.simorg/runs', job.runId, 'stdout.txt'), 'a\n');
    }
    db.transaction(() => sweepAbandoned(db, Date.now(), p.root)).immediate();
    const claimedAt = db.prepare('SELECT claimed_at FROM jobs').pluck().get() as number;
    const state = db.prepare('SELECT state FROM jobs').pluck().get();
    const run = db.prepare('SELECT * FROM runs WHERE id = ?').get(job.runId) as RunRow;
    return { job, run, claimedAt, state };
  };

  it('with its output opened (the script was spawned): failed, with the reason and its output files', () => {
    const { job, run, claimedAt, state } = claimed(true);
    expect(state).toBe('abandoned');
    expect(run).toMatchObject({
      status: 'failed',
      started_at: claimedAt,
      ended_at: null,
      duration_ms: null,
      stdout_path: `.simorg/runs/${job.runId}/stdout.txt`,
      script_path: 'a.sh',
      run_config: 'std',
      tags_json: '["t1"]',
      reason: 'why',
    });
    expect(run.error_message).toMatch(
      /^abandoned: worker .+:\d+ stopped while running it; it stopped before recording the start of the script$/,
    );
  });

  it('with no output (it died before the spawn): failed, saying the script may not have started', () => {
    const { run } = claimed(false);
    expect(run).toMatchObject({ status: 'failed', stdout_path: null, ended_at: null });
    expect(run.error_message).toMatch(
      /stopped before recording the run, perhaps before starting the script$/,
    );
  });
});
