import { paramText } from '../config/params.js';
import type { SweepDefinition } from '../sweep/define.js';
import type { PlannedJob } from '../sweep/plan.js';
import { paint, safeLine, table } from './output.js';

// The job table of a sweep, as `simorg sweep --dry-run` prints it and the launch question shows it:
// the varying keys as columns, the constant keys once above, and what each job will do.

export function jobTable(
  out: NodeJS.WritableStream,
  def: SweepDefinition,
  jobs: PlannedJob[],
  limit = Infinity,
): string {
  const color = paint(out);
  const lines: string[] = [];
  const constant = Object.entries(def.constant).filter(([key]) => key !== 'seed' || def.varying.length === 0);
  if (constant.length)
    lines.push(`constant: ${safeLine(constant.map(([key, v]) => `${key}=${paramText(v)}`).join(' '))}`);
  const shown = jobs.slice(0, limit);
  const rows = shown.map((j) => [
    String(j.index),
    ...def.varying.map((key) =>
      safeLine(paramText(Object.hasOwn(j.params, key) ? j.params[key] : undefined)),
    ),
    j.action === 'run' ? color.blue('run') : color.green('skip'),
    safeLine(j.why.length > 80 ? `${j.why.slice(0, 79)}…` : j.why),
    j.last ? j.last.id : '-',
  ]);
  lines.push(table(['#', ...def.varying.map(safeLine), 'action', 'why', 'last run'], rows).trimEnd());
  if (shown.length < jobs.length)
    lines.push(
      color.dim(`... and ${jobs.length - shown.length} more (simorg sweep ... --dry-run lists them all)`),
    );
  return lines.join('\n') + '\n';
}

/** `12 jobs: 9 to run, 3 fresh (skipped)`. */
export function countLine(jobs: PlannedJob[]): string {
  const run = jobs.filter((j) => j.action === 'run').length;
  const skip = jobs.length - run;
  return `${jobs.length} job${jobs.length === 1 ? '' : 's'}: ${run} to run${skip ? `, ${skip} fresh and succeeded (skipped)` : ''}`;
}
