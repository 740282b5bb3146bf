// `simorg run --backend slurm`: its options, the submission, and --wait (syncing until every job
// of the batch is recorded). Kept apart from run.ts, which only hands the selected scripts over.
import type { SlurmSettings } from '../config/types.js';
import { runSummaries } from '../store/runs.js';
import { isSlurmGpus, isSlurmMem, isSlurmTime } from '../config/slurm-settings.js';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import type { OptionSpec, CommandContext } from './command.js';
import { positiveInt, runStyle } from './_run-style.js';
import { paint, safeLine, table, writeJson } from './output.js';

export const SLURM_OPTIONS: Record<string, OptionSpec> = {
  backend: {
    type: 'string',
    valueName: 'NAME',
    description: 'where the scripts run: local (default) or slurm',
  },
  wait: { type: 'boolean', description: 'slurm: wait until every job ends, recording each' },
  partition: { type: 'string', valueName: 'P', description: 'slurm: the partition (sbatch --partition)' },
  time: {
    type: 'string',
    valueName: 'T',
    description: 'slurm: time limit, e.g. 30 or 2:00:00 (default: the run config timeout)',
  },
  mem: { type: 'string', valueName: 'M', description: 'slurm: memory, e.g. 4G' },
  cpus: { type: 'string', valueName: 'N', description: 'slurm: CPUs for the script' },
  gpus: { type: 'string', valueName: 'N', description: 'slurm: GPUs, N or type:N' },
  account: { type: 'string', valueName: 'A', description: 'slurm: the account to charge' },
  ntasks: { type: 'string', valueName: 'N', description: 'slurm: tasks (MPI ranks)' },
  'cpus-per-task': { type: 'string', valueName: 'N', description: 'slurm: CPUs per task (threads)' },
  sbatch: {
    type: 'string',
    valueName: "'OPTS'",
    description: "slurm: more sbatch options, e.g. '--qos=long --exclusive'",
  },
};

const SLURM_ONLY = Object.keys(SLURM_OPTIONS).filter((k) => k !== 'backend');

/**
 * Where the scripts run (`--backend`, default local) and the Slurm settings given, checked before
 * anything is opened or queued; for Slurm, that sbatch is there.
 */
export async function backendFrom(
  values: CommandContext['values'],
): Promise<{ backend: string; slurm: SlurmSettings }> {
  const backend =
    values.backend === undefined
      ? 'local'
      : (await import('../backends/backend.js')).backendName(String(values.backend));
  const slurm = slurmSettingsFrom(values, backend);
  if (backend === 'slurm') (await import('../backends/slurm-commands.js')).requireSlurm();
  return { backend, slurm };
}

/** The Slurm settings given on the command line, checked; a Slurm option without --backend slurm is an error. */
export function slurmSettingsFrom(values: CommandContext['values'], backend: string): SlurmSettings {
  const given = SLURM_ONLY.filter((k) => values[k] !== undefined);
  if (backend !== 'slurm') {
    if (given.length)
      throw new UsageError(`--${given[0]} is a Slurm option`, {
        hint: 'add --backend slurm, or leave it out',
      });
    return {};
  }
  const str = (k: string) => (values[k] === undefined ? undefined : String(values[k]));
  const checked = (k: string, ok: (v: string) => boolean, expected: string) => {
    const v = str(k);
    if (v !== undefined && !ok(v)) throw new UsageError(`--${k} expects ${expected}, got '${v}'`);
    return v;
  };
  const sbatch = str('sbatch');
  const words = sbatch === undefined ? undefined : splitWords(sbatch);
  const bad = words?.find((w) => !w.startsWith('-'));
  if (bad !== undefined)
    throw new UsageError(`--sbatch expects sbatch options, each starting with -, got '${bad}'`, {
      hint: "e.g. --sbatch '--qos=long --exclusive'",
    });
  return {
    partition: checked('partition', (v) => /^[\w.,-]+$/.test(v), 'a partition name'),
    time: checked('time', isSlurmTime, 'minutes or a Slurm time (30, 2:00:00, 1-12:00)'),
    mem: checked('mem', isSlurmMem, 'megabytes or a size such as 4G'),
    cpus: positiveInt('cpus', values.cpus),
    gpus: checked('gpus', isSlurmGpus, 'a number of GPUs, or type:number'),
    account: checked('account', (v) => /^[\w.-]+$/.test(v), 'an account name'),
    ntasks: positiveInt('ntasks', values.ntasks),
    cpusPerTask: positiveInt('cpus-per-task', values['cpus-per-task']),
    sbatch: words,
  };
}

