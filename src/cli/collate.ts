import { renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError, SimorgError } from '../errors.js';
import { csvLine } from '../run/export-rows.js';
import { collate, type Collation } from '../sweep/collate.js';
import { resolveSweep } from '../sweep/resolve-sweep.js';
import { openForReading } from './_open-reading.js';
import { defineCommand } from './command.js';

export default defineCommand({
  summary: 'one row per job of a sweep: parameters, metrics, status',
  usage: 'collate <sweep> [--format csv|json] [--out FILE]',
  details: `One row per job of the sweep's current space, in job order: its parameters (param.<name>), the
metrics of its last run (metric.<name>), status (succeeded, failed, timed-out, cancelled, queued,
running or never-run), duration, run id, start and error. <sweep> is a name, an id, or script:name
(see \`simorg sweeps\`). CSV is RFC 4180 with formula-like text defused, as \`simorg export\` writes it.`,
  allowPositionals: true,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FMT', default: 'csv', description: 'csv or json' },
    out: {
      type: 'string',
      short: 'o',
      valueName: 'FILE',
      description: 'write to FILE (whole or not at all) instead of stdout',
    },
  },
  async run(ctx) {
    const format = String(ctx.values.format);
    if (format !== 'csv' && format !== 'json')
      throw new UsageError(`unknown format '${format}'`, { hint: 'use --format csv or --format json' });
    if (ctx.positionals.length !== 1)
      throw new UsageError('collate: name one sweep', {
        hint: 'see `simorg sweeps` for their names and ids',
      });
    const project = await openForReading(ctx.cwd);
    let text: string;
    try {
      const c = collate(project, resolveSweep(project.db, ctx.positionals[0]!));
      text = format === 'csv' ? csv(c) : json(c);
    } finally {
      project.close();
    }
    const out = ctx.values.out as string | undefined;
    if (out === undefined) ctx.stdout.write(text);
    else writeWhole(out, resolve(ctx.cwd, out), text);
    return 0;
  },
});

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
const own = (o: Record<string, unknown>, k: string) => (Object.hasOwn(o, k) ? o[k] : null);

function csv(c: Collation): string {
  const header = [
    'job',
    ...c.paramNames.map((k) => `param.${k}`),
    ...c.metricNames.map((k) => `metric.${k}`),
    'status',
    'duration_s',
    'run_id',
    'started_at',
    'error',
  ];
  const rows = c.jobs.map((j) => [
    j.index,
    ...c.paramNames.map((k) => own(j.params, k)),
    ...c.metricNames.map((k) => own(j.metrics, k)),
    j.status,
    j.durationMs === null ? null : j.durationMs / 1000,
    j.runId,
    iso(j.startedAt),
    j.error,
  ]);
  return [header, ...rows].map(csvLine).join('');
}

function json(c: Collation): string {
  const rows = c.jobs.map((j) => ({
    job: j.index,
    params: j.params,
    metrics: j.metrics,
    status: j.status,
    duration_s: j.durationMs === null ? null : j.durationMs / 1000,
    run_id: j.runId,
    started_at: iso(j.startedAt),
    error: j.error,
  }));
  return (
    JSON.stringify(
      { sweep: c.sweep.name, script: c.sweep.script, runConfig: c.sweep.runConfig, jobs: rows },
      null,
      2,
    ) + '\n'
  );
}

// A temporary file beside it, renamed: the file is whole or untouched.
function writeWhole(shown: string, path: string, text: string): void {
  try {
    if (statSync(path).isDirectory())
      throw new UsageError(`--out ${shown} is a folder`, {
        hint: `name a file, e.g. --out ${join(shown, 'sweep.csv')}`,
      });
  } catch (err) {
    if (err instanceof SimorgError) throw err;
  }
  const tmp = join(dirname(path), `.${basename(path)}.simorg-tmp${process.pid}`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new SimorgError(`could not write ${shown}: ${(err as Error).message}`, {
      code: 'E_OUTPUT',
      hint: 'check the folder exists and can be written',
      cause: err,
    });
  }
}
