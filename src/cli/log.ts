import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, RunError } from '../errors.js';
import { openProject } from '../project.js';
import { getRunRecord } from '../run/run-record.js';
import { resolveRunRef } from '../run/runs-query.js';
import { defineCommand } from './command.js';

export default defineCommand({
  name: 'log',
  summary: "print a run's output",
  usage: 'log <run id|prefix|script> [--stderr]',
  details: 'For a script, its latest run. The output is what the script printed, as it was captured (also for a killed run).',
  allowPositionals: true,
  options: { stderr: { type: 'boolean', short: 'e', description: 'print what it wrote to stderr instead' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw new UsageError('log: give one run id (or prefix) or script', { hint: 'see `simorg list`' });
    const project = await openProject(ctx.cwd, { readOnly: true });
    let file: string;
    try {
      const rec = getRunRecord(project.db, resolveRunRef(project, ctx.cwd, ctx.positionals[0]!))!;
      const rel = ctx.values.stderr ? rec.stderrPath : rec.stdoutPath;
      if (!rel) {
        throw new RunError(`run ${rec.runId} has no output: it never started${rec.error ? ` (${rec.error.message})` : ''}`);
      }
      file = join(project.root, rel);
      if (!existsSync(file)) throw new RunError(`the output file ${rel} of run ${rec.runId} is gone`, { hint: 'it was deleted from .simorg/runs' });
    } finally {
      project.close();
    }
    await new Promise<void>((done, fail) => {
      const s = createReadStream(file);
      s.on('error', fail);
      s.on('end', done);
      s.pipe(ctx.stdout, { end: false });
    });
    return 0;
  },
});
