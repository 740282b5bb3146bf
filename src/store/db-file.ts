// Looks at the database file itself before SQLite does. SQLite takes a zero-length file for a new
// empty database (which would orphan every run folder) and says only "file is not a database" or
// "malformed" somewhere later; reading the 100-byte header first names what is wrong, for the cost
// of one small read.

import { closeSync, existsSync, openSync, readFileSync, readSync, statSync } from 'node:fs';

const MAGIC = 'SQLite format 3\0';

export interface HeaderProblem {
  text: string;
  /** Not a SQLite file at all (rather than one that was emptied or cut short). */
  foreign?: boolean;
}

/** What is wrong with the file, in words, or null when its header is sound. */
export function headerProblem(file: string): HeaderProblem | null {
  let size: number;
  const head = Buffer.alloc(100);
  let got: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return { text: 'it is a folder, not a file', foreign: true };
    size = st.size;
    if (size === 0) return { text: 'it is empty (0 bytes): it was truncated or replaced' };
    const fd = openSync(file, 'r');
    try {
      got = readSync(fd, head, 0, 100, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return null; // unreadable: SQLite's own error will say so
  }
  if (got < MAGIC.length || head.toString('latin1', 0, MAGIC.length) !== MAGIC) {
    const shown = head
      .subarray(0, Math.min(got, 16))
      .toString('latin1')
      .replace(/[^\x20-\x7e]/g, '.');
    return { text: `it is not a SQLite database (it starts with "${shown}")`, foreign: true };
  }
  if (got < 100) return { text: `it is truncated (${size} bytes, less than a database header)` };
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  // The page count in the header is valid when its "version-valid-for" equals the change counter.
  const pages = head.readUInt32BE(28);
  const valid = head.readUInt32BE(92) === head.readUInt32BE(24);
  if (valid && pages > 0 && pageSize >= 512 && size < pages * pageSize) {
    return { text: `it is truncated (${size} bytes, its header says ${pages * pageSize})` };
  }
  return null;
}

// The processes holding a POSIX lock on the database or its -wal/-shm files, from /proc/locks (Linux;
// elsewhere, or when unreadable, none are known and the message says only "another process").
export function lockHolders(file: string): number[] {
  let text: string;
  const inodes = new Set<string>();
  try {
    for (const f of [file, `${file}-wal`, `${file}-shm`])
      if (existsSync(f)) inodes.add(String(statSync(f).ino));
    text = readFileSync('/proc/locks', 'utf8');
  } catch {
    return [];
  }
  const pids = new Set<number>();
  for (const line of text.split('\n')) {
    // "1: POSIX  ADVISORY  WRITE 4242 08:01:1835009 128 128" (a "->" marks a waiting request)
    const m = /^\d+:\s+(?:->\s+)?POSIX\s+\S+\s+\S+\s+(\d+)\s+[0-9a-f]+:[0-9a-f]+:(\d+)\s/.exec(line);
    if (m && !line.includes('->') && inodes.has(m[2]!) && Number(m[1]) !== process.pid)
      pids.add(Number(m[1]));
  }
  return [...pids];
}
