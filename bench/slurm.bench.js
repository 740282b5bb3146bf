// Taking in 1,000 finished Slurm jobs from their run folders (`simorg sync`, or the first command
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
import { check, report } from './lib.js';
import { openProject } from '../dist/project.js';
import { submitToSlurm } from '../dist/backends/slurm-submit.js';
import { syncSlurmRuns } from '../dist/backends/slurm-sync.js';
import { completePendingRuns, writeOutcome } from '../dist/run/run-folder.js';
import { openDb } from '../dist/store/db.js';

const N = 1000;
const REAL = 10;
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
