import { resolve } from 'node:path';
import { isSimorgError, UsageError } from '../errors.js';
import { formatHelp, parseCommandArgs } from './command.js';
import { asStoreError } from '../store/db-errors.js';
import { COMMANDS } from './commands.js';

const VERSION = '0.1.0';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  return [
    'Usage: simorg <command> [options]',
    '',
    'Track, run and keep fresh the scripts of a computational project.',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `simorg <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

// The one place that maps errors to exit codes: usage 2, other user-caused failures 1,
// and a stack only for what is a bug in simorg.
export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    const target = name === 'help' ? COMMANDS.find((c) => c.name === rest[0]) : undefined;
    io.stdout.write(target ? formatHelp((await target.load()).default) : overview());
    return 0;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(VERSION + '\n');
    return 0;
  }
  const entry = COMMANDS.find((c) => c.name === name);
  try {
    if (!entry) {
      throw new UsageError(`unknown command '${name}'`, { hint: `commands: ${COMMANDS.map((c) => c.name).join(', ')}` });
    }
    const cmd = (await entry.load()).default;
    const parsed = parseCommandArgs(cmd, rest);
    if (parsed.values.help) {
      io.stdout.write(formatHelp(cmd));
      return 0;
    }
    return await cmd.run({ ...parsed, cwd: resolve(parsed.cwd ?? process.cwd()), stdout: io.stdout, stderr: io.stderr });
  } catch (err) {
    err = asStoreError(err); // a locked, damaged or read-only database, met in any query
    if (isSimorgError(err)) {
      io.stderr.write(`simorg: ${err.message}\n`);
      if (err.hint) io.stderr.write(`  ${err.hint}\n`);
      return err instanceof UsageError ? 2 : 1;
    }
    io.stderr.write(`simorg: internal error (a bug, please report it)\n${(err as Error)?.stack ?? String(err)}\n`);
    return 1;
  }
}
