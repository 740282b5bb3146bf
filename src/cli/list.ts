import { openProject } from '../project.js';
import { listRuns } from '../run/runs-query.js';
import { resolveScripts } from '../track/scripts.js';
import { positiveInt } from './_run-style.js';
import { defineCommand } from './command.js';
import { formatDuration, formatTime, paint, statusColor, table, writeJson } from './output.js';

export default defineCommand({
  name: 'list',
  summary: 'list recorded runs',
  usage: 'list [scripts|globs...] [--long] [--limit N] [--json]',
  details: 'Newest first. A run id, or any unique prefix of it, is what `simorg show` and `simorg log` take.',
  allowPositionals: true,
  options: {
    long: { type: 'boolean', short: 'l', description: 'more columns: exit, reason, tags, git, error' },
    limit: { type: 'string', short: 'n', valueName: 'N', description: 'at most N runs (default 20)' },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(ctx) {
    const limit = positiveInt('limit', ctx.values.limit) ?? 20;
    const project = await openProject(ctx.cwd, { readOnly: true });
    try {
      const scriptIds = ctx.positionals.length ? resolveScripts(project, ctx.cwd, ctx.positionals).map((s) => s.id) : undefined;
      const runs = listRuns(project.db, { limit, scriptIds });
      if (ctx.values.json) {
        writeJson(ctx.stdout, runs);
        return 0;
      }
      if (!runs.length) {
        ctx.stdout.write('no runs recorded yet; start some with `simorg run`\n');
        return 0;
      }
      const k = paint(ctx.stdout);
      const long = ctx.values.long === true;
      const header = ['run', 'script', 'status', 'config', 'started', 'duration', 'figures'];
      if (long) header.push('exit', 'git', 'reason', 'tags', 'error');
      ctx.stdout.write(table(header, runs.map((r) => {
        const row = [r.runId, r.script, statusColor(r.status, k)(r.status), r.runConfig, formatTime(r.startedAt), formatDuration(r.durationMs),
          String(r.figures)];
        if (long) {
          row.push(r.signal ?? (r.exitCode === null ? '-' : String(r.exitCode)), r.gitCommit ? r.gitCommit.slice(0, 8) + (r.gitDirty ? '*' : '') : '-',
            r.reason ?? '', r.tags.join(','), (r.errorMessage ?? '').split('\n')[0]!.slice(0, 80));
        }
        return row;
      })));
      return 0;
    } finally {
      project.close();
    }
  },
});
