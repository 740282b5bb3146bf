// A run's script runs as the leader of its own process group (spawn.ts), with SIMORG_RUN_ID in its
// environment (child-env.ts), which every process it starts inherits — also those that leave the
// group with setsid() or `detached: true`. These find and stop a run's whole tree: while the worker
// is there to watch it, and after the worker was killed, when only the run id is left (queue.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { isDead, procStat } from './proc-stat.js';

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

// The most recently allocated pid (last field of /proc/loadavg), or null when unknown.
function lastPid(): number | null {
  try {
    const n = Number(readFileSync('/proc/loadavg', 'latin1').trim().split(' ').pop());
    return Number.isInteger(n) ? n : null;
  } catch {
    return null;
  }
}

/**
 * The live processes carrying `SIMORG_RUN_ID=<runId>` in their environment. Linux (/proc) only;
 * elsewhere the list is empty. The run id is random, so this never matches an unrelated process,
 * whereas a pid or group id may have been reused. With `after` (the pid of a run that started
 * moments ago), only newer pids are read — some 70 µs a process, which on a busy machine would cost
 * tens of ms at the end of every short run — unless the pid counter wrapped since, when all are.
 */
export function runProcesses(runId: string, after?: number): RunProcess[] {
  const mark = Buffer.from(`SIMORG_RUN_ID=${runId}\0`);
  let procs: string[];
  try {
    procs = readdirSync('/proc');
  } catch {
    return [];
  }
  const last = after === undefined ? null : lastPid();
  const from = last !== null && after !== undefined && last >= after ? after : 0;
  const found: RunProcess[] = [];
  for (const d of procs) {
    const c = d.charCodeAt(0);
    if (c < 48 || c > 57) continue;
    const pid = Number(d);
    if (pid <= from || pid === process.pid) continue;
    try {
      // NUL-terminated variables: the mark must start one (the first, or one after a NUL).
      const env = readFileSync(`/proc/${d}/environ`);
      const at = env.indexOf(mark);
      if (at < 0 || (at > 0 && env[at - 1] !== 0)) continue;
      const stat = procStat(d);
      if (isDead(stat)) continue;
      found.push({ pid, name: stat.name });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

/**
 * Sends `signal` to the group led by `pgid` (when given: the run's own script, which its worker
 * watches, so the id is not reused) and to every process of run `runId`; returns the latter.
 */
export function signalRun(
  runId: string,
  signal: NodeJS.Signals,
  pgid?: number,
  after?: number,
): RunProcess[] {
  const found = runProcesses(runId, after);
  if (pgid !== undefined) killGroup(pgid, signal);
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
  const shown = list
    .slice(0, 5)
    .map((p) => `${p.pid} ${p.name}`)
    .join(', ');
  return list.length > 5 ? `${shown} and ${list.length - 5} more` : shown;
}
