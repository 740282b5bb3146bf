import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TempProject } from '../run/helpers.js';
import {
  slowSbatch,
  slurmHere,
  slurmProject,
  slurmRequired,
  untilGone,
  untilRunning,
} from './slurm-helpers.js';

// `simorg run --backend slurm` against a real one-node Slurm (scripts/slurm-cluster.sh).
const here = slurmHere();
if (!here.ok) console.log(`skipping the Slurm tests: ${here.why}`);

describe('Slurm is here when it is required', () => {
  it.runIf(slurmRequired())('finds a usable Slurm cluster (SIMORG_REQUIRE_SLURM=1)', () => {
    expect(here).toEqual({ ok: true });
  });
});

const DRAW = `import { createCanvas } from 'canvas';
import { readFileSync, writeFileSync } from 'node:fs';
const n = Number(readFileSync('input.txt', 'utf8'));
const c = createCanvas(120, 90);
const g = c.getContext('2d');
g.fillStyle = 'steelblue';
g.fillRect(10, 10, n, 40);
writeFileSync('result.txt', 'width ' + n + '\\n');
console.log('drew', n);
`;

const SLOW = `const t = setInterval(() => {}, 1000); process.on('SIGTERM', () => { console.log('stopping'); clearInterval(t); process.exit(143); });
console.log('sleeping');
`;

