import { join, relative } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { RUNS_DIR, STATE_DIR } from '../config/defaults.js';
import { loadConfig } from '../config/load.js';
import { StoreError, UsageError } from '../errors.js';
import { initProject, openProject, rebuildResults, refuseWhileRunning, type Project } from '../project.js';
import { countResults } from '../store/results.js';
import { sweepAbandoned } from '../run/queue.js';
import { recordRunsFromFolders, type Recovered } from '../run/runs-from-folders.js';
import { openDb } from '../store/db.js';
import { REPLACEABLE } from '../store/db-errors.js';
import { replaceDatabase } from '../store/replace.js';
import { listScripts } from '../track/scripts.js';
import { defineCommand, type CommandContext } from './command.js';
import { paint } from './output.js';

const shown = (cwd: string, abs: string): string => relative(cwd, abs) || '.';
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

async function confirm(ctx: CommandContext, question: string): Promise<boolean> {
  if (ctx.values.yes) return true;
  if (!process.stdin.isTTY || !(ctx.stderr as NodeJS.WriteStream).isTTY) {
    throw new UsageError(
      'init --rebuild deletes every recorded run and needs confirming, but there is no terminal to ask on',
      {
        code: 'E_CONFIRM',
        hint: 'pass --yes to confirm: simorg init --rebuild --yes',
      },
    );
  }
  const rl = createInterface({ input: process.stdin, output: ctx.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

async function rebuild(ctx: CommandContext, project: Project): Promise<number> {
  // Before asking (and again where it deletes): a live worker's job stops it, a dead one's does not.
  project.db.transaction(() => sweepAbandoned(project.db)).immediate();
  refuseWhileRunning(project.db);
  const counts = countResults(project.db);
  const scripts = listScripts(project).length;
  const what = `${plural(counts.runs, 'run')}, ${plural(counts.figures, 'figure record')} and ${plural(counts.jobs, 'job')}`;
  if (
    !(await confirm(
      ctx,
      `Delete ${what} in ${project.root}? The ${plural(scripts, 'tracked script')} are kept.`,
    ))
  ) {
    ctx.stdout.write('nothing deleted\n');
    return 0;
  }
  rebuildResults(project, (db) => sweepAbandoned(db)); // a dead worker's job does not count as running
  ctx.stdout.write(`deleted ${what}, and .simorg/runs/; kept ${plural(scripts, 'tracked script')}\n`);
  return 0;
}

// A database too broken to open: set it aside (never deleted) and start a new one.
async function replaceBroken(ctx: CommandContext, broken: StoreError): Promise<number> {
  const config = (await loadConfig(ctx.cwd))!;
  const why = broken.message.replace(/^the database \S+ (cannot be used: )?/, '');
  if (!(await confirm(ctx, `The database ${config.database} ${why}. Set it aside and start a new one?`))) {
    ctx.stdout.write('nothing changed\n');
    return 0;
  }
  const r = replaceDatabase(config.database);
  // The runs the broken file held are in their folders too: recorded again from there.
  const db = openDb(config.database);
  let back: Recovered;
  try {
    back = recordRunsFromFolders(db, config.root);
  } finally {
    db.close();
  }
  const scriptsBack = back.scripts ? ` (and ${plural(back.scripts, 'script')} of those runs)` : '';
  ctx.stdout.write(
    `set the broken database aside as ${shown(ctx.cwd, r.aside)}; new database ${shown(ctx.cwd, config.database)} with ${plural(r.scripts, 'tracked script')} carried over\n` +
      `recorded ${plural(back.runs, 'run')} again from ${shown(ctx.cwd, join(config.root, RUNS_DIR))}/${scriptsBack}\n`,
  );
  return 0;
}

export default defineCommand({
  summary: 'create the config file and the database',
  usage: 'init [--rebuild [--yes]]',
  details: `Writes a commented .simorgrc.json here (unless a simorg config is found here or in a folder
above, which is then used), creates .simorg/ (git-ignored) and the database in it.
Running it again changes nothing. With --rebuild, deletes every result (runs, figures records,
jobs, hash cache, .simorg/runs/) and keeps the tracked scripts. A database too broken to open
(emptied, damaged, altered) is set aside instead, never deleted, and the new one is given the
tracked scripts it still yields and the runs recorded in .simorg/runs/ (each run's outcome.json).`,
  options: {
    rebuild: { type: 'boolean', description: 'delete every recorded result, keeping tracked scripts' },
    yes: { type: 'boolean', short: 'y', description: 'do not ask before --rebuild deletes results' },
  },
  async run(ctx) {
    if (ctx.values.yes && !ctx.values.rebuild)
      throw new UsageError('--yes only goes with --rebuild', { hint: 'simorg init --rebuild --yes' });
    if (ctx.values.rebuild) {
      let project: Project;
      try {
        project = await openProject(ctx.cwd);
      } catch (err) {
        if (!(err instanceof StoreError) || !REPLACEABLE.has(err.code)) throw err;
        return replaceBroken(ctx, err);
      }
      try {
        return await rebuild(ctx, project);
      } finally {
        project.close();
      }
    }
    const res = await initProject(ctx.cwd);
    const color = paint(ctx.stdout);
    const { created } = res;
    const cfg = shown(ctx.cwd, res.configFile);
    if (created.config)
      ctx.stdout.write(
        `${color.green('created')} ${cfg}  (edit it to set monitored folders, groups, run configs)\n`,
      );
    else if (res.root !== ctx.cwd)
      ctx.stdout.write(
        `using the config ${res.configFile} found above this folder (project root ${res.root})\n`,
      );
    if (created.stateDir)
      ctx.stdout.write(
        `${color.green('created')} ${shown(ctx.cwd, join(res.root, STATE_DIR))}/  (git-ignored)\n`,
      );
    if (created.database)
      ctx.stdout.write(`${color.green('created')} the database ${shown(ctx.cwd, res.database)}\n`);
    if (!created.config && !created.stateDir && !created.database) {
      ctx.stdout.write(
        `already set up, nothing changed: config ${cfg}, database ${shown(ctx.cwd, res.database)}\n`,
      );
    } else {
      ctx.stdout.write(`next: simorg scan  (find scripts), simorg track <files or globs>\n`);
    }
    return 0;
  },
});
