import { resolve } from 'node:path';
import { isSimorgError, OutputError, UsageError, type SimorgError } from '../errors.js';
import { formatHelp, parseCommandArgs } from './command.js';
import { asStoreError } from '../store/db-errors.js';
import { COMMAND_NAMES, loadCommand } from './commands.js';
import { SIMORG_VERSION as VERSION } from '../hook/version.js';

// The command list loads every command for its summary: only `--help` pays for that.
async function overview(): Promise<string> {
  const commands = await Promise.all(COMMAND_NAMES.map(async (name) => (await loadCommand(name))!));
  const width = Math.max(...COMMAND_NAMES.map((n) => n.length)) + 2;
  return [
    'Usage: simorg <command> [options]',
    '',
    'Track, run and keep fresh the scripts of a computational project.',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}${c.summary}`),
    '',
    'Run `simorg <command> --help` for the options of one command.',
    '',
  ].join('\n');
}

// Options given before the command name (`simorg --cwd DIR status`) are handed to the command as if
// given after it; only those every command takes are allowed there.
function leadingOptions(argv: string[]): { global: string[]; rest: string[] } {
  const global: string[] = [];
  let i = 0;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--cwd=')) global.push(a);
    else if (a === '--cwd') {
      if (argv[i + 1] === undefined)
        throw new UsageError('--cwd needs a folder', { hint: 'e.g. simorg --cwd ~/project status' });
      global.push(a, argv[++i]!);
    } else break;
  }
  return { global, rest: argv.slice(i) };
}

// The one place that maps errors to exit codes: usage 2, other user-caused failures 1,
// and a stack only for what is a bug in simorg. Output that cannot be written is said once here.
export async function main(
  argv: string[],
  io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const out = guardOutput(io.stdout);
  guardOutput(io.stderr);
  const code = await dispatch(argv, io);
  await settleOutput(io.stdout);
  if (!out.error) return code;
  const e = out.error;
  await report(
    io.stderr,
    new OutputError(
      `could not write the output to stdout: ${e.code === 'ENOSPC' ? 'no space left on the device' : e.message} (${e.code ?? 'error'})`,
      {
        hint: 'send the output to a file or pipe that can take it',
        cause: e,
      },
    ),
  );
  return code === 0 ? 1 : code;
}

/**
 * Keeps a failed write on `stream` from crashing the command (an unhandled 'error' event) and
 * remembers it. A reader that went away (EPIPE, as in `simorg run | head -1`) is no failure: later
 * writes go nowhere and the command finishes its work, exiting with its usual code.
 */
function guardOutput(stream: NodeJS.WritableStream): { error?: NodeJS.ErrnoException } {
  const state: { error?: NodeJS.ErrnoException } = {};
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') state.error ??= err;
  });
  return state;
}

/** Waits until what was written to `stream` is out (or failed), so a failure is known before exiting. */
async function settleOutput(stream: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((done) => {
    if ((stream as NodeJS.WriteStream).destroyed) done();
    else stream.write('', () => done());
  });
  await new Promise((done) => setImmediate(done)); // an 'error' event is emitted on a later tick
}

// output.ts (and its colour library) is loaded only when there is something to say: `--version`
// and commands that print through their own code do not pay for it.
async function report(stderr: NodeJS.WritableStream, err: SimorgError): Promise<void> {
  const { safeText } = await import('./output.js');
  // Messages quote what the user typed or a script wrote: escaped, as all untrusted text on a terminal.
  stderr.write(`simorg: ${safeText(err.message)}\n`);
  if (err.hint) stderr.write(`  ${safeText(err.hint)}\n`);
}

async function dispatch(
  argv: string[],
  io: { stdout: NodeJS.WriteStream; stderr: NodeJS.WriteStream },
): Promise<number> {
  try {
    const {
      global,
      rest: [name, ...rest],
    } = leadingOptions(argv);
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      const target = name === 'help' && rest[0] !== undefined ? await loadCommand(rest[0]) : undefined;
      io.stdout.write(target ? formatHelp(target) : await overview());
      return 0;
    }
    if (name === '--version' || name === '-v') {
      io.stdout.write(VERSION + '\n');
      return 0;
    }
    const cmd = await loadCommand(name);
    if (!cmd)
      throw new UsageError(`unknown command '${name}'`, { hint: `commands: ${COMMAND_NAMES.join(', ')}` });
    const parsed = parseCommandArgs(cmd, [...global, ...rest]);
    if (parsed.values.help) {
      io.stdout.write(formatHelp(cmd));
      return 0;
    }
    return await cmd.run({
      ...parsed,
      cwd: resolve(parsed.cwd ?? process.cwd()),
      stdout: io.stdout,
      stderr: io.stderr,
    });
  } catch (err) {
    err = asStoreError(err); // a locked, damaged or read-only database, met in any query
    if (isSimorgError(err)) {
      await report(io.stderr, err);
      return err instanceof UsageError ? 2 : 1;
    }
    io.stderr.write(
      `simorg: internal error (a bug, please report it)\n${(err as Error)?.stack ?? String(err)}\n`,
    );
    return 1;
  }
}
