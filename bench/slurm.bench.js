// Two targets. (1) Submitting a 1,000-job sweep to Slurm: `simorg sweep ... --backend slurm`, the
// whole command with its one sbatch of a job array, under 2 s (the best of 2: the machine and its
// Slurm are shared, and each round leaves 1,000 task records in slurmctld for MinJobAge, 5 min, of
// its MaxJobCount of 10,000), against the real Slurm (held with --hold, then scancelled: nothing
// runs). Baseline in the same run: that sbatch alone, once.
// Without Slurm it is skipped with a line, unless SIMORG_REQUIRE_SLURM=1 (CI), which fails it.
// (2) Taking in 1,000 finished Slurm jobs from their run folders (`simorg sync`, or the first command
// after they ended). Target: under 2 s. Baseline in the same run: the local runner's own take-in
// of the same 1,000 outcomes from their folders (completePendingRuns), the floor of recording a run.
//
// The 1,000 folders are made by the real submission code; the first REAL of their batch scripts
// run, by bash as slurmd would run them, and the others get byte copies of what those wrote
// (started.json, exit.json: they name no run). Only the job ids come from a stand-in `sbatch` on
// PATH (a real one takes ~0.3 s a call here: 5 minutes of setup). Once every job has written its
// exit.json, taking them in calls no Slurm command, so what is measured is the same with or without Slurm.
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cpSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check, report } from './lib.js';
import { openProject } from '../dist/project.js';
import { submitToSlurm } from '../dist/backends/slurm-submit.js';
import { syncSlurmRuns } from '../dist/backends/slurm-sync.js';
import { completePendingRuns, writeOutcome } from '../dist/run/run-folder.js';
import { openDb } from '../dist/store/db.js';

const N = 1000;
const REAL = 10;

