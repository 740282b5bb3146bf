import { openForReading } from './_open-reading.js';
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError, RunError } from '../errors.js';
import { getRunRecord } from '../store/run-record.js';
import { resolveRunRef } from '../run/runs-query.js';
import { defineCommand } from './command.js';
import { safeLine } from './output.js';

export default defineCommand({
  summary: "print a run's output",
  usage: 'log <run id|prefix|script> [--stderr]',
  details: `For a script (its path, or the unique end of it: \`bad.mjs\` for \`sims/bad.mjs\`; untracked
ones too), its latest run. A run id prefix needs 4+ characters.
The output is what the script printed, as it was captured (also for a killed run).`,
  allowPositionals: true,
  options: { stderr: { type: 'boolean', short: 'e', description: 'print what it wrote to stderr instead' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1)
      throw new UsageError('log: give one run id (or prefix) or script', { hint: 'see `simorg list`' });
    const project = await openForReading(ctx.cwd);
    let file: string;
    try {
      const rec = getRunRecord(project.db, resolveRunRef(project, ctx.cwd, ctx.positionals[0]!))!;
      const rel = ctx.values.stderr ? rec.stderrPath : rec.stdoutPath;
      if (!rel) {
        throw new RunError(
          `run ${rec.runId} has no output: it never started${rec.error ? ` (${safeLine(rec.error.message)})` : ''}`,
        );
      }
      file = join(project.root, rel);
      if (!existsSync(file))
        throw new RunError(`the output file ${safeLine(rel)} of run ${rec.runId} is gone`, {
          hint: 'it was deleted from .simorg/runs',
        });
    } finally {
      project.close();
    }
    await copyOut(file, ctx.stdout);
    return 0;
  },
});

// The output file as it is, bytes unchanged (what the script printed, for a pager or a file). A
// reader that leaves early (`| head`) ends the copy quietly; main reports a destination that fails.
function copyOut(file: string, out: NodeJS.WritableStream): Promise<void> {
  return new Promise<void>((done, fail) => {
    const src = createReadStream(file);
    const stop = () => {
      src.destroy();
      done();
    };
    src.on('error', (cause) =>
      fail(new RunError(`cannot read the output file ${file}: ${cause.message}`, { cause })),
    );
    src.on('end', () => {
      out.off('error', stop);
      out.off('close', stop);
      done();
    });
    out.once('error', stop);
    out.once('close', stop);
    if ((out as NodeJS.WriteStream).destroyed) stop();
    else src.pipe(out, { end: false });
  });
}
