import { closeSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { once } from 'node:events';
import { UsageError } from '../errors.js';
import { openProject } from '../project.js';
import { csvColumns, csvLine, exportRows, paramNames } from '../run/export-rows.js';
import { defineCommand } from './command.js';

export default defineCommand({
  name: 'export',
  summary: 'export every run as JSON or CSV',
  usage: 'export [--format json|csv] [--out FILE]',
  details: `One row per run, oldest first: parameters (param.<name> columns in CSV), run config, outcome, timing,
git, machine. CSV is RFC 4180 (quoted where needed): pandas.read_csv or any spreadsheet reads it.`,
  options: {
    format: { type: 'string', short: 'f', valueName: 'FMT', default: 'json', description: 'json or csv' },
    out: { type: 'string', short: 'o', valueName: 'FILE', description: 'write to FILE instead of stdout' },
  },
  async run(ctx) {
    const format = String(ctx.values.format);
    if (format !== 'json' && format !== 'csv') throw new UsageError(`--format expects json or csv, got '${format}'`);
    const project = await openProject(ctx.cwd);
    const fd = ctx.values.out ? openSync(resolve(ctx.cwd, String(ctx.values.out)), 'w') : null;
    let buf = '';
    // Buffered in chunks, and paced by the stream: 100,000 runs never sit in memory as one string.
    const write = async (s: string, force = false) => {
      buf += s;
      if (buf.length < 1 << 16 && !force) return;
      if (fd !== null) writeSync(fd, buf);
      else if (!ctx.stdout.write(buf)) await once(ctx.stdout, 'drain');
      buf = '';
    };
    try {
      if (format === 'csv') {
        const params = paramNames(project.db);
        const header = csvColumns(params);
        await write(csvLine(header));
        for (const row of exportRows(project.db, true, params)) await write(csvLine(header.map((h) => row[h])));
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
      return 0;
    } finally {
      if (fd !== null) closeSync(fd);
      project.close();
    }
  },
});
