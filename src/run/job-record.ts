import type { Project } from '../project.js';
import { waitToWrite } from './db-wait.js';
import { gitState, runEnvironment } from './environment.js';
import type { EndStatus, RunError } from './job-failure.js';
import type { JobSetup } from './job-setup.js';
import type { WorkerId } from '../store/jobs.js';
import { endRow, figureCount, startRow, type ManifestRead } from './record-writer.js';
import { writeRun, writeStart, type EndRow, type StartRow } from '../store/run-rows.js';
import { recordedConfig } from './recorded-config.js';
import { keepFigures, pruneKeptFigures } from './figure-keep.js';
import { figuresOnDisk, writeOutcome } from './run-folder.js';

export interface RunOutcome {
  jobId: number;
  runId: string;
  script: string;
  status: EndStatus;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  figures: number;
  error: string | null;
}

/** How a run ended, as the recorder takes it. */
export interface RunEnding {
  status: EndStatus;
  exitCode?: number | null;
  signal?: string | null;
  error: RunError | null;
  manifest?: ManifestRead['manifest'];
  /** `queued` when the run was stopped to be run again (its job goes back in the queue). */
  jobState?: 'done' | 'queued';
  figures?: ReturnType<typeof figuresOnDisk>;
  metrics?: Record<string, unknown>;
}

/**
 * The records of one run: its start row (made once the script is on its way, with the git state
 * looked up meanwhile) and its end. The outcome goes to the run folder first, then to the database,
 * waiting out a lock; what the database refuses for this run alone (a constraint) is recorded as
 * this run's failure.
 */
export class RunRecorder {
  private readonly git: ReturnType<typeof gitState>;
  private readonly label: string;

  constructor(
    private readonly project: Project,
    private readonly setup: JobSetup,
    private readonly worker: WorkerId,
    private readonly say: (line: string) => void,
  ) {
    // `git status` (when its cached answer is old) runs while the script starts, not before it.
    this.git = gitState(project.root);
    this.label = `run ${setup.job.runId} (${setup.job.scriptPath})`;
  }

  async startRow(childPid?: number): Promise<StartRow> {
    const { job, runConfig, scriptAbs, script, cmd, startedAt } = this.setup;
    return startRow(
      {
        job,
        config: recordedConfig(this.project.config, runConfig, job.runConfig, scriptAbs),
        scriptHash: script?.hash ?? null,
        startedAt,
        stdoutPath: cmd ? this.setup.stdoutRel : null,
        stderrPath: cmd ? this.setup.stderrRel : null,
        git: await this.git,
        env: runEnvironment(),
        worker: this.worker,
      },
      script?.size ?? null,
      childPid,
    );
  }

  /** Writes the start row, waiting out a locked database; false when it never got in. */
  writeStart(start: StartRow): Promise<boolean> {
    return waitToWrite(() => writeStart(this.project.db, start), {
      what: `the start of ${this.label}`,
      say: this.say,
    }).catch((e: unknown) => {
      this.say(`simorg: could not record the start of ${this.label}: ${(e as Error).message}`);
      return false;
    });
  }

  /** Records the end of the run started as `start`, and says what was recorded. */
  async finish(start: StartRow, ending: RunEnding): Promise<RunOutcome> {
    const { job, scriptAbs, startedAt } = this.setup;
    const endedAt = Date.now();
    const end = endRow(this.project.db, this.project.root, {
      runId: job.runId,
      jobId: job.id,
      status: ending.status,
      exitCode: ending.exitCode ?? null,
      signal: ending.signal ?? null,
      error: ending.error,
      endedAt,
      startedAt,
      scriptAbs,
      manifest: ending.manifest ?? null,
      figures: ending.figures,
      jobState: ending.jobState ?? 'done',
      metrics: ending.metrics,
    });
    const recorded = await this.record(start, end);
    return {
      jobId: job.id,
      runId: job.runId,
      script: job.scriptPath,
      status: recorded.status,
      exitCode: ending.exitCode ?? null,
      signal: ending.signal ?? null,
      durationMs: endedAt - startedAt,
      figures: figureCount(recorded),
      error: recorded.errorMessage,
    };
  }

  private async record(start: StartRow, end: EndRow): Promise<EndRow> {
    const { dir } = this.setup;
    const { db } = this.project;
    const wait = { what: `the end of ${this.label}`, say: this.say };
    try {
      writeOutcome(dir, { start, end });
    } catch (err) {
      this.say(`simorg: could not keep the outcome of ${this.label} in ${dir}: ${(err as Error).message}`);
    }
    // Its figures are kept before the next run of the script can overwrite them (figure-keep.ts).
    keepFigures(
      this.project.root,
      { runId: end.runId, startedAt: start.startedAt, endedAt: end.endedAt },
      end.figures,
    );
    try {
      const done = await waitToWrite(() => writeRun(db, start, end), wait);
      if (done) {
        try {
          pruneKeptFigures(db, this.project.root, start.scriptId);
        } catch {
          // a busy database: the next run of the script prunes
        }
      }
      if (!done)
        this.say(
          `simorg: ${this.label} ended ${end.status}, but the database stayed unavailable; the next simorg queue, worker or run command records it from ${dir}`,
        );
      return end;
    } catch (err) {
      const failed: EndRow = {
        ...end,
        status: 'failed',
        files: [],
        figures: [],
        errorMessage: `its record could not be written: ${(err as Error).message} (it ended ${end.status})`,
        errorStack: null,
      };
      writeOutcome(dir, { start, end: failed });
      await waitToWrite(() => writeRun(db, start, failed), wait);
      return failed;
    }
  }
}
