import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, tempProject, type TempProject } from '../run/helpers.js';
import { linkSimorg } from './params-helpers.js';

// A local sweep end to end through the CLI: a 3x3 space of a script that draws a figure and records
// a metric; every job a run with its parameters, metrics and figures in its own folder; collate;
// resuming runs nothing, a changed value runs only the new jobs; failures and --fail-fast.
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

function count(p: TempProject, sql: string): number {
  const db = p.db();
  try {
    return (db.prepare(sql).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('simorg sweep (local)', () => {
  let p: TempProject;
  const space = ['--sweep', 'tau=0.01,0.02,0.03', '--sweep', 'n=range(10,30,3)'];
  beforeAll(() => {
    p = tempProject(
      { formats: ['png', 'svg'], runConfigs: { std: { timeout: 60 } } },
      { 'sims/model.mjs': MODEL, 'sims/flaky.mjs': FLAKY },
    );
    linkSimorg(p.root);
  });
  afterAll(() => p.cleanup());

  it('runs 3x3 jobs, each a run with its parameters, metric and figures in its own folder', async () => {
    const r = await p.cli(['sweep', 'sims/model.mjs', ...space, '--yes', '--json', '--max-concurrency', '2']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ ok: true, sweep: 'tau-n', count: 9, ran: 9 });
    const db = p.db();
    const runs = db
      .prepare(
        'SELECT r.params_json, r.metrics_json, r.status, w.name FROM runs r JOIN sweeps w ON w.id = r.sweep_id',
      )
      .all() as Array<{ params_json: string; metrics_json: string; status: string; name: string }>;
    db.close();
    expect(runs).toHaveLength(9);
    expect(new Set(runs.map((x) => x.params_json)).size).toBe(9);
    expect(runs.every((x) => x.status === 'succeeded' && x.name === 'tau-n')).toBe(true);
    expect(runs.map((x) => JSON.parse(x.metrics_json).score).sort((a, b) => a - b)).toEqual([
      0.1, 0.2, 0.2, 0.3, 0.3, 0.4, 0.6, 0.6, 0.9,
    ]);
    for (const tau of ['0.01', '0.02', '0.03']) {
      for (const n of ['10', '20', '30']) {
        expect(
          existsSync(
            join(p.root, `sims/_output/figures/model/tau-n/tau=${tau},n=${n}/png/fig000_figure_1.png`),
          ),
          `${tau} ${n}`,
        ).toBe(true);
      }
    }
    // Each run's record names the figures in its own parameters' folder (runs end in any order at 2 at a time).
    const show = JSON.parse((await p.cli(['show', out.runs[0].runId, '--json'])).stdout);
    const folder = `tau=${show.params.tau},n=${show.params.n}`;
    expect(
      show.figures[0].path.startsWith(`sims/_output/figures/model/tau-n/${folder}/`),
      show.figures[0].path,
    ).toBe(true);
    expect(show.figures[0].path).toMatch(/\/(png|svg)\/fig000_figure_1\.(png|svg)$/);
  });

  it('collates one row per job, and sweeps shows its progress', async () => {
    const csv = (await p.cli(['collate', 'tau-n', '--format', 'csv'])).stdout.trim().split('\r\n');
    expect(csv[0]).toBe('job,param.n,param.tau,metric.score,status,duration_s,run_id,started_at,error');
    expect(csv).toHaveLength(10);
    expect(csv[1]).toMatch(/^0,10,0\.01,0\.1,succeeded,[\d.]+,[0-9a-f]{12},\d{4}-/);
    await p.cli(['collate', 'tau-n', '--format', 'json', '--out', 'out/../sweep.json']);
    const json = JSON.parse(readFileSync(join(p.root, 'sweep.json'), 'utf8'));
    expect(json.jobs).toHaveLength(9);
    expect(json.jobs[8]).toMatchObject({
      job: 8,
      params: { tau: 0.03, n: 30 },
      metrics: { score: 0.9 },
      status: 'succeeded',
    });
    const sweeps = JSON.parse((await p.cli(['sweeps', '--json'])).stdout);
    expect(sweeps).toEqual([
      expect.objectContaining({
        name: 'tau-n',
        script: 'sims/model.mjs',
        jobs: 9,
        done: 9,
        failed: 0,
        neverRun: 0,
      }),
    ]);
  });

  it('the same sweep again runs nothing; one value changed runs only the new jobs', async () => {
    const again = await p.cli(['sweep', 'sims/model.mjs', ...space, '--yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/9 jobs: 0 to run, 9 fresh and succeeded \(skipped\)\nnothing to run/);
    expect(count(p, 'SELECT count(*) AS n FROM runs')).toBe(9);
    const changed = await p.cli([
      'sweep',
      'sims/model.mjs',
      '--sweep',
      'tau=0.01,0.02,0.05',
      '--sweep',
      'n=range(10,30,3)',
      '--yes',
      '--json',
    ]);
    expect(JSON.parse(changed.stdout)).toMatchObject({ ok: true, count: 9, ran: 3 });
    expect(count(p, 'SELECT count(*) AS n FROM runs')).toBe(12);
    const rows = JSON.parse((await p.cli(['collate', 'tau-n', '--format', 'json'])).stdout).jobs;
    expect(rows.map((r: { params: { tau: number } }) => r.params.tau)).toEqual([
      0.01, 0.01, 0.01, 0.02, 0.02, 0.02, 0.05, 0.05, 0.05,
    ]);
    // An edited script makes every job stale, with the reason.
    p.write('sims/model.mjs', MODEL + '// edited\n');
    const dry = await p.cli([
      'sweep',
      'sims/model.mjs',
      '--sweep',
      'tau=0.01,0.02,0.05',
      '--sweep',
      'n=range(10,30,3)',
      '--dry-run',
      '--json',
    ]);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({ count: 9, toRun: 9, varying: ['tau', 'n'] });
    expect(plan.jobs[0]).toMatchObject({
      action: 'run',
      why: 'script changed',
      folder: 'tau-n/tau=0.01,n=10',
    });
  });

  it('a failing job shows as failed with its error; --fail-fast stops the rest', async () => {
    const all = await p.cli(['sweep', 'sims/flaky.mjs', '--sweep', 'x=1,2,3,4', '--yes', '-j', '1']);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/failed\s+sims\/flaky\.mjs \[x=2\].*x=2 is broken/);
    expect(all.stdout).toMatch(/sweep x: 3 succeeded, 1 did not\n/);
    const rows = JSON.parse((await p.cli(['collate', 'x', '--format', 'json'])).stdout).jobs;
    expect(rows.map((r: { status: string }) => r.status)).toEqual([
      'succeeded',
      'failed',
      'succeeded',
      'succeeded',
    ]);
    expect(rows[1].error).toMatch(/x=2 is broken/);
    // Again: only the failed job runs. With --fail-fast on a new sweep, nothing starts after the failure.
    const retry = JSON.parse(
      (await p.cli(['sweep', 'sims/flaky.mjs', '--sweep', 'x=1,2,3,4', '--yes', '--json'])).stdout,
    );
    expect(retry).toMatchObject({ ok: false, ran: 1 });
    const fast = await p.cli([
      'sweep',
      'sims/flaky.mjs',
      '--name',
      'fast',
      '--sweep',
      'x=1,2,3,4',
      '--yes',
      '-j',
      '1',
      '--fail-fast',
    ]);
    expect(fast.code).toBe(1);
    expect(fast.stdout).toMatch(/sweep fast: 1 succeeded, 1 did not, 2 not started\n/);
    expect(fast.stdout).toMatch(/stopped at the first failure \(--fail-fast\)/);
    const statuses = JSON.parse((await p.cli(['collate', 'fast', '--format', 'json'])).stdout).jobs.map(
      (r: { status: string }) => r.status,
    );
    expect(statuses).toEqual(['succeeded', 'failed', 'never-run', 'never-run']);
  });

  it('asks before launching on a terminal; no answer launches nothing', () => {
    const r = spawnSync(
      'script',
      ['-qec', `'${process.execPath}' '${BIN}' sweep sims/model.mjs --sweep 'tau=0.7,0.8'`, '/dev/null'],
      {
        cwd: p.root,
        input: 'n\n',
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      },
    );
    expect(r.stdout).toMatch(/run 2 jobs\? \[y\/N\]/);
    expect(r.stdout).toMatch(/nothing run/);
    expect(r.status).toBe(1);
    expect(count(p, "SELECT count(*) AS n FROM sweeps WHERE name = 'tau'")).toBe(0);
  });

  const bad: Array<[string, string[], RegExp]> = [
    [
      'unknown sweep syntax',
      ['--sweep', 'tau'],
      /^simorg: unknown sweep syntax "tau": expected name=values\n/,
    ],
    [
      'a range with a zero step',
      ['--sweep', 'n=range(3,3,4)'],
      /^simorg: --sweep n: the range has a zero step/,
    ],
    ['an empty space', [], /^simorg: the sweep has an empty space: nothing to vary\n/],
    ['an empty value list', ['--sweep', 'tau='], /^simorg: --sweep tau: the space is empty/],
    [
      'a key clash',
      ['--sweep', 'tau=1,2', '--param', 'tau=3'],
      /^simorg: the sweep and its --param\/--params: the key 'tau' is on both sides of a product\n/,
    ],
    [
      'a missing params file',
      ['--sweep', 'tau=1', '--params', 'none.json'],
      /^simorg: params file none\.json does not exist\n/,
    ],
    ['an unknown config sweep', ['grid'], /^simorg: no sweep 'grid' in the config\n/],
  ];
  for (const [what, args, message] of bad) {
    it(`bad input, ${what}: one line, exit 2, nothing queued`, async () => {
      const before = count(p, 'SELECT count(*) AS n FROM jobs');
      const r = await p.cli(['sweep', 'sims/model.mjs', ...args, '--yes']);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
      expect(count(p, 'SELECT count(*) AS n FROM jobs')).toBe(before);
    });
  }
});
