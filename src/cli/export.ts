import { closeSync, fsyncSync, openSync, renameSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { once } from 'node:events';
import { SimorgError, UsageError } from '../errors.js';
import { openProject } from '../project.js';
import { csvColumns, csvLine, exportRows } from '../run/export-rows.js';
import { metricNames, paramNames } from '../store/runs.js';
import { defineCommand } from './command.js';

export default defineCommand({
  summary: 'export every run as JSON or CSV',
  usage: 'export [--format json|csv] [--out FILE]',
  details: `One row per run, oldest first: parameters and metrics (param.<name> and metric.<name> columns
in CSV), run config, outcome, timing, git, machine. CSV is RFC 4180 (quoted where needed): pandas.read_csv or any spreadsheet reads it.`,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FMT', default: 'json', description: 'json or csv' },
    out: { type: 'string', short: 'o', valueName: 'FILE', description: 'write to FILE instead of stdout' },
  },
  async run(ctx) {
    const format = String(ctx.values.format);
    if (format !== 'json' && format !== 'csv')
      throw new UsageError(`--format expects json or csv, got '${format}'`);
    const out = ctx.values.out === undefined ? null : String(ctx.values.out);
    const project = await openProject(ctx.cwd);
    let sink: OutFile | null = null;
    let buf = '';
    // Buffered in chunks, and paced by the stream: 100,000 runs never sit in memory as one string.
    const write = async (s: string, force = false) => {
      buf += s;
      if (buf.length < 1 << 16 && !force) return;
      if (sink !== null) sink.write(buf);
      else if (!ctx.stdout.write(buf)) await once(ctx.stdout, 'drain');
      buf = '';
    };
    try {
      if (out !== null) sink = openOut(out, resolve(ctx.cwd, out));
      if (format === 'csv') {
        const params = paramNames(project.db);
        const metrics = metricNames(project.db);
        const header = csvColumns(params, metrics);
        await write(csvLine(header));
        for (const row of exportRows(project.db, true, params, metrics))
          await write(csvLine(header.map((h) => row[h])));
      } else {
        let first = true;
        await write('[');
        for (const row of exportRows(project.db, false)) {
          await write((first ? '\n  ' : ',\n  ') + JSON.stringify(row));
          first = false;
        }
        await write(first ? ']\n' : '\n]\n');
      }
      await write('', true);
      sink?.commit();
      sink = null;
      return 0;
    } finally {
      sink?.abandon();
      project.close();
    }
  },
});

// Said in words, with what to do; the errno stays in the message for searching.
const WHY: Record<string, string> = {
  ENOENT: 'its folder does not exist; create it or choose another --out',
  ENOTDIR: 'a file is in the way of its folder; choose another --out',
  EACCES: 'permission denied; choose a folder you can write to',
  EPERM: 'not permitted; choose a folder you can write to',
  EROFS: 'the file system is read-only; choose a writable folder',
  ENOSPC: 'the disk is full; free some space or choose another --out',
  EDQUOT: 'the disk quota is exceeded; free some space or choose another --out',
};

function outError(shown: string, cause: unknown): SimorgError {
  const code = (cause as NodeJS.ErrnoException).code ?? '';
  const why = WHY[code] ?? (cause as Error).message;
  const usage = code === 'ENOENT' || code === 'ENOTDIR';
  const msg = `cannot write --out ${shown}: ${why}${code && WHY[code] ? ` (${code})` : ''}`;
  return usage
    ? new UsageError(msg, { cause, code: 'E_EXPORT_OUT' })
    : new SimorgError(msg, { code: 'E_EXPORT_OUT', cause });
}

interface OutFile {
  write(s: string): void;
  /** Makes the export the file at --out (renames the temporary file over it). */
  commit(): void;
  /** Removes the temporary file: nothing partial is left, and an earlier export stays as it was. */
  abandon(): void;
}

/**
 * `--out`: a temporary file beside the target, renamed over it once complete. A device or FIFO
 * (`/dev/stdout`, a pipe) is written directly: there is nothing to rename over, and no file to
 * leave half-written.
 */
function openOut(shown: string, path: string): OutFile {
  let st;
  try {
    st = statSync(path);
  } catch {
    st = undefined;
  }
  if (st?.isDirectory()) {
    throw new UsageError(`--out ${shown} is a folder`, {
      hint: `name a file, e.g. --out ${join(shown, 'runs.csv')}`,
      code: 'E_EXPORT_OUT',
    });
  }
  const direct = st !== undefined && !st.isFile();
  const tmp = direct ? path : join(dirname(path), `.${basename(path)}.simorg-tmp${process.pid}`);
  let fd: number | null;
  try {
    fd = openSync(tmp, 'w');
  } catch (cause) {
    throw outError(shown, cause);
  }
  const close = () => {
    if (fd === null) return;
    const f = fd;
    fd = null;
    closeSync(f);
  };
  return {
    write(s) {
      try {
        // writeSync may write less than asked (a disk filling up): loop until all of it is down.
        const b = Buffer.from(s, 'utf8');
        for (let at = 0; at < b.length;) at += writeSync(fd!, b, at, b.length - at);
      } catch (cause) {
        throw outError(shown, cause);
      }
    },
    commit() {
      try {
        if (!direct) fsyncSync(fd!); // a crash after the rename must not leave an empty file
        close();
        if (!direct) renameSync(tmp, path);
      } catch (cause) {
        throw outError(shown, cause);
      }
    },
    abandon() {
      try {
        close();
      } catch {
        // the write error already said what went wrong
      }
      if (direct) return;
      try {
        unlinkSync(tmp);
      } catch {
        // already gone
      }
    },
  };
}
