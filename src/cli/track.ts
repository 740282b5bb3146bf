import { UsageError } from '../errors.js';
import { openProject } from '../project.js';
import { trackScripts } from '../track/track.js';
import { defineCommand } from './command.js';
import { paint, safeLine, writeJson } from './output.js';

export default defineCommand({
  summary: 'start tracking scripts',
  usage: 'track <files, folders or globs...> [--group G] [--json]',
  details: `Paths are relative to the current folder; quote globs ('sims/**/*.ts') so simorg expands them
over the project (skipping node_modules, hidden folders, figure outputs and "exclude"). A folder
means every script under it. A missing file, a path outside the project or a glob that matches
nothing stops the command with nothing tracked. Scripts matching a group's globs in the config
get that group unless --group is given; --group on a tracked script changes its group.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', short: 'g', valueName: 'G', description: 'put the scripts in group G' },
    json: { type: 'boolean', description: 'print JSON: {added, regrouped, unchanged}' },
  },
  async run(ctx) {
    if (!ctx.positionals.length)
      throw new UsageError('simorg track: name the scripts to track', {
        hint: "e.g. simorg track sims/run.py 'analysis/**/*.ts'",
      });
    const group = ctx.values.group as string | undefined;
    if (group !== undefined && !group.trim())
      throw new UsageError('--group needs a name', { hint: 'e.g. --group sims' });
    const project = await openProject(ctx.cwd);
    try {
      const res = trackScripts(project, ctx.cwd, ctx.positionals, { group });
      if (ctx.values.json) {
        writeJson(ctx.stdout, res);
        return 0;
      }
      const color = paint(ctx.stdout);
      const g = (x: string | null) => (x ? color.gray(`  (group ${safeLine(x)})`) : '');
      for (const s of res.added)
        ctx.stdout.write(`${color.green('tracked')} ${safeLine(s.path)}${g(s.group)}\n`);
      for (const s of res.regrouped)
        ctx.stdout.write(`${color.blue('regrouped')} ${safeLine(s.path)}${g(s.group)}\n`);
      for (const s of res.unchanged) ctx.stdout.write(`already tracked: ${safeLine(s.path)}${g(s.group)}\n`);
      return 0;
    } finally {
      project.close();
    }
  },
});
