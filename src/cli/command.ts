import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../errors.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>[string] & {
  /** One line for --help. */
  description: string;
  /** Placeholder shown in --help for string options, e.g. NAME. */
  valueName?: string;
};

export interface CommandContext {
  /** Parsed options (after defaults). */
  values: Record<string, string | boolean | string[] | boolean[] | undefined>;
  positionals: string[];
  /** Arguments after a literal `--`, passed through to scripts. */
  passthrough: string[];
  /** Working directory the command acts from (--cwd or process.cwd()). */
  cwd: string;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface CommandSpec {
  /** One line for the command list. */
  summary: string;
  /** Usage line(s) after `simorg `, e.g. `run [scripts...] [options]`. */
  usage: string;
  /** Longer help text shown under the usage, optional. */
  details?: string;
  options: Record<string, OptionSpec>;
  /** Whether positionals are accepted. */
  allowPositionals?: boolean;
  /**
   * Whether what follows a literal `--` is handed to the scripts (`run`, `queue add`). Otherwise `--`
   * only ends the options, so `track -- -x.mjs` names a file `-x.mjs`. Unset: a usage showing
   * `[-- script args]` means yes.
   */
  passthrough?: boolean;
  run(ctx: CommandContext): Promise<number> | number;
}

/** A command with the name it is called by (the key it is listed under in commands.ts). */
export interface Command extends CommandSpec {
  name: string;
}

// Options every command takes.
export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  help: { type: 'boolean', short: 'h', description: 'show this help' },
  cwd: { type: 'string', valueName: 'DIR', description: 'act as if started in DIR' },
};

export function defineCommand(cmd: CommandSpec): CommandSpec {
  return cmd;
}

export function parseCommandArgs(
  cmd: Command,
  argv: string[],
): Omit<CommandContext, 'cwd' | 'stdout' | 'stderr'> & { cwd?: string } {
  const dd = takesPassthrough(cmd) ? argv.indexOf('--') : -1;
  const own = dd === -1 ? argv : argv.slice(0, dd);
  const passthrough = dd === -1 ? [] : argv.slice(dd + 1);
  const options: Record<string, OptionSpec> = { ...COMMON_OPTIONS, ...cmd.options };
  const parseOptions: NonNullable<ParseArgsConfig['options']> = {};
  for (const [k, v] of Object.entries(options)) {
    const { description: _d, valueName: _v, ...rest } = v;
    parseOptions[k] = rest;
  }
  let parsed;
  try {
    parsed = parseArgs({
      args: own,
      options: parseOptions,
      allowPositionals: cmd.allowPositionals ?? false,
      strict: true,
    });
  } catch (cause) {
    throw new UsageError(`simorg ${cmd.name}: ${(cause as Error).message.replace(/\. To specify.*$/s, '')}`, {
      hint: `see \`simorg ${cmd.name} --help\``,
      cause,
    });
  }
  const values = parsed.values as CommandContext['values'];
  return { values, positionals: parsed.positionals, passthrough, cwd: values.cwd as string | undefined };
}

const takesPassthrough = (cmd: Command): boolean => cmd.passthrough ?? /\[-- [^\]]*\]/.test(cmd.usage);

export function formatHelp(cmd: Command): string {
  const options: Record<string, OptionSpec> = { ...cmd.options, ...COMMON_OPTIONS };
  const rows = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.valueName ?? 'VALUE'}` : ''}`;
    const extra = o.default !== undefined && o.type === 'string' ? ` (default ${String(o.default)})` : '';
    return [flag, o.description + extra + (o.multiple ? ' (repeatable)' : '')] as const;
  });
  const width = Math.max(...rows.map(([f]) => f.length)) + 2;
  const lines = [`Usage: simorg ${cmd.usage}`, '', cmd.summary];
  if (cmd.details) lines.push('', cmd.details.trimEnd());
  lines.push('', 'Options:', ...rows.map(([f, d]) => `  ${f.padEnd(width)}${d}`));
  return lines.join('\n') + '\n';
}
