// `simorg sweep --backend slurm`: the jobs to run go to Slurm as one job array; with --wait, the
// submitter takes them in as they end (sync) and prints the sweep's result as a local sweep does.
import type { SlurmSettings } from '../config/types.js';
import type { Project } from '../project.js';
import type { PlannedJob } from '../sweep/plan.js';
import type { ScriptRow } from '../track/scripts.js';
import type { CommandContext } from './command.js';
import { paint, safeLine, writeJson } from './output.js';
import { runEnds, someRunNotSucceeded } from '../store/runs-by-id.js';

export interface SweepSlurmOptions {
  name: string;
  sweepId: number;
  runConfig: string;
  settings: SlurmSettings;
  reason?: string;
  tags?: string[];
  maxConcurrency?: number;
  failFast: boolean;
  /** Jobs skipped as fresh, for the summary. */
  skipped: number;
}

export async function sweepOnSlurm(
  ctx: CommandContext,
  project: Project,
  script: ScriptRow,
  todo: PlannedJob[],
  o: SweepSlurmOptions,
): Promise<number> {
  const { submitArrayToSlurm } = await import('../backends/slurm-array.js');
  const { syncSlurmRuns } = await import('../backends/slurm-sync.js');
  const { cancelSlurmJobs } = await import('../backends/slurm-cancel.js');
  const out = ctx.stdout;
  const json = ctx.values.json === true;
  const sent = await submitArrayToSlurm(
    project,
    todo.map((j) => ({
      script,
      params: j.params,
      sweepId: o.sweepId,
      figuresSubdir: j.figuresSubdir,
      reason: o.reason ?? `sweep ${o.name}`,
    })),
    {
      runConfig: o.runConfig,
      argv: ctx.passthrough,
      tags: o.tags,
      settings: o.settings,
      maxConcurrency: o.maxConcurrency,
    },
  );
  if (sent.arrayId === null) {
    if (json)
      writeJson(out, { ok: false, sweep: o.name, sweepId: o.sweepId, backend: 'slurm', error: sent.error });
    else out.write(`sweep ${safeLine(o.name)} not submitted: ${safeLine(sent.error)}\n`);
    return 1;
  }
  const n = sent.runs.length;
  if (!json)
    out.write(
      `sweep ${safeLine(o.name)}: ${n} job${n === 1 ? '' : 's'} submitted to Slurm as job array ${sent.arrayId}` +
        ` (tasks 0-${n - 1}${o.maxConcurrency ? `, at most ${o.maxConcurrency} at once` : ''})\n`,
    );
  if (!ctx.values.wait) {
    if (json)
      writeJson(out, {
        ok: true,
        sweep: o.name,
        sweepId: o.sweepId,
        backend: 'slurm',
        arrayId: sent.arrayId,
        runs: sent.runs.map((r) => ({ runId: r.runId, jobId: r.jobId, slurmJobId: r.slurmJobId })),
      });
    else
      out.write(
        paint(out).dim(
          '`simorg queue` shows its jobs; `simorg sync` (or any simorg command) records each when it ends\n',
        ),
      );
    return 0;
  }
  const mine = new Set(sent.runs.map((r) => r.runId));
  const failedOf = () => someRunNotSucceeded(project.db, [...mine]);
  let stoppedBy: string | null = null;
  for (;;) {
    const live = syncSlurmRuns(project).live.filter((l) => mine.has(l.runId));
    if (!live.length) break;
    if (o.failFast && !stoppedBy) {
      const failed = failedOf();
      if (failed) {
        // --fail-fast: the rest of the array stops (pending tasks never start), recorded cancelled.
        stoppedBy = failed;
        cancelSlurmJobs(
          project.db,
          project.root,
          sent.runs.filter((r) => live.some((l) => l.runId === r.runId)).map((r) => r.jobId),
        );
      }
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rows = runEnds(project.db, [...mine]);
  const ok = rows.length === n && rows.every((r) => r.status === 'succeeded');
  if (json) {
    writeJson(out, {
      ok,
      sweep: o.name,
      sweepId: o.sweepId,
      backend: 'slurm',
      arrayId: sent.arrayId,
      ran: rows.length,
      runs: rows.map((r) => ({
        runId: r.id,
        status: r.status,
        durationMs: r.duration_ms,
        error: r.error_message,
        slurmJobId: r.worker?.split(':')[1] ?? null,
      })),
    });
    return ok ? 0 : 1;
  }
  const good = rows.filter((r) => r.status === 'succeeded').length;
  const cancelled = rows.filter((r) => r.status === 'cancelled').length;
  out.write(
    `sweep ${safeLine(o.name)}: ${good} succeeded, ${rows.length - good - cancelled} did not` +
      `${cancelled ? `, ${cancelled} cancelled` : ''}${o.skipped ? `, ${o.skipped} skipped (fresh)` : ''}\n`,
  );
  for (const r of rows)
    if (r.status !== 'succeeded' && r.status !== 'cancelled' && r.error_message)
      out.write(`  run ${r.id} ${r.status}: ${safeLine(r.error_message)}\n`);
  if (stoppedBy) out.write(`stopped at the first failure (--fail-fast): run ${stoppedBy}\n`);
  out.write(`collate it: simorg collate ${safeLine(o.name)} --format csv\n`);
  return ok ? 0 : 1;
}