describe.skipIf(!here.ok)('simorg run --backend slurm', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());

  const runIdOf = (stdout: string) => /\(run ([0-9a-f]{12})\)/.exec(stdout)?.[1];
  const slurmIdOf = (stdout: string) => Number(/as job (\d+)/.exec(stdout)?.[1]);
  const runRow = (id: string) => {
    const db = p!.db();
    try {
      return db
        .prepare('SELECT status, error_message, worker, started_at, ended_at FROM runs WHERE id = ?')
        .get(id) as {
        status: string;
        error_message: string | null;
        worker: string;
        started_at: number;
        ended_at: number | null;
      };
    } finally {
      db.close();
    }
  };

  it('records a script that draws and reads and writes files, with figures and manifest, fresh afterwards like a local run', async () => {
    p = slurmProject({}, { 'sims/draw.mjs': DRAW, 'sims/input.txt': '40' });
    p.track(['sims/draw.mjs']);
    const r = await p.cli([
      'run',
      'sims/draw.mjs',
      '--backend',
      'slurm',
      '--wait',
      '--config',
      'short',
      '--mem',
      '200M',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/submitted to Slurm as job \d+/);
    expect(r.stdout).toMatch(/draw\.mjs\s+succeeded/);
    const runId = runIdOf(r.stdout)!;
    const shown = JSON.parse((await p.cli(['show', runId, '--json'])).stdout);
    expect(shown.status).toBe('succeeded');
    expect(shown.worker).toMatch(/^slurm:\d+$/);
    const files = JSON.stringify(shown);
    expect(files).toContain('sims/input.txt');
    expect(files).toContain('sims/result.txt');
    expect(existsSync(join(p.root, 'sims/_output/figures/draw/png/fig000_figure_1.png'))).toBe(true);
    expect(readFileSync(join(p.root, `.simorg/runs/${runId}/stdout.txt`), 'utf8')).toMatch(/^drew 40\n/);
    // Fresh exactly as a local run would be; a changed input makes it stale, naming the file.
    const fresh = JSON.parse((await p.cli(['status', '--config', 'short', '--json'])).stdout);
    expect(JSON.stringify(fresh)).toContain('"fresh"');
    writeFileSync(join(p.root, 'sims/input.txt'), '60');
    const stale = await p.cli(['status', '--config', 'short']);
    expect(stale.stdout).toMatch(/stale/);
    expect(stale.stdout).toContain('input.txt');
  }, 120_000);

  it('records a job killed for its time limit as timed-out', async () => {
    p = slurmProject({}, { 'slow.mjs': SLOW });
    p.track(['slow.mjs']);
    const r = await p.cli(['run', 'slow.mjs', '--backend', 'slurm', '--wait', '--time', '1', '--json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.runs[0].status).toBe('timed-out');
    expect(out.runs[0].error).toMatch(/Slurm time limit \(--time 1\)/);
  }, 200_000);

  it('records a running job stopped with `simorg queue cancel` (scancel) as cancelled', async () => {
    p = slurmProject({}, { 'slow.mjs': SLOW });
    p.track(['slow.mjs']);
    const r = await p.cli(['run', 'slow.mjs', '--backend', 'slurm']);
    expect(r.code).toBe(0);
    const id = slurmIdOf(r.stdout);
    const runId = runIdOf(r.stdout)!;
    await untilRunning(id);
    const q = await p.cli(['queue']);
    expect(q.stdout).toMatch(/running/);
    expect(q.stdout).toContain(`slurm:${id}`);
    const jobs = JSON.parse((await p.cli(['queue', '--json'])).stdout);
    const c = await p.cli(['queue', 'cancel', String(jobs[0].id)]);
    expect(c.code).toBe(0);
    await untilGone(id);
    const s = await p.cli(['sync']);
    expect(s.stdout).toMatch(/recorded 1 run/);
    expect(runRow(runId).status).toBe('cancelled');
    expect((await p.cli(['queue'])).stdout).toMatch(/the queue is empty/);
  }, 120_000);

  it('loses nothing when the submitting process is killed: the next `simorg list` takes the run in', async () => {
    p = slurmProject({}, { 'sims/draw.mjs': DRAW, 'sims/input.txt': '25' });
    p.track(['sims/draw.mjs']);
    const child = p.spawn(['run', 'sims/draw.mjs', '--backend', 'slurm', '--wait']);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    while (!/as job \d+/.test(out)) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGKILL');
    await exited;
    const id = slurmIdOf(out);
    const runId = runIdOf(out)!;
    await untilGone(id);
    expect(runRow(runId).status).toBe('running'); // nobody has taken it in yet
    const list = await p.cli(['list']);
    expect(list.stdout).toMatch(new RegExp(`${runId}\\s+sims/draw\\.mjs\\s+succeeded`));
    const figures = JSON.parse((await p.cli(['show', runId, '--json'])).stdout).figures;
    expect(figures.length).toBeGreaterThan(0);
  }, 120_000);

  it('shows the script of a held job `queued` in status (table and --json), `running` once Slurm releases it', async () => {
    p = slurmProject({}, { 'slow.mjs': SLOW, 'other.mjs': 'console.log(1)\n' });
    p.track(['slow.mjs', 'other.mjs']);
    const r = await p.cli(['run', 'slow.mjs', '--backend', 'slurm', '--sbatch=--hold']);
    expect(r.code, r.stderr).toBe(0);
    const id = slurmIdOf(r.stdout);
    try {
      const table = await p.cli(['status']);
      expect(table.stdout).toMatch(/slow\.mjs\s+queued\s.*pending on Slurm \(JobHeldUser\)/);
      expect(table.stdout).toMatch(/other\.mjs\s+never-run/);
      const json = JSON.parse((await p.cli(['status', '--json'])).stdout) as Array<{
        script: string;
        status: string;
        reasons: string[];
      }>;
      const slow = json.find((e) => e.script === 'slow.mjs')!;
      expect(slow.status).toBe('queued');
      expect(slow.reasons[0]).toBe('pending on Slurm (JobHeldUser)');
      const why = await p.cli(['status', '--why', 'slow.mjs']);
      expect(why.stdout).toMatch(/^slow\.mjs\s+queued/);
      expect(why.stdout).toMatch(/because: pending on Slurm \(JobHeldUser\)/);
      // Stored verdicts say what the runs say: status again (from the snapshot) still asks Slurm.
      expect((await p.cli(['status'])).stdout).toMatch(/slow\.mjs\s+queued/);
      execFileSync('scontrol', ['release', String(id)]);
      await untilRunning(id);
      const running = await p.cli(['status']);
      expect(running.stdout).toMatch(/slow\.mjs\s+running/);
      expect(running.stdout).not.toMatch(/pending on Slurm/);
    } finally {
      execFileSync('scancel', [String(id)]);
    }
    await untilGone(id);
  }, 120_000);

  it('shows a held job as pending with its reason, and records it cancelled when scancel (from outside simorg) removes it', async () => {
    p = slurmProject({}, { 'slow.mjs': SLOW });
    p.track(['slow.mjs']);
    // Held: it stays pending until released, so scancel finds it before it starts.
    const r = await p.cli(['run', 'slow.mjs', '--backend', 'slurm', '--sbatch=--hold']);
    expect(r.code).toBe(0);
    const id = slurmIdOf(r.stdout);
    const runId = runIdOf(r.stdout)!;
    expect((await p.cli(['queue'])).stdout).toMatch(/pending \(JobHeldUser\)/);
    const sync = await p.cli(['sync']);
    expect(sync.stdout).toMatch(/recorded 0 runs; 1 still on Slurm \(1 pending, 0 running\)/);
    execFileSync('scancel', [String(id)]);
    await untilGone(id);
    await p.cli(['sync']);
    const row = runRow(runId);
    expect(row.status).toBe('cancelled');
  }, 120_000);

  it('finds the job of an sbatch that timed out after submitting it (by its comment) and records the run', async () => {
    p = slurmProject({}, { 'a.mjs': 'console.log("ran")\n' });
    p.track(['a.mjs']);
    const env = slowSbatch(p.root, true);
    const r = await p.cli(['run', 'a.mjs', '--backend', 'slurm', '--wait', '--json'], { env });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.runs[0].status).toBe('succeeded');
    const row = runRow(out.runs[0].id ?? out.runs[0].runId);
    expect(row.status).toBe('succeeded');
    expect(row.worker).toMatch(/^slurm:\d+$/);
  }, 120_000);

  it('records an sbatch that timed out and submitted nothing as not submitted, its fate unknown', async () => {
    p = slurmProject({}, { 'a.mjs': 'console.log("ran")\n' });
    p.track(['a.mjs']);
    const r = await p.cli(['run', 'a.mjs', '--backend', 'slurm', '--wait'], {
      env: slowSbatch(p.root, false),
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /a\.mjs not submitted: sbatch did not answer within 2 s and squeue lists no job with comment simorg:[0-9a-f]{12}: whether it was submitted is unknown/,
    );
    const list = JSON.parse((await p.cli(['list', '--json'])).stdout);
    expect(list[0].status).toBe('failed');
    expect((await p.cli(['queue'])).stdout).toMatch(/the queue is empty/);
  }, 60_000);

  it("records a job Slurm refuses (more memory than the node has) as failed with Slurm's reason, exit 1", async () => {
    p = slurmProject({}, { 'a.mjs': 'console.log(1)\n' });
    p.track(['a.mjs']);
    const r = await p.cli(['run', 'a.mjs', '--backend', 'slurm', '--mem', '99999999M', '--wait']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /a\.mjs not submitted: sbatch refused the job: .*(memory|configuration|available)/i,
    );
    const list = JSON.parse((await p.cli(['list', '--json'])).stdout);
    expect(list[0].status).toBe('failed');
    expect((await p.cli(['queue'])).stdout).toMatch(/the queue is empty/);
  }, 60_000);
});
