import { openProject } from '../project.js';
import { monitoredDirs, scanProject } from '../track/scan.js';
import { defineCommand } from './command.js';
import { formatDuration, paint, writeJson } from './output.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export default defineCommand({
  summary: 'find untracked scripts in the monitored folders',
  usage: 'scan [--json] [--dry-run]',
  details: `Walks the folders listed under "monitor" in the config (the whole project when none are),
lists the scripts found there that are not tracked, and tracks the new ones in folders marked
"autoTrack" (with that folder's group). A script you untracked by hand is never tracked again
by scan; \`simorg track\` brings it back. A file that tracked or found scripts import (seen in their
runs, or in their import statements) is a helper module: it is listed apart and never auto-tracked;
one you tracked by hand stays tracked.`,
  options: {
    json: {
      type: 'boolean',
      description: 'print JSON: {scanned, tracked, untracked, modules, missing, missingDirs, unreadable, ms}',
    },
    'dry-run': { type: 'boolean', description: 'track nothing, only report' },
  },
  async run(ctx) {
    const project = await openProject(ctx.cwd);
    try {
      const res = scanProject(project, { dryRun: ctx.values['dry-run'] === true });
      if (ctx.values.json) {
        writeJson(ctx.stdout, { ...res, ms: Math.round(res.ms) });
        return 0;
      }
      const color = paint(ctx.stdout);
      // One write at the end: a first scan can list tens of thousands of scripts.
      const lines: string[] = [];
      const out = (s: string) => void lines.push(s);
      const folders = monitoredDirs(project).length - res.missingDirs.length;
      const modules = res.modules.length ? `, ${plural(res.modules.length, 'module')}` : '';
      out(
        `scanned ${plural(folders, 'folder')}: ${plural(res.scanned - res.modules.length, 'script')}${modules} (${formatDuration(res.ms)})`,
      );
      for (const d of res.missingDirs)
        out(color.gray(`  skipped the monitored folder ${d}: it does not exist`));
      for (const d of res.unreadable) out(color.yellow(`  cannot read ${d} (permission denied), skipped`));
      if (res.tracked.length) {
        out(`${color.green('tracked')} ${plural(res.tracked.length, 'new script')} from autoTrack folders:`);
        for (const s of res.tracked) out(`  ${s.path}${s.group ? color.gray(`  (group ${s.group})`) : ''}`);
      }
      if (res.untracked.length) {
        out(`${color.yellow('untracked')}: ${plural(res.untracked.length, 'script')}`);
        for (const s of res.untracked)
          out(`  ${s.path}${s.wasUntracked ? color.gray('  (untracked by hand)') : ''}`);
        out(color.gray('  track them with: simorg track <files or globs>'));
      } else {
        out('every script found is tracked');
      }
      if (res.modules.length) {
        out(
          `modules (imported by tracked or found scripts, not tracked): ${plural(res.modules.length, 'file')}`,
        );
        for (const m of res.modules) out(`  ${m.path}${color.gray(`  (imported by ${m.importedBy})`)}`);
        out(
          color.gray(
            '  they run as part of the scripts that import them; `simorg track` one to run it alone',
          ),
        );
      }
      if (res.missing.length) {
        out(`${color.red('missing')}: ${plural(res.missing.length, 'tracked script')} no longer on disk:`);
        for (const p of res.missing) out(`  ${p}`);
        out(color.gray('  untrack them with: simorg untrack <files>'));
      }
      ctx.stdout.write(lines.join('\n') + '\n');
      return 0;
    } finally {
      project.close();
    }
  },
});
