import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alive, sleep, tempProject, type TempProject } from '../run/helpers.js';

describe('simorg run', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject(
      {
        runConfigs: {
          quick: { timeout: 1, env: { SIM_MODE: 'quick', DROP_ME: null }, argv: ['--from-config'] },
          std: { timeout: 60 },
        },
        defaultRunConfig: 'std',
        interpreters: { '.xyz': ['no-such-interpreter-simorg'] },
      },
      {
        'sims/ok.mjs':
          "console.log('ok', process.argv.slice(2).join(' ')); console.error('to stderr'); console.log(process.cwd());\n",
        'sims/env.mjs':
          'console.log(`SIM_MODE=${process.env.SIM_MODE} DROP_ME=${process.env.DROP_ME} SAVEALL=${process.env.SIMORG_SAVEALL}`);\n',
        'sims/fail.mjs': "console.log('before'); throw new Error('boom in fail');\n",
        'sims/typed.ts': 'const n: number = 41; console.log(`typed ${n + 1}`);\n',
        'sims/shell.sh': 'echo "shell $1 $2"\n',
        // Starts a child that would outlive it, then hangs: the timeout must take both down.
        'sims/hang.mjs': `import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
const c = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
writeFileSync('child.pid', String(c.pid));
console.log('started child', c.pid);
setInterval(() => {}, 1000);
`,
        'sims/odd.xyz': 'whatever\n',
      },
    );
  });
  afterAll(() => p.cleanup());

  it('runs a script, records success, streams output to files and passes config argv then passthrough args', async () => {
    const r = await p.cli([
      'run',
      'sims/ok.mjs',
      '--config',
      'quick',
      '--reason',
      'first',
      '--tag',
      'a',
      '--tag',
      'b',
      '--',
      'x',
      'y',
    ]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // One script, one line (what a make recipe or a shell loop wants), with the run id.
    expect(r.stdout).toMatch(
      /^sims\/ok\.mjs succeeded in (\d+ms|\d+(\.\d)?s) \(run [0-9a-f]{12}, 0 figures\)\n$/,
    );
    const db = p.db();
    const run = db.prepare("SELECT * FROM runs WHERE script_path = 'sims/ok.mjs'").get() as Record<
      string,
      unknown
    >;
    db.close();
    expect(run.status).toBe('succeeded');
    expect(run.exit_code).toBe(0);
    expect(run.reason).toBe('first');
    expect(JSON.parse(run.tags_json as string)).toEqual(['a', 'b']);
    expect(JSON.parse(run.config_json as string)).toMatchObject({ name: 'quick', timeout: 1 });
    const out = readFileSync(join(p.root, run.stdout_path as string), 'utf8');
    expect(out).toContain('ok --from-config x y');
    expect(out).toContain(join(p.root, 'sims')); // cwd is the script's folder
    expect(readFileSync(join(p.root, run.stderr_path as string), 'utf8')).toBe('to stderr\n');
  });

  it('applies the run config env: sets, unsets (null), and the SIMORG_* flags', async () => {
    const r = await p.cli(['run', 'sims/env.mjs', '-c', 'quick'], {
      env: { DROP_ME: 'inherited', SIM_MODE: 'outer' },
    });
    expect(r.code).toBe(0);
    const log = await p.cli(['log', 'sims/env.mjs']);
    expect(log.stdout).toBe('SIM_MODE=quick DROP_ME=undefined SAVEALL=1\n');
  });

  it('records a failing script as failed with its error and exits 1', async () => {
    const r = await p.cli(['run', 'sims/fail.mjs', '--json']);
    expect(r.code).toBe(1);
    const res = JSON.parse(r.stdout);
    expect(res.ok).toBe(false);
    expect(res.runs[0]).toMatchObject({ script: 'sims/fail.mjs', status: 'failed' });
    const show = JSON.parse((await p.cli(['show', res.runs[0].runId, '--json'])).stdout);
    expect(show.exitCode).toBe(1);
    expect(show.error.message).toContain('boom in fail');
    expect(show.error.stack).toMatch(/fail\.mjs/);
    expect((await p.cli(['log', res.runs[0].runId.slice(0, 6)])).stdout).toBe('before\n');
  });

  it('runs TypeScript through tsx and .sh through bash', async () => {
    const r = await p.cli(['run', 'sims/typed.ts', 'sims/shell.sh', '--jobs', '2', '--', 'p1', 'p2']);
    expect(r.code).toBe(0);
    expect((await p.cli(['log', 'sims/typed.ts'])).stdout).toBe('typed 42\n');
    expect((await p.cli(['log', 'sims/shell.sh'])).stdout).toBe('shell p1 p2\n');
  });

  it('kills the whole process tree on timeout and keeps what it printed', async () => {
    const t0 = Date.now();
    const r = await p.cli(['run', 'sims/hang.mjs', '-c', 'quick']);
    expect(r.code).toBe(1);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(r.stdout).toMatch(/^sims\/hang\.mjs timed-out in /);
    const show = JSON.parse((await p.cli(['show', 'sims/hang.mjs', '--json'])).stdout);
    expect(show.status).toBe('timed-out');
    expect(show.error.message).toMatch(/timed out after 1 s/);
    expect((await p.cli(['log', 'sims/hang.mjs'])).stdout).toMatch(/^started child \d+/);
    const childPid = Number(readFileSync(join(p.root, 'sims', 'child.pid'), 'utf8'));
    await sleep(200);
    expect(alive(childPid)).toBe(false);
  });

  it('rejects bad input with one clear message, exit 2, and queues nothing', async () => {
    const jobs = () => {
      const db = p.db();
      const n = db.prepare('SELECT count(*) FROM jobs').pluck().get();
      db.close();
      return n;
    };
    const before = jobs();
    const none = await p.cli(['run']);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no scripts selected/);
    const glob = await p.cli(['run', 'sims/nothing-*.mjs']);
    expect(glob.code).toBe(2);
    expect(glob.stderr).toMatch(/'sims\/nothing-\*\.mjs' matches no tracked script/);
    const cfg = await p.cli(['run', 'sims/ok.mjs', '--config', 'huge']);
    expect(cfg.code).toBe(2);
    expect(cfg.stderr).toMatch(/unknown run config 'huge'/);
    expect(cfg.stderr).toMatch(/known run configs: .*quick/);
    expect(cfg.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    const jobsOpt = await p.cli(['run', 'sims/ok.mjs', '--jobs', 'zero']);
    expect(jobsOpt.code).toBe(2);
    // A missing interpreter is a failure (1), found before anything is queued: the good script does not run either.
    const interp = await p.cli(['run', 'sims/ok.mjs', 'sims/odd.xyz']);
    expect(interp.code).toBe(1);
    expect(interp.stderr).toMatch(/the interpreter 'no-such-interpreter-simorg' was not found/);
    expect(interp.stderr).toMatch(/interpreters\["\.xyz"\]/);
    expect(jobs()).toBe(before);
  });

  it('--if-stale runs a never-run script, then says it is fresh and runs nothing', async () => {
    p.write('sims/once.mjs', 'console.log("once")\n');
    p.track(['sims/once.mjs']);
    const r = await p.cli(['run', '--if-stale', 'sims/once.mjs']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^sims\/once\.mjs succeeded in /);
    const again = await p.cli(['run', '--if-stale', 'sims/once.mjs']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('sims/once.mjs is fresh under run config std, not run\n');
  });

  it('--if-stale re-runs a script simorg cannot see into (a shell script is never called fresh)', async () => {
    p.write('sims/blind.sh', 'echo blind\n');
    p.track(['sims/blind.sh']);
    expect((await p.cli(['run', '--if-stale', 'sims/blind.sh'])).code).toBe(0);
    const again = await p.cli(['run', '--if-stale', 'sims/blind.sh']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^sims\/blind\.sh succeeded in /);
  });

  it('--group selects the scripts of a group', async () => {
    p.write('grp/g1.sh', 'echo g1\n');
    p.write('grp/g2.sh', 'echo g2\n');
    p.track(['grp/g1.sh', 'grp/g2.sh'], 'g');
    const r = await p.cli(['run', '--group', 'g', '--json']);
    expect(r.code).toBe(0);
    const runs = JSON.parse(r.stdout).runs as { script: string; runId: string }[];
    expect(runs.map((x) => x.script)).toEqual(['grp/g1.sh', 'grp/g2.sh']);
    // Each run of the group has its own folder with what it printed.
    for (const [i, x] of runs.entries())
      expect(readFileSync(join(p.root, '.simorg', 'runs', x.runId, 'stdout.txt'), 'utf8')).toBe(
        `g${i + 1}\n`,
      );
  });

  it('--stale runs only the stale, failed or never-run scripts of the selection', async () => {
    p.write('st/x.mjs', 'console.log("x")\n');
    p.write('st/y.mjs', 'console.log("y")\n');
    p.track(['st/x.mjs', 'st/y.mjs']);
    const first = await p.cli(['run', '--stale', 'st/*.mjs', '--json']);
    expect(JSON.parse(first.stdout).runs.map((r: { script: string }) => r.script)).toEqual([
      'st/x.mjs',
      'st/y.mjs',
    ]);
    expect((await p.cli(['run', '--stale', 'st/*.mjs'])).stdout).toMatch(/nothing is stale/);
    p.write('st/y.mjs', 'console.log("y changed")\n');
    const again = await p.cli(['run', '--stale', 'st/*.mjs', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).runs.map((r: { script: string }) => r.script)).toEqual(['st/y.mjs']);
  });

  it('past 30 runs, the summary table lists only the runs that did not succeed', async () => {
    const names: string[] = [];
    for (let i = 0; i < 32; i++) {
      const f = `many/s${String(i).padStart(2, '0')}.sh`;
      p.write(f, i === 7 ? 'echo broken >&2; exit 3\n' : 'true\n');
      names.push(f);
    }
    p.track(names);
    const r = await p.cli(['run', 'many/*.sh', '--jobs', '2']);
    expect(r.code).toBe(1);
    const table = r.stdout.slice(r.stdout.indexOf('\nscript'));
    expect(table).toMatch(/many\/s07\.sh +failed/);
    expect(table).not.toMatch(/many\/s0[0-68]\.sh/);
    expect(table).toContain('31 succeeded runs not listed: simorg list --limit 32');
    expect(table).toMatch(/31 succeeded · 1 failed|1 failed · 31 succeeded/);
  });
});
