import type { Command } from './command.js';

export interface CommandEntry {
  name: string;
  summary: string;
  // Loaded on demand so `simorg status` never pays for the code of `simorg watch`.
  load: () => Promise<{ default: Command }>;
}

// Every command, in the order `simorg --help` lists them. One file per command in src/cli/.
export const COMMANDS: CommandEntry[] = [
  { name: 'init', summary: 'create the config file and the database', load: () => import('./init.js') },
  { name: 'scan', summary: 'find untracked scripts in the monitored folders', load: () => import('./scan.js') },
  { name: 'track', summary: 'start tracking scripts', load: () => import('./track.js') },
  { name: 'untrack', summary: 'stop tracking scripts (their runs are kept)', load: () => import('./untrack.js') },
  { name: 'ls', summary: 'list tracked scripts', load: () => import('./ls.js') },
  { name: 'run', summary: 'queue scripts and run them with parallel workers', load: () => import('./run.js') },
  { name: 'sweep', summary: 'run a script over a space of parameters', load: () => import('./sweep.js') },
  { name: 'sweeps', summary: 'list sweeps with their progress', load: () => import('./sweeps.js') },
  { name: 'collate', summary: "one row per job of a sweep: parameters, metrics, status", load: () => import('./collate.js') },
  { name: 'worker', summary: 'take jobs from the queue until stopped', load: () => import('./worker.js') },
  { name: 'queue', summary: 'show, add to, cancel or clear the job queue', load: () => import('./queue.js') },
  { name: 'list', summary: 'list recorded runs', load: () => import('./list.js') },
  { name: 'show', summary: 'show the whole record of a run', load: () => import('./show.js') },
  { name: 'log', summary: "print a run's output", load: () => import('./log.js') },
  { name: 'export', summary: 'export every run as JSON or CSV', load: () => import('./export.js') },
  { name: 'status', summary: 'what is never run, fresh, stale (and why) or failed', load: () => import('./status.js') },
  { name: 'makefile', summary: 'write Makefile rules from the recorded dependencies', load: () => import('./makefile.js') },
  { name: 'watch', summary: 're-run scripts as they become stale', load: () => import('./watch.js') },
  { name: 'trace', summary: 'print the provenance stored in a figure file', load: () => import('./trace.js') },
];
