import { progressOf } from '../sweep/collate.js';
import { listSweeps } from '../store/sweeps.js';
import { openForReading } from './_open-reading.js';
import { defineCommand } from './command.js';
import { formatTime, paint, safeLine, table, writeJson } from './output.js';

export default defineCommand({
  summary: 'list sweeps with their progress',
  usage: 'sweeps [--json]',
  details: `Newest first: each sweep's id, name, script, run config, and its jobs by the status of their last
run (done = succeeded, failed = failed, timed-out or cancelled), queued, running, and never run.`,
  options: { json: { type: 'boolean', description: 'print JSON' } },
  async run(ctx) {
    const project = await openForReading(ctx.cwd);
    try {
      const rows = listSweeps(project.db).map((s) => {
        const p = progressOf(project, s);
        return {
          id: s.id,
          name: s.name,
          script: s.script,
          runConfig: s.runConfig,
          jobs: p.total,
          done: p.succeeded,
          failed: p.failed + p['timed-out'] + p.cancelled,
          queued: p.queued,
          running: p.running,
          neverRun: p['never-run'],
          updatedAt: s.updatedAt,
        };
      });
      if (ctx.values.json) {
        writeJson(ctx.stdout, rows);
        return 0;
      }
      if (!rows.length) {
        ctx.stdout.write("no sweeps yet; start one with `simorg sweep <script> --sweep 'key=v1,v2'`\n");
        return 0;
      }
      const color = paint(ctx.stdout);
      ctx.stdout.write(
        table(
          [
            'id',
            'name',
            'script',
            'config',
            'jobs',
            'done',
            'failed',
            'queued',
            'running',
            'never run',
            'updated',
          ],
          rows.map((r) => [
            String(r.id),
            safeLine(r.name),
            safeLine(r.script),
            safeLine(r.runConfig),
            String(r.jobs),
            color.green(String(r.done)),
            r.failed ? color.red(String(r.failed)) : '0',
            String(r.queued),
            String(r.running),
            String(r.neverRun),
            formatTime(r.updatedAt),
          ]),
        ),
      );
      return 0;
    } finally {
      project.close();
    }
  },
});
