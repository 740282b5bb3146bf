import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RUNS_DIR } from '../config/defaults.js';
import type { Db } from './db.js';
import type { JobRow } from './jobs.js';
import { stmt } from './statements.js';

// The run of an abandoned job, recorded as failed with the reason. A worker killed between spawning
// the script and writing its run row (the start record waits for `git status`) left no row at all:
// the run that was started is then recorded from the job, so it is never missing from `list`/`show`.

/** The abandoned job, as far as its run is concerned. */
export interface AbandonedJob {
  id: number;
  run_id: string;
  worker_host: string;
  worker_pid: number;
}

/**
 * Marks the run of `job` failed with `message` (no end time: when it stopped is not known). A run
 * with no row yet gets one from the job; its output files are named when the worker had opened them.
 */
export function failAbandonedRun(db: Db, job: AbandonedJob, message: string, root?: string): void {
  const updated = stmt(
    db,
    "UPDATE runs SET status = 'failed', error_message = ?, ended_at = NULL, duration_ms = NULL WHERE id = ? AND status = 'running'",
  ).run(message, job.run_id).changes;
  if (updated) return;
  const j = stmt<[number], JobRow>(
    db,
    `SELECT j.*, s.path FROM jobs j JOIN scripts s ON s.id = j.script_id WHERE j.id = ?`,
  ).get(job.id);
  if (!j) return;
  const dir = `${RUNS_DIR}/${job.run_id}`;
  // The worker opens stdout.txt right before spawning: with it there, the script was started.
  const output = root !== undefined && existsSync(join(root, dir, 'stdout.txt'));
  const why = output
    ? '; it stopped before recording the start of the script'
    : '; it stopped before recording the run, perhaps before starting the script';
  // Inserted only when there is no row (a row already ended is the run's own record, kept as it is).
  // The start is the claim: the run began within moments of it.
  stmt(
    db,
    `INSERT OR IGNORE INTO runs (id, script_id, script_path, run_config, config_json, argv_json, reason, tags_json,
      params_json, status, error_message, started_at, stdout_path, stderr_path, worker, sweep_id)
    VALUES (@runId, @scriptId, @scriptPath, @runConfig, @config, @argv, @reason, @tags, @params, 'failed', @error,
      @startedAt, @stdoutPath, @stderrPath, @worker, @sweepId)`,
  ).run({
    runId: job.run_id,
    scriptId: j.script_id,
    scriptPath: j.path,
    runConfig: j.run_config,
    config: JSON.stringify({ name: j.run_config }),
    argv: j.argv_json,
    reason: j.reason,
    tags: j.tags_json,
    params: j.params_json,
    error: message + why,
    startedAt: j.claimed_at ?? j.created_at,
    stdoutPath: output ? `${dir}/stdout.txt` : null,
    stderrPath: output ? `${dir}/stderr.txt` : null,
    worker: `${job.worker_host}:${job.worker_pid}`,
    sweepId: j.sweep_id,
  });
}
