import { renameSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { StatusIndex } from '../fresh/evaluate.js';
import { makefileRules } from '../fresh/makefile.js';
import { openProject } from '../project.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand } from './command.js';

export default defineCommand({
  name: 'makefile',
  summary: 'write Makefile rules from the recorded dependencies',
  usage: 'makefile [scripts or globs...] [--group G] [--out FILE]',
  details: `Writes one rule per script: a stamp .simorg/stamps/<script>.stamp that depends on the script,
its local modules and the files it read, made by \`simorg run --if-stale <script>\`; the files a script
wrote are targets of its stamp, so make runs upstream scripts first. Include the file from a Makefile
in the project root (\`-include simorg.mk\`) and build the target simorg-all, or one stamp.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', valueName: 'G', description: 'only scripts of group G' },
    out: { type: 'string', valueName: 'FILE', description: 'where to write; - for stdout (default simorg.mk in the project root)' },
  },
  async run(ctx) {
    const project = await openProject(ctx.cwd);
    try {
      const index = new StatusIndex(project);
      let text;
      try {
        const scripts = resolveScripts(project, ctx.cwd, ctx.positionals, { group: ctx.values.group as string | undefined });
        text = await makefileRules(index, scripts.map((s) => index.state(s)));
      } finally {
        index.finish();
      }
      const out = ctx.values.out as string | undefined;
      if (out === '-') {
        ctx.stdout.write(text);
        return 0;
      }
      const file = out === undefined ? join(project.root, 'simorg.mk') : resolve(ctx.cwd, out);
      // Written whole then renamed: a make reading it meanwhile never sees half a file.
      writeFileSync(`${file}.tmp`, text);
      renameSync(`${file}.tmp`, file);
      ctx.stdout.write(`wrote ${relative(ctx.cwd, file) || file}\n`);
      return 0;
    } finally {
      project.close();
    }
  },
});
