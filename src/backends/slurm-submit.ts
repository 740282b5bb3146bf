// Sending runs to Slurm: each script becomes a job row (held by "slurm", never claimed by a local
// worker), a run recorded as running, a batch script and a slurm-job.json in its run folder, then
// one sbatch. The job itself never opens the database; slurm-sync.ts takes its outcome in.
import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { SlurmSettings } from '../config/types.js';
import { HashCache } from '../fresh/hash.js';
import type { Project } from '../project.js';
import { childEnv } from '../run/child-env.js';
import { commandLine, withLauncher } from '../run/command-line.js';
import { gitState, runEnvironment } from '../run/environment.js';
import type { ClaimedJob } from '../store/jobs.js';
import { enqueue } from '../run/queue.js';
import { startRow } from '../run/record-writer.js';
import { writeRun, writeStart, type EndRow } from '../store/run-rows.js';
import { runDir, writeOutcome } from '../run/run-folder.js';
import { newRunId } from '../run/run-id.js';
import { recordedConfig } from '../run/recorded-config.js';
import { stmt } from '../store/statements.js';
import { putJson, JOB_FILE, type SlurmJobFile } from './slurm-folder.js';
import { jobScript, SLURM_LOG } from './slurm-job-script.js';
import { sbatch } from './slurm-commands.js';
import { mergedSettings, sbatchArgs, timeFromTimeout } from './slurm-options.js';

/** The worker name of runs held by Slurm (`slurm:<job id>` once sbatch answered). */
export const SLURM_WORKER = 'slurm';

export interface SlurmSubmitOptions {
  runConfig: string;
  argv: string[];
  reason?: string;
  tags?: string[];
  /** From the command line, over the config's `slurm` settings. */
  settings: SlurmSettings;
  batch?: string;
}

export interface Submitted {
  script: string;
  runId: string;
  jobId: number;
  /** Slurm's job id; null when sbatch refused the job (then `error` says why, and the run is failed). */
  slurmJobId: number | null;
  error: string | null;
}

