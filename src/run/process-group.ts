// A run's script runs as the leader of its own process group (spawn.ts), with SIMORG_RUN_ID in its
// environment (child-env.ts). These stop that group: while the worker is there to watch it, and
// after the worker was killed, when only the database remembers the group (queue.ts).
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

/**
 * Kills (SIGKILL) every process still in group `pgid` that carries `SIMORG_RUN_ID=<runId>` in its
 * environment, and returns how many. The environment check matters: a group whose members are all
 * gone frees its id for reuse, and an unrelated process must never be hit. Linux (/proc) only;
 * elsewhere nothing is known and nothing is killed.
 */
export function killOrphanedRun(pgid: number, runId: string): number {
  const mark = `SIMORG_RUN_ID=${runId}`;
  let procs: string[];
  try {
    procs = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return 0;
  }
  let killed = 0;
  for (const pid of procs) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces and parentheses): state, ppid, pgrp.
      const pgrp = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      if (pgrp !== pgid) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(mark)) continue;
      process.kill(Number(pid), 'SIGKILL');
      killed++;
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return killed;
}
