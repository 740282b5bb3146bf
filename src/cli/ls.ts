import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { openProject } from '../project.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand } from './command.js';
import { formatTime, paint, safeLine, table, writeJson } from './output.js';

export default defineCommand({
  summary: 'list tracked scripts',
  usage: 'ls [scripts, folders or globs...] [--group G] [--json]',
  allowPositionals: true,
  options: {
    group: { type: 'string', short: 'g', valueName: 'G', description: 'only scripts of group G' },
    json: { type: 'boolean', description: 'print JSON: [{path, group, trackedAt, exists}]' },
  },
  async run(ctx) {
    const project = await openProject(ctx.cwd, { readOnly: true });
    try {
      const group = ctx.values.group as string | undefined;
      const scripts = resolveScripts(project, ctx.cwd, ctx.positionals, { group });
      const rows = scripts.map((s) => ({ ...s, exists: existsSync(join(project.root, s.path)) }));
      if (ctx.values.json) {
        writeJson(
          ctx.stdout,
          rows.map((s) => ({
            path: s.path,
            group: s.group,
            trackedAt: new Date(s.trackedAt).toISOString(),
            exists: s.exists,
          })),
        );
        return 0;
      }
      if (!rows.length) {
        ctx.stdout.write(
          group
            ? `no tracked scripts in group '${safeLine(group)}'\n`
            : 'no tracked scripts (find some with `simorg scan`, add them with `simorg track`)\n',
        );
        return 0;
      }
      const color = paint(ctx.stdout);
      ctx.stdout.write(
        table(
          ['SCRIPT', 'GROUP', 'TRACKED'],
          rows.map((s) => [
            s.exists ? safeLine(s.path) : `${safeLine(s.path)} ${color.red('(missing)')}`,
            s.group === null ? '-' : safeLine(s.group),
            formatTime(s.trackedAt),
          ]),
        ),
      );
      return 0;
    } finally {
      project.close();
    }
  },
});