/** Submits one Slurm job per script. Throws only for a bad setup; a job sbatch refuses is a failed run. */
export async function submitToSlurm(
  project: Project,
  scripts: Array<{ id: number; path: string }>,
  o: SlurmSubmitOptions,
): Promise<Submitted[]> {
  const { root, config, db } = project;
  const rc = config.runConfigs[o.runConfig]!;
  const settings = mergedSettings(config, rc, o.settings);
  const args = sbatchArgs(settings, rc);
  const time = settings.time ?? timeFromTimeout(rc) ?? null;
  const git = await gitState(root);
  const hashes = new HashCache(db);
  const now = Date.now();
  // Commands first: a script simorg cannot run (no interpreter) stops the batch before any job is made.
  const cmds = scripts.map((s) =>
    withLauncher(commandLine(config, join(root, s.path), [...rc.argv, ...o.argv]), rc.launcher),
  );
  const jobs = db
    .transaction(() => {
      const ids = enqueue(
        db,
        scripts.map((s) => ({
          scriptId: s.id,
          runConfig: o.runConfig,
          argv: o.argv,
          reason: o.reason,
          tags: o.tags,
        })),
        o.batch ?? null,
      );
      const hold = stmt(
        db,
        "UPDATE jobs SET state = 'running', run_id = ?, worker_host = ?, heartbeat_at = ?, claimed_at = ? WHERE id = ?",
      );
      return ids.map((id, i): ClaimedJob => {
        const runId = newRunId();
        hold.run(runId, SLURM_WORKER, now, now, id);
        const s = scripts[i]!;
        return {
          id,
          scriptId: s.id,
          scriptPath: s.path,
          runConfig: o.runConfig,
          argv: o.argv,
          reason: o.reason ?? null,
          tags: o.tags ?? [],
          params: {},
          batch: o.batch ?? null,
          runId,
        };
      });
    })
    .immediate();

  // Every folder and start row first, in one transaction (a commit per run would cost more than its
  // sbatch); then the sbatch calls; then their job ids, in one more.
  const prepared = jobs.map((job, i) => {
    const scriptAbs = join(root, job.scriptPath);
    const dir = runDir(root, job.runId);
    mkdirSync(dir, { recursive: true });
    const hashed = hashes.hash(scriptAbs);
    const stdoutPath = `.simorg/runs/${job.runId}/stdout.txt`;
    const stderrPath = `.simorg/runs/${job.runId}/stderr.txt`;
    const start = startRow(
      {
        job,
        config: recordedConfig(config, rc, o.runConfig, scriptAbs),
        scriptHash: hashed?.hash ?? null,
        startedAt: now,
        stdoutPath,
        stderrPath,
        git,
        env: runEnvironment(),
        worker: { host: SLURM_WORKER, pid: 0 },
      },
      hashed?.size ?? null,
    );
    start.worker = SLURM_WORKER;
    const cmd = cmds[i]!;
    const file: SlurmJobFile = { version: 1, start, scriptAbs, hooked: cmd.hooked, slurmJobId: null, time };
    putJson(dir, JOB_FILE, file);
    // Only what the run config sets and the hook's variables: sbatch passes the rest of this environment on.
    const env: Record<string, string | null> = {
      ...childEnv({}, rc, config, job.runId, join(dir, 'manifest.json')),
    };
    for (const [k, v] of Object.entries(rc.env)) if (v === null) env[k] = null;
    const scriptFile = join(dir, 'job.sh');
    writeFileSync(
      scriptFile,
      jobScript({
        runId: job.runId,
        script: job.scriptPath,
        dir,
        cwd: dirname(scriptAbs),
        cmd,
        env,
        stdout: join(root, stdoutPath),
        stderr: join(root, stderrPath),
      }),
      { mode: 0o755 },
    );
    return { job, dir, start, file, scriptFile };
  });
  db.transaction(() => {
    for (const p of prepared) writeStart(db, p.start);
  }).immediate();

  const results = prepared.map(
    ({ job, dir, start, file, scriptFile }): Submitted & { start: typeof start; dir: string } => {
      const name = `simorg-${basename(job.scriptPath, extname(job.scriptPath))}`;
      try {
        const slurmJobId = sbatch(
          [...args, `--job-name=${name}`, `--output=${join(dir, SLURM_LOG)}`, `--chdir=${dir}`],
          scriptFile,
        );
        putJson(dir, JOB_FILE, { ...file, slurmJobId });
        return {
          script: job.scriptPath,
          runId: job.runId,
          jobId: job.id,
          slurmJobId,
          error: null,
          start,
          dir,
        };
      } catch (err) {
        return {
          script: job.scriptPath,
          runId: job.runId,
          jobId: job.id,
          slurmJobId: null,
          error: (err as Error).message,
          start,
          dir,
        };
      }
    },
  );
  db.transaction(() => {
    for (const r of results) {
      if (r.slurmJobId !== null) {
        stmt(db, 'UPDATE runs SET worker = ? WHERE id = ?').run(`${SLURM_WORKER}:${r.slurmJobId}`, r.runId);
        stmt(db, 'UPDATE jobs SET worker_pid = ? WHERE id = ?').run(r.slurmJobId, r.jobId);
        continue;
      }
      // Refused by sbatch: it never started, and is failed with Slurm's reason.
      const end: EndRow = {
        runId: r.runId,
        jobId: r.jobId,
        status: 'failed',
        exitCode: null,
        signal: null,
        errorMessage: r.error,
        errorStack: null,
        endedAt: Date.now(),
        durationMs: Date.now() - now,
        packages: {},
        files: [],
        figures: [],
        jobState: 'done',
      };
      writeOutcome(r.dir, { start: r.start, end });
      writeRun(db, r.start, end);
    }
  }).immediate();
  return results.map(({ script, runId, jobId, slurmJobId, error }) => ({
    script,
    runId,
    jobId,
    slurmJobId,
    error,
  }));
}
