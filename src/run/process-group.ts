// A run's script runs as the leader of its own process group (spawn.ts), with SIMORG_RUN_ID in its
// environment (child-env.ts), which every process it starts inherits — also those that leave the
// group with setsid() or `detached: true`. These find and stop a run's whole tree: while the worker
// is there to watch it, and after the worker was killed, when only the run id is left (queue.ts).
import { readdirSync, readFileSync } from 'node:fs';

/** Sends `signal` to the whole group led by `pid`; false when there is none. */
export function killGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/** A process of a run: its id and command name. */
export interface RunProcess {
  pid: number;
  name: string;
}

/**
 * The live processes carrying `SIMORG_RUN_ID=<runId>` in their environment, or in group `pgid`.
 * Linux (/proc) only; elsewhere the list is empty. The run id is random, so the environment check
 * never matches an unrelated process, whereas a pid or group id may have been reused.
 */
export function runProcesses(runId: string, pgid?: number): RunProcess[] {
  const mark = `SIMORG_RUN_ID=${runId}`;
  let procs: string[];
  try {
    procs = readdirSync('/proc');
  } catch {
    return [];
  }
  const found: RunProcess[] = [];
  for (const d of procs) {
    const c = d.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(d);
    if (pid === process.pid) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'latin1');
      const close = stat.lastIndexOf(')');
      // Fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp.
      const [state, , pgrp] = stat.slice(close + 2).split(' ', 3);
      if (state === 'Z' || state === 'X') continue; // dead already, waiting to be reaped
      const name = stat.slice(stat.indexOf('(') + 1, close);
      // The group needs no environment check: its leader is the run's own child, still unreaped.
      if (pgid !== undefined && Number(pgrp) === pgid) found.push({ pid, name });
      else if (readFileSync(`/proc/${d}/environ`, 'latin1').split('\0').includes(mark)) found.push({ pid, name });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/** Sends `signal` to the group `pgid` (when given) and to every process of run `runId`; returns those found. */
export function signalRun(runId: string, signal: NodeJS.Signals, pgid?: number): RunProcess[] {
  if (pgid !== undefined) killGroup(pgid, signal);
  const found = runProcesses(runId, pgid);
  for (const p of found) {
    try {
      process.kill(p.pid, signal);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/**
 * Kills (SIGKILL) what is left of run `runId` after its worker died, and returns how many processes.
 * By environment only: with nobody left to reap the script, its group id may since have been reused.
 */
export function killOrphanedRun(runId: string): number {
  return signalRun(runId, 'SIGKILL').length;
}

/** "1234 sleep, 1240 python3" for a message, at most a few named. */
export function describeProcesses(list: RunProcess[]): string {
  const shown = list.slice(0, 5).map((p) => `${p.pid} ${p.name}`).join(', ');
  return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}
