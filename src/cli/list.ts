import { openForReading } from './_open-reading.js';
import { paramsLine } from '../config/params.js';
import { UsageError } from '../errors.js';
import { listRuns, RUN_STATUSES } from '../store/runs.js';
import { rejectEmptyPatterns, resolveScripts } from '../track/scripts.js';
import { positiveInt } from './_run-style.js';
import { defineCommand } from './command.js';
import { formatDuration, formatTime, paint, safeLine, statusColor, table, writeJson } from './output.js';

// A repeatable option's values; `--status failed,timed-out` is the same as giving it twice.
function listOption(name: string, value: unknown, split: boolean): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (value as string[]).flatMap((v) => (split ? v.split(',') : [v])).map((v) => v.trim());
  rejectEmptyPatterns(list, `--${name} value`);
  return list;
}

const clip = (s: string, n: number): string => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export default defineCommand({
  summary: 'list recorded runs',
  usage: 'list [scripts|globs...] [--status S] [--tag T] [--config NAME] [--long] [--limit N] [--json]',
  details: `Newest first. A run id, or any unique prefix of it, is what \`simorg show\` and \`simorg log\` take.
Scripts may be untracked ones (their runs are kept), and a name may be the unique end of a script's
path (\`bad.mjs\` for \`sims/bad.mjs\`). --status, --tag and --config keep the runs having any of the
values given (repeat the option, or separate values with commas for --status and --config).`,
  allowPositionals: true,
  options: {
    status: {
      type: 'string',
      short: 's',
      multiple: true,
      valueName: 'S',
      description: `only runs with status S (${RUN_STATUSES.join(', ')})`,
    },
    tag: { type: 'string', short: 't', multiple: true, valueName: 'T', description: 'only runs tagged T' },
    config: {
      type: 'string',
      short: 'c',
      multiple: true,
      valueName: 'NAME',
      description: 'only runs with run config NAME',
    },
    long: {
      type: 'boolean',
      short: 'l',
      description: 'more columns: metrics, exit, git, reason, tags, error',
    },
    limit: { type: 'string', short: 'n', valueName: 'N', description: 'at most N runs (default 20)' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(ctx) {
    const limit = positiveInt('limit', ctx.values.limit) ?? 20;
    const statuses = listOption('status', ctx.values.status, true);
    const unknown = statuses?.filter((s) => !(RUN_STATUSES as readonly string[]).includes(s));
    if (unknown?.length)
      throw new UsageError(`unknown run status '${unknown[0]}'`, {
        hint: `a run's status is one of ${RUN_STATUSES.join(', ')}`,
      });
    const tags = listOption('tag', ctx.values.tag, false);
    const runConfigs = listOption('config', ctx.values.config, true);
    const project = await openForReading(ctx.cwd);
    try {
      const scriptIds = ctx.positionals.length
        ? resolveScripts(project, ctx.cwd, ctx.positionals, { suffix: true, untracked: true }).map(
            (s) => s.id,
          )
        : undefined;
      const runs = listRuns(project.db, { limit, scriptIds, statuses, tags, runConfigs });
      if (ctx.values.json) {
        writeJson(ctx.stdout, runs);
        return 0;
      }
      if (!runs.length) {
        const narrowed = scriptIds || statuses || tags || runConfigs;
        ctx.stdout.write(
          narrowed ? 'no recorded run matches\n' : 'no runs recorded yet; start some with `simorg run`\n',
        );
        return 0;
      }
      const color = paint(ctx.stdout);
      const long = ctx.values.long === true;
      // Parameters say which run of a script this is: a column as soon as one run shown has some.
      const withParams = runs.some((r) => Object.keys(r.params).length);
      const header = ['run', 'script', 'status', 'config', 'started', 'duration', 'figures'];
      if (withParams) header.push('params');
      if (long) header.push('metrics', 'exit', 'git', 'reason', 'tags', 'error');
      ctx.stdout.write(
        table(
          header,
          runs.map((r) => {
            const row = [
              r.runId,
              safeLine(r.script),
              statusColor(r.status, color)(safeLine(r.status)),
              safeLine(r.runConfig),
              formatTime(r.startedAt),
              formatDuration(r.durationMs),
              String(r.figures),
            ];
            if (withParams) row.push(safeLine(clip(paramsLine(r.params), 60)));
            if (long) {
              row.push(
                safeLine(clip(paramsLine(r.metrics), 60)),
                r.signal === null ? (r.exitCode === null ? '-' : String(r.exitCode)) : safeLine(r.signal),
                r.gitCommit ? safeLine(r.gitCommit.slice(0, 8)) + (r.gitDirty ? '*' : '') : '-',
                r.reason === null ? '' : safeLine(r.reason),
                Array.isArray(r.tags) ? r.tags.map(safeLine).join(',') : safeLine(r.tags),
                r.errorMessage === null ? '' : safeLine(r.errorMessage.split('\n')[0]!.slice(0, 80)),
              );
            }
            return row;
          }),
        ),
      );
      return 0;
    } finally {
      project.close();
    }
  },
});
