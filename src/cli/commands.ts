import type { Command, CommandSpec } from './command.js';

// Every command by name, in the order `simorg --help` lists them; each file (one a command) holds
// its own summary, usage and options. Loaded on demand, so `simorg status` never pays for the code
// of `simorg watch`.
const COMMANDS: Record<string, () => Promise<{ default: CommandSpec }>> = {
  init: () => import('./init.js'),
  scan: () => import('./scan.js'),
  track: () => import('./track.js'),
  untrack: () => import('./untrack.js'),
  ls: () => import('./ls.js'),
  run: () => import('./run.js'),
  sweep: () => import('./sweep.js'),
  sweeps: () => import('./sweeps.js'),
  collate: () => import('./collate.js'),
  worker: () => import('./worker.js'),
  queue: () => import('./queue.js'),
  sync: () => import('./sync.js'),
  list: () => import('./list.js'),
  show: () => import('./show.js'),
  log: () => import('./log.js'),
  export: () => import('./export.js'),
  status: () => import('./status.js'),
  makefile: () => import('./makefile.js'),
  watch: () => import('./watch.js'),
  trace: () => import('./trace.js'),
  serve: () => import('./serve.js'),
};

export const COMMAND_NAMES: readonly string[] = Object.keys(COMMANDS);

/** The command called `name`, loaded; undefined when there is none. */
export async function loadCommand(name: string): Promise<Command | undefined> {
  const load = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  return load && { ...(await load()).default, name };
}
