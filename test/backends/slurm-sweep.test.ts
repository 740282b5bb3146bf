import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { linkSimorg } from '../e2e/params-helpers.js';
import { tempProject, type TempProject } from '../run/helpers.js';
import { slowSbatch, slurmHere } from './slurm-helpers.js';

// `simorg sweep --backend slurm` against a real one-node Slurm: the sweep goes as ONE job array.
const here = slurmHere();
if (!here.ok) console.log(`skipping the Slurm sweep tests: ${here.why}`);

const MODEL = `import { params, record } from 'simorg';
import { createCanvas } from 'canvas';
const { tau, n } = params({ tau: 0.01, n: 10 });
const ctx = createCanvas(60, 40).getContext('2d');
ctx.fillRect(0, 0, n, tau * 1000);
record({ score: Math.round(tau * n * 1000) / 1000 });
`;

const FLAKY = `import { params } from 'simorg';
const { x } = params({ x: 0 });
if (x === 2) throw new Error('x=2 is broken');
`;

const OVERTIME = `import { params } from 'simorg';
const { x } = params({ x: 0 });
if (x === 2) setInterval(() => {}, 1000);
`;

const SLOW = `import { params } from 'simorg';
params({ x: 0 });
setInterval(() => {}, 1000);
`;

describe.skipIf(!here.ok)('simorg sweep --backend slurm (one job array)', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());

  const rows = <T>(sql: string): T[] => {
    const db = p!.db();
    try {
      return db.prepare(sql).all() as T[];
    } finally {
      db.close();
    }
  };
  // squeue lists an array's pending tasks as `<id>_[0-2]` and started ones as `<id>_<task>`.
  const untilArrayGone = async (id: number, ms = 60_000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const out = execFileSync('squeue', ['--noheader', '--format=%i'], { encoding: 'utf8' });
      if (!out.split('\n').some((l) => l.trim().startsWith(`${id}_`))) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`Slurm array ${id} still listed after ${ms} ms`);
  };
  const arrayOf = (worker: string) => /^slurm:(\d+)_(\d+)$/.exec(worker);

  it('runs a 3x3 sweep as one array: 9 runs with params, metrics and figures; resuming submits nothing', async () => {
    p = tempProject({ formats: ['png'], runConfigs: { std: { timeout: 120 } } }, { 'sims/model.mjs': MODEL });
    linkSimorg(p.root);
    const space = ['--sweep', 'tau=0.01,0.02,0.03', '--sweep', 'n=range(10,30,3)'];
    const r = await p.cli([
      'sweep',
      'sims/model.mjs',
      ...space,
      '--backend',
      'slurm',
      '--wait',
      '--yes',
      '--max-concurrency',
      '2',
      '--mem',
      '300M',
    ]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/9 jobs submitted to Slurm as job array \d+ \(tasks 0-8, at most 2 at once\)/);
    expect(r.stdout).toMatch(/9 succeeded, 0 did not/);
    const runs = rows<{ params_json: string; metrics_json: string; status: string; worker: string }>(
      'SELECT params_json, metrics_json, status, worker FROM runs WHERE sweep_id IS NOT NULL',
    );
    expect(runs).toHaveLength(9);
    expect(runs.every((x) => x.status === 'succeeded')).toBe(true);
    expect(new Set(runs.map((x) => x.params_json)).size).toBe(9);
    // One array: every run names the same array id and its own task.
    const ids = runs.map((x) => arrayOf(x.worker));
    expect(ids.every(Boolean), runs.map((x) => x.worker).join(' ')).toBe(true);
    expect(new Set(ids.map((m) => m![1])).size).toBe(1);
    expect(ids.map((m) => Number(m![2])).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(runs.map((x) => JSON.parse(x.metrics_json).score).sort((a, b) => a - b)).toEqual([
      0.1, 0.2, 0.2, 0.3, 0.3, 0.4, 0.6, 0.6, 0.9,
    ]);
    for (const tau of ['0.01', '0.02', '0.03'])
      for (const n of ['10', '20', '30'])
        expect(
          existsSync(
            join(p.root, `sims/_output/figures/model/tau-n/tau=${tau},n=${n}/png/fig000_figure_1.png`),
          ),
          `${tau} ${n}`,
        ).toBe(true);
    // The table was written once, beside the runs: a header and one line per task.
    const table = readFileSync(
      join(
        p.root,
        '.simorg/runs/arrays',
        rows<{ batch: string }>('SELECT batch FROM jobs LIMIT 1')[0]!.batch,
        'tasks.tsv',
      ),
      'utf8',
    );
    expect(table.trim().split('\n')).toHaveLength(10);
    const collated = await p.cli(['collate', 'tau-n', '--format', 'json']);
    const jobs = JSON.parse(collated.stdout).jobs as Array<{ status: string }>;
    expect(jobs).toHaveLength(9);
    expect(jobs.every((j) => j.status === 'succeeded')).toBe(true);
    // Again: every job fresh, nothing sent to Slurm.
    const again = await p.cli(['sweep', 'sims/model.mjs', ...space, '--backend', 'slurm', '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/nothing to run/);
    expect(rows('SELECT id FROM runs')).toHaveLength(9);
  }, 240_000);

  it('records the failing job of an array as failed with its error, the others succeeded', async () => {
    p = tempProject({ runConfigs: { std: { timeout: 120 } } }, { 'sims/flaky.mjs': FLAKY });
    linkSimorg(p.root);
    const r = await p.cli([
      'sweep',
      'sims/flaky.mjs',
      '--sweep',
      'x=1,2,3',
      '--backend',
      'slurm',
      '--wait',
      '--yes',
      '--json',
      '--mem',
      '300M',
    ]);
    expect(r.code, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: false, backend: 'slurm', ran: 3 });
    const failed = rows<{ params_json: string; status: string; error_message: string }>(
      "SELECT params_json, status, error_message FROM runs WHERE status <> 'succeeded'",
    );
    expect(failed).toHaveLength(1);
    expect(JSON.parse(failed[0]!.params_json)).toEqual({ x: 2 });
    expect(failed[0]!.status).toBe('failed');
    expect(failed[0]!.error_message).toMatch(/x=2 is broken/);
    // Resuming runs only the failed job, as one more (one-task) array.
    const again = await p.cli([
      'sweep',
      'sims/flaky.mjs',
      '--sweep',
      'x=1,2,3',
      '--backend',
      'slurm',
      '--yes',
      '--dry-run',
    ]);
    expect(again.stdout).toMatch(/1 to run/);
  }, 240_000);

  it('records the task of an array that runs over its --time as timed-out, the other succeeded', async () => {
    // Slurm's least limit is one minute; slurmctld kills within its next check (KillWait 5 s here).
    p = tempProject({}, { 'sims/over.mjs': OVERTIME });
    linkSimorg(p.root);
    const r = await p.cli([
      'sweep',
      'sims/over.mjs',
      '--sweep',
      'x=1,2',
      '--backend',
      'slurm',
      '--time',
      '1',
      '--wait',
      '--yes',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, backend: 'slurm', ran: 2 });
    const runs = rows<{ params_json: string; status: string; error_message: string | null; worker: string }>(
      'SELECT params_json, status, error_message, worker FROM runs ORDER BY params_json',
    );
    expect(runs.map((x) => [JSON.parse(x.params_json).x, x.status])).toEqual([
      [1, 'succeeded'],
      [2, 'timed-out'],
    ]);
    expect(arrayOf(runs[1]!.worker)?.[2]).toBe('1');
    expect(runs[1]!.error_message).toMatch(/Slurm time limit \(--time 1\)/);
    expect((await p.cli(['queue'])).stdout).toMatch(/the queue is empty/);
  }, 240_000);

  it('finds the array of an sbatch that timed out after submitting it (by its comment): every task runs and is recorded', async () => {
    p = tempProject({}, { 'sims/flaky.mjs': FLAKY });
    linkSimorg(p.root);
    const r = await p.cli(
      ['sweep', 'sims/flaky.mjs', '--sweep', 'x=1,3', '--backend', 'slurm', '--wait', '--yes', '--json'],
      { env: slowSbatch(p.root, true) },
    );
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const runs = rows<{ status: string; worker: string }>('SELECT status, worker FROM runs ORDER BY worker');
    expect(runs.map((x) => x.status)).toEqual(['succeeded', 'succeeded']);
    expect(runs.map((x) => arrayOf(x.worker)?.[2])).toEqual(['0', '1']);
  }, 120_000);

  it('shows held tasks as pending, cancels one task, then the rest of the sweep; never-started ones end cancelled', async () => {
    p = tempProject({ runConfigs: { std: { timeout: 120 } } }, { 'sims/slow.mjs': SLOW });
    linkSimorg(p.root);
    const r = await p.cli([
      'sweep',
      'sims/slow.mjs',
      '--sweep',
      'x=1,2,3',
      '--backend',
      'slurm',
      '--yes',
      '--json',
      '--sbatch=--hold',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const sent = JSON.parse(r.stdout) as {
      arrayId: number;
      runs: Array<{ runId: string; jobId: number; slurmJobId: string }>;
    };
    expect(sent.runs.map((x) => x.slurmJobId)).toEqual([0, 1, 2].map((i) => `${sent.arrayId}_${i}`));
    const q = await p.cli(['queue']);
    expect(q.stdout.match(/pending \(JobHeldUser\)/g), q.stdout).toHaveLength(3);
    // Each row names its task's parameters; status says they wait on Slurm, not that they run.
    expect(q.stdout).toMatch(/x=1/);
    const status = await p.cli(['status']);
    expect(status.stdout).toMatch(/on Slurm: 3 pending \(JobHeldUser\)/);
    expect(status.stdout).toMatch(/sims\/slow\.mjs\s+queued\s.*3 runs pending on Slurm \(JobHeldUser\)/);
    expect(status.stdout).not.toMatch(/\brunning\b/);
    const c1 = await p.cli(['queue', 'cancel', String(sent.runs[1]!.jobId)]);
    expect(c1.code, c1.stderr).toBe(0);
    const c2 = await p.cli(['queue', 'cancel', '--sweep', 'x']);
    expect(c2.code, c2.stderr).toBe(0);
    expect(c2.stdout).toMatch(/cancelled 2 job/);
    await untilArrayGone(sent.arrayId);
    await p.cli(['sync']);
    const st = rows<{ status: string }>('SELECT status FROM runs');
    expect(st.map((x) => x.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    expect((await p.cli(['queue'])).stdout).toMatch(/the queue is empty/);
  }, 120_000);
});
