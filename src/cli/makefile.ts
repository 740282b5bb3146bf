import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { SimorgError, UsageError } from '../errors.js';
import { StatusIndex } from '../fresh/status-index.js';
import { isMakeConfigName, makefileRules } from '../fresh/makefile.js';
import { openProject } from '../project.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand } from './command.js';

export default defineCommand({
  summary: 'write Makefile rules from the recorded dependencies',
  usage: 'makefile [scripts or globs...] [--group G] [--out FILE]',
  details: `Writes one rule per script: a stamp .simorg/stamps/$(SIMORG_CONFIG)/<script>.stamp that depends
on the script, its local modules and the files it read, made by
\`simorg run --if-stale --config $(SIMORG_CONFIG) <script>\`; the files a script wrote are targets of
its stamp, so make runs upstream scripts first. SIMORG_CONFIG defaults to the project's
defaultRunConfig; each run config keeps its own stamps. Include the file from a Makefile in the
project root (\`-include simorg.mk\`) and build the target simorg-all, or one stamp. A file name make
cannot take (a newline, a tab, a ';', a leading '~'...) is left out with a warning on stderr.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', valueName: 'G', description: 'only scripts of group G' },
    out: {
      type: 'string',
      valueName: 'FILE',
      description: 'where to write; - for stdout (default simorg.mk in the project root)',
    },
  },
  async run(ctx) {
    const project = await openProject(ctx.cwd);
    try {
      const defaultConfig = project.config.defaultRunConfig;
      if (!isMakeConfigName(defaultConfig)) {
        throw new UsageError(
          `the default run config '${defaultConfig}' cannot be a make variable's value and a folder name in simorg.mk`,
          {
            hint: 'give it a name of letters, digits and . _ - + @ , (in "runConfigs" and "defaultRunConfig")',
          },
        );
      }
      const index = new StatusIndex(project);
      let made;
      try {
        const scripts = resolveScripts(project, ctx.cwd, ctx.positionals, {
          group: ctx.values.group as string | undefined,
        });
        made = await makefileRules(
          index,
          scripts.map((s) => index.state(s)),
          { defaultConfig },
        );
      } finally {
        index.finish();
      }
      for (const w of made.warnings) ctx.stderr.write(`simorg: warning: ${w}\n`);
      const out = ctx.values.out as string | undefined;
      if (out === '-') {
        ctx.stdout.write(made.text);
        return 0;
      }
      const file = out === undefined ? join(project.root, 'simorg.mk') : resolve(ctx.cwd, out);
      const shown = relative(ctx.cwd, file) || file;
      writeWhole(file, made.text, shown);
      ctx.stdout.write(`wrote ${shown}\n`);
      return 0;
    } finally {
      project.close();
    }
  },
});

// Written whole then renamed: a make reading it meanwhile never sees half a file. The temporary
// name is this writer's own (pid and random), in the same folder (a rename does not cross
// filesystems): two `simorg makefile` at once (a Makefile's deps target under make -j) each
// rename a whole file of their own, the last one wins, and neither finds its file taken away.
function writeWhole(file: string, text: string, shown: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    renameSync(tmp, file);
  } catch (err) {
    // Not when the name was taken (wx): that file is not ours. rmSync throws even with force when
    // the folder is a file (ENOTDIR), and the error to report is the first one.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
      try {
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written there
      }
    throw new SimorgError(`could not write ${shown}: ${(err as Error).message}`, {
      code: 'E_OUTPUT',
      hint: 'check the folder exists and can be written, or give --out - for stdout',
    });
  }
}
