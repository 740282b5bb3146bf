import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { SimorgError, UsageError } from '../errors.js';
import { readProvenance } from '../hook/provenance-read.js';
import type { Provenance } from '../hook/provenance.js';
import { defineCommand } from './command.js';

function lines(file: string, p: Provenance): string[] {
  const out = [
    `file:     ${file}`,
    `figure:   fig${String(p.figure.index).padStart(3, '0')} ${p.figure.name} (${p.figure.format})`,
    `script:   ${p.script}`,
    `saved:    ${p.time}`,
  ];
  if (p.runId) out.push(`run:      ${p.runId}`);
  out.push(p.git ? `commit:   ${p.git.commit}${p.git.dirty ? ' (dirty)' : p.git.dirty === false ? ' (clean)' : ''}${p.git.branch ? ` on ${p.git.branch}` : ''}` : 'commit:   (not in a git repository)');
  out.push(`by:       simorg ${p.version}, node ${p.node}`);
  return out;
}

export default defineCommand({
  name: 'trace',
  summary: 'print the provenance stored in a figure file',
  usage: 'trace <figure file...> [--json]',
  details:
    'Reads what simorg wrote into a saved figure (PNG text chunk, JPEG comment, SVG <metadata>,\n' +
    'PDF info dictionary, EPS comment): the script, when it ran, the run id and the git commit.',
  options: {
    json: { type: 'boolean', description: 'print the provenance as JSON' },
  },
  allowPositionals: true,
  run(ctx) {
    if (!ctx.positionals.length) throw new UsageError('simorg trace: name a figure file', { hint: 'e.g. simorg trace _output/figures/sim/png/fig000_figure_1.png' });
    const results: (Provenance & { file: string })[] = [];
    for (const f of ctx.positionals) {
      const file = resolve(ctx.cwd, f);
      let buf: Buffer;
      try {
        buf = readFileSync(file);
      } catch (cause) {
        throw new SimorgError('E_TRACE_READ', `cannot read ${f}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`, { cause });
      }
      const { format, provenance } = readProvenance(buf);
      if (!provenance) {
        throw new SimorgError(
          'E_TRACE_NONE',
          format ? `${f} is a ${format} file without simorg provenance` : `${f} is not a png, jpg, svg, pdf or eps file`,
          { hint: 'only figures saved by simorg carry it' },
        );
      }
      results.push({ file, ...provenance });
    }
    if (ctx.values.json) {
      ctx.stdout.write(JSON.stringify(results.length === 1 ? results[0] : results, null, 2) + '\n');
    } else {
      ctx.stdout.write(results.map((r) => lines(r.file, r).join('\n')).join('\n\n') + '\n');
    }
    return 0;
  },
});