function splitWords(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

/** Submits `scripts`; with --wait, syncs until they have all ended. Returns the exit code. */
export async function runOnSlurm(
  ctx: CommandContext,
  project: Project,
  scripts: Array<{ id: number; path: string }>,
  o: {
    runConfig: string;
    settings: SlurmSettings;
    reason?: string;
    tags?: string[];
    params?: Record<string, unknown>;
  },
): Promise<number> {
  const { submitToSlurm } = await import('../backends/slurm-submit.js');
  const { syncSlurmRuns } = await import('../backends/slurm-sync.js');
  const { newRunId } = await import('../run/run-id.js');
  const { slurmOrder } = await import('./_slurm-order.js');
  const specs = await slurmOrder(
    project,
    scripts,
    { runConfig: o.runConfig, argv: ctx.passthrough, params: o.params },
    o.params,
  );
  const submitted = await submitToSlurm(project, specs, { ...o, argv: ctx.passthrough, batch: newRunId() });
  const out = ctx.stdout;
  const color = paint(out);
  const json = ctx.values.json === true;
  if (!json) {
    for (const s of submitted) {
      out.write(
        s.slurmJobId !== null
          ? `${safeLine(s.script)} submitted to Slurm as job ${s.slurmJobId} (run ${s.runId})\n`
          : `${safeLine(s.script)} not submitted: ${safeLine(s.error)}\n`,
      );
    }
  }
  const failedToSubmit = submitted.some((s) => s.slurmJobId === null);
  if (!ctx.values.wait) {
    if (json) writeJson(out, { ok: !failedToSubmit, backend: 'slurm', jobs: submitted });
    else
      out.write(
        color.dim(
          '`simorg queue` shows them; `simorg sync` (or any simorg command) records each when it ends\n',
        ),
      );
    return failedToSubmit ? 1 : 0;
  }
  const mine = new Set(submitted.map((s) => s.runId));
  for (;;) {
    const live = syncSlurmRuns(project).live.filter((l) => mine.has(l.runId));
    if (!live.length) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  const rows = runSummaries(project.db, [...mine]);
  const ok = rows.length === mine.size && rows.every((r) => r.status === 'succeeded');
  if (json) {
    writeJson(out, {
      ok,
      backend: 'slurm',
      runs: rows.map((r) => ({
        runId: r.runId,
        script: r.script,
        status: r.status,
        durationMs: r.durationMs,
        error: r.errorMessage,
        figures: r.figures,
        slurmJobId: r.worker?.split(':')[1] ?? null,
      })),
    });
  } else {
    const style = runStyle(out);
    out.write(
      '\n' +
        table(
          ['script', 'status', 'duration', 'run', 'slurm job', 'figures'],
          rows.map((r) => [
            style.text(r.script),
            style.status(r.status, r.status),
            style.duration(r.durationMs ?? 0),
            r.runId,
            r.worker?.split(':')[1] ?? '-',
            String(r.figures),
          ]),
        ),
    );
    for (const r of rows)
      if (r.errorMessage && r.status !== 'succeeded')
        out.write(`${style.text(`${r.script}: ${r.errorMessage}`)}\n`);
  }
  return ok ? 0 : 1;
}