// (1) The sweep's submission, first, with the real sbatch (the stand-in below goes on PATH after).
{
  const BIN = fileURLToPath(new URL('../bin/simorg.js', import.meta.url));
  const cli = (cwd, args) =>
    execFileSync(process.execPath, [BIN, ...args], {
      cwd,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  let slurm = false;
  try {
    slurm = /\b(idle|mixed|allocated)\b/.test(
      execFileSync('sinfo', ['--noheader', '--format=%T'], { encoding: 'utf8' }),
    );
  } catch {
    // no Slurm here
  }
  if (!slurm) {
    const required = process.env.SIMORG_REQUIRE_SLURM === '1';
    console.log(
      `submitting a ${N}-job sweep to Slurm: ${required ? 'FAILED' : 'skipped'}: no usable Slurm (scripts/slurm-cluster.sh start)`,
    );
    if (required) process.exitCode = 1;
  } else {
    const base = mkdtempSync(join(tmpdir(), 'simorg-bench-array-'));
    const arrays = [];
    try {
      const template = join(base, 'template');
      mkdirSync(join(template, 'sims'), { recursive: true });
      writeFileSync(join(template, '.simorgrc.json'), '{}');
      writeFileSync(join(template, 'sims/t.sh'), 'echo "$SIMORG_PARAMS"\n');
      cli(template, ['init']);
      cli(template, ['track', 'sims/t.sh']);
      const ours = [];
      const floor = [];
      for (let round = 0; round < 2; round++) {
        // A fresh copy each round: the same project state, not one growing by 1,000 held runs a round.
        const dir = join(base, `p${round}`);
        cpSync(template, dir, { recursive: true });
        const t0 = performance.now();
        const out = cli(dir, [
          'sweep',
          'sims/t.sh',
          '--sweep',
          `i=range(0,${N - 1},${N})`,
          '--backend',
          'slurm',
          '--yes',
          '--json',
          '--sbatch=--hold',
        ]);
        ours.push(performance.now() - t0);
        const sent = JSON.parse(out);
        arrays.push(String(sent.arrayId));
        if (sent.runs.length !== N) throw new Error(`submitted ${sent.runs.length} of ${N}`);
        execFileSync('scancel', arrays.splice(0));
      }
      {
        const t0 = performance.now();
        const id = execFileSync(
          'sbatch',
          ['--parsable', '--hold', `--array=0-${N - 1}`, '--output=/dev/null', '--wrap=true'],
          {
            encoding: 'utf8',
          },
        );
        floor.push(performance.now() - t0);
        arrays.push(id.trim().split(';')[0]);
        execFileSync('scancel', arrays.splice(0));
      }
      report(
        `submitting a ${N}-job sweep (simorg sweep --backend slurm, one job array) vs its sbatch alone`,
        Math.min(...ours),
        floor[0],
      );
      check(
        `  ${N}-job sweep submitted`,
        Math.min(...ours) < 2000,
        `${Math.min(...ours).toFixed(0)} ms (target < 2000 ms)`,
      );
    } finally {
      if (arrays.length) execFileSync('scancel', arrays);
      rmSync(base, { recursive: true, force: true });
    }
  }
}

const root = mkdtempSync(join(tmpdir(), 'simorg-bench-slurm-'));
const bin = join(root, 'bin');
mkdirSync(bin);
// Hands out job ids, as sbatch --parsable prints them; runs nothing.
writeFileSync(
  join(bin, 'sbatch'),
  '#!/bin/sh\nn=$(cat "$0.n" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "$0.n"; echo $n\n',
);
chmodSync(join(bin, 'sbatch'), 0o755);
process.env.PATH = `${bin}:${process.env.PATH}`;
writeFileSync(join(root, '.simorgrc.json'), '{}');
mkdirSync(join(root, 'sims'));
const db = openDb(join(root, '.simorg', 'simorg.sqlite'));
const scripts = [];
db.transaction(() => {
  const ins = db.prepare('INSERT INTO scripts (path, grp, tracked_at) VALUES (?, NULL, 0)');
  for (let i = 0; i < N; i++) {
    const path = `sims/s${i}.sh`;
    writeFileSync(join(root, path), `echo ${i} > out${i}.txt\n`);
    scripts.push({ id: Number(ins.run(path).lastInsertRowid), path });
  }
})();
db.close();

try {
  const project = await openProject(root);
  let t0 = performance.now();
  const submitted = await submitToSlurm(project, scripts, { runConfig: 'std', argv: [], settings: {} });
  console.log(`submitted ${N} runs (stand-in sbatch) in ${(performance.now() - t0).toFixed(0)} ms`);
  t0 = performance.now();
  // Each job as slurmd runs it: its batch script, in its run folder.
  const dirOf = (s) => join(root, '.simorg/runs', s.runId);
  const list = submitted
    .slice(0, REAL)
    .map((s, i) => `SLURM_JOB_ID=${i + 1} bash ${join(dirOf(s), 'job.sh')}`)
    .join('\n');
  execFileSync('bash', ['-c', list], { stdio: 'ignore' });
  for (const [i, s] of submitted.entries()) {
    if (i < REAL) continue;
    for (const f of ['started.json', 'exit.json', 'stdout.txt', 'stderr.txt'])
      copyFileSync(join(dirOf(submitted[i % REAL]), f), join(dirOf(s), f));
  }
  console.log(
    `ran ${REAL} batch scripts, copied their files to the other ${N - REAL} folders, in ${(performance.now() - t0).toFixed(0)} ms`,
  );

  t0 = performance.now();
  const r = syncSlurmRuns(project);
  const ours = performance.now() - t0;
  if (r.recorded.length !== N) throw new Error(`took in ${r.recorded.length} of ${N}`);
  // Baseline: the same runs back to running, taken in again the local way, from an outcome.json each
  // (a local run's: its start and end rows) written here, outside the timing.
  for (const s of submitted) {
    const start = JSON.parse(readFileSync(join(dirOf(s), 'slurm-job.json'), 'utf8')).start;
    writeOutcome(dirOf(s), {
      start,
      end: {
        runId: s.runId,
        jobId: s.jobId,
        status: 'succeeded',
        exitCode: 0,
        signal: null,
        errorMessage: null,
        errorStack: null,
        endedAt: start.startedAt + 5,
        durationMs: 5,
        packages: {},
        files: [],
        figures: [],
        jobState: 'done',
      },
    });
  }
  project.db.exec(
    "DELETE FROM run_files WHERE role != 'script'; UPDATE runs SET status = 'running'; UPDATE jobs SET state = 'running'",
  );
  t0 = performance.now();
  const again = completePendingRuns(project.db, project.root);
  const base = performance.now() - t0;
  if (again !== N) throw new Error(`the baseline took in ${again} of ${N}`);
  project.close();
  report(`taking in ${N} finished Slurm jobs vs the local take-in of ${N} outcomes`, ours, base);
  check(`  ${N} Slurm jobs taken in`, ours < 2000, `${ours.toFixed(0)} ms (target < 2000 ms)`);
} finally {
  rmSync(root, { recursive: true, force: true });
}
