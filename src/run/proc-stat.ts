import { readFileSync } from 'node:fs';

// /proc/<pid>/stat read one way for the queue (is a worker alive?) and the process finder (which
// processes belong to a run?). The command name is in parentheses and may hold spaces or ')', so
// the fields are read after the last ')'.

export interface ProcStat {
  /** The command name (at most 15 characters, as the kernel keeps it). */
  name: string;
  /** One letter: R running, S sleeping, T stopped, Z zombie, X dead... */
  state: string;
}

/** The process's name and state; throws when it is gone or /proc is not there (not Linux). */
export function procStat(pid: number | string): ProcStat {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const close = stat.lastIndexOf(')');
  return { name: stat.slice(stat.indexOf('(') + 1, close), state: stat.slice(close + 2, close + 3) };
}

/** Dead already, waiting to be reaped (common under a PID 1 that never reaps), or gone. */
export const isDead = (s: ProcStat): boolean => s.state === 'Z' || s.state === 'X';
