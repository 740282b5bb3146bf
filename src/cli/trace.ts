import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import { SimorgError, UsageError } from '../errors.js';
import { FORMATS_IN_WORDS } from '../hook/formats.js';
import { readProvenanceFrom, type ProvenanceResult } from '../hook/provenance/provenance-read.js';
import type { Provenance } from '../hook/provenance/provenance.js';
import { defineCommand } from './command.js';

/**
 * Text from a figure file made safe for a terminal: control characters (C0, DEL, C1), line and
 * paragraph separators and bidirectional overrides are shown as escapes, so a forged value can
 * neither run terminal sequences (titles, clearing) nor forge a line of output.
 */
export function shown(s: string): string {
  return s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const n = c.charCodeAt(0);
    if (c === '\n') return '\\n';
    if (c === '\r') return '\\r';
    if (c === '\t') return '\\t';
    return n <= 0xff ? `\\x${n.toString(16).padStart(2, '0')}` : `\\u${n.toString(16).padStart(4, '0')}`;
  });
}

const UNSAFE_IN_JSON = /[\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function lines(file: string, p: Provenance): string[] {
  const out = [
    `file:     ${shown(file)}`,
    `figure:   fig${String(p.figure.index).padStart(3, '0')} ${shown(p.figure.name)} (${shown(p.figure.format)})`,
    `script:   ${shown(p.script)}`,
    `saved:    ${shown(p.time)}`,
  ];
  if (p.runId !== undefined) out.push(`run:      ${shown(p.runId)}`);
  const g = p.git;
  out.push(
    g
      ? `commit:   ${shown(g.commit)}${g.dirty ? ' (dirty)' : g.dirty === false ? ' (clean)' : ''}${g.branch ? ` on ${shown(g.branch)}` : ''}`
      : 'commit:   (not in a git repository)',
  );
  out.push(`by:       simorg ${shown(p.version)}, node ${shown(p.node)}`);
  return out;
}

function kindOf(st: Stats): string {
  if (st.isDirectory()) return 'a folder';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Provenance of one file, reading only the bounded windows where metadata lives. Opened without
 * blocking (a FIFO with no writer would otherwise hang the open) and refused unless a regular file
 * (/dev/zero never ends).
 */
function traceFile(f: string, file: string): ProvenanceResult {
  let fd: number;
  try {
    fd = openSync(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (cause) {
    throw new SimorgError(
      `cannot read ${shown(f)}: ${(cause as NodeJS.ErrnoException).code ?? (cause as Error).message}`,
      { code: 'E_TRACE_READ', cause },
    );
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) {
      throw new SimorgError(`${shown(f)} is ${kindOf(st)}, not a figure file`, {
        code: 'E_TRACE_READ',
        hint: `name a saved figure (${FORMATS_IN_WORDS})`,
      });
    }
    return readProvenanceFrom({
      size: st.size,
      read(position, length) {
        const buf = Buffer.alloc(length);
        let got = 0;
        while (got < length) {
          const n = readSync(fd, buf, got, length - got, position + got);
          if (n === 0) break;
          got += n;
        }
        return buf.subarray(0, got);
      },
    });
  } finally {
    closeSync(fd);
  }
}

export default defineCommand({
  summary: 'print the provenance stored in a figure file',
  usage: 'trace <figure file...> [--json]',
  details:
    'Reads what simorg wrote into a saved figure (PNG text chunk, JPEG comment, SVG <metadata>,\n' +
    'PDF info dictionary, EPS comment): the script, when it ran, the run id and the git commit.\n' +
    "Only regular files are read, and only where the metadata is: the first and last MiB (and a PDF's\n" +
    'Info object, found through its trailer).',
  options: {
    json: { type: 'boolean', description: 'print the provenance as JSON' },
  },
  allowPositionals: true,
  run(ctx) {
    if (!ctx.positionals.length)
      throw new UsageError('simorg trace: name a figure file', {
        hint: 'e.g. simorg trace _output/figures/sim/png/fig000_figure_1.png',
      });
    const results: (Provenance & { file: string })[] = [];
    for (const f of ctx.positionals) {
      const file = resolve(ctx.cwd, f);
      const { format, provenance, invalid } = traceFile(f, file);
      if (invalid) {
        throw new SimorgError(
          `${shown(f)} has simorg provenance that is not valid: ${shown(invalid.join('; '))}`,
          {
            code: 'E_TRACE_INVALID',
            hint: 'it was not written by simorg as it stands (edited or forged); save the figure again by re-running its script',
          },
        );
      }
      if (!provenance) {
        throw new SimorgError(
          format
            ? `${shown(f)} is a ${format} file without simorg provenance`
            : `${shown(f)} is not a ${FORMATS_IN_WORDS} file`,
          { code: 'E_TRACE_NONE', hint: 'only figures saved by simorg carry it' },
        );
      }
      results.push({ file, ...provenance });
    }
    if (ctx.values.json) {
      // JSON.stringify escapes C0 controls; the C1 ones (U+009B is a CSI to some terminals) and
      // bidirectional overrides are escaped here the same way, which is still the same JSON.
      const json = JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
      ctx.stdout.write(
        json.replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) + '\n',
      );
    } else {
      ctx.stdout.write(results.map((r) => lines(r.file, r).join('\n')).join('\n\n') + '\n');
    }
    return 0;
  },
});
