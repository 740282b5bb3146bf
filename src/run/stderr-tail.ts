import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const TAIL_BYTES = 4096;
// `Error: x`, `TypeError: x`, Python's `ValueError: x`, R's `Error in f(): x`.
const ERROR_LINE = /^\s*(?:[A-Za-z_$][\w$.]*(?:Error|Exception)|Error)\b.*:/;

/**
 * The error of a failed script that has no manifest (Python, R, shell): its last stderr line as the
 * message and the last lines as the "stack", e.g. a Python traceback. Read only on failure.
 */
export function failureFromStderr(file: string, exitCode: number | null, signal: string | null): { message: string; stack: string | null } {
  const how = signal ? `killed by ${signal}` : `exited with code ${exitCode}`;
  let text = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const len = Math.min(size, TAIL_BYTES);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, size - len);
      text = buf.toString('utf8');
    } finally {
      closeSync(fd);
    }
  } catch {
    return { message: how, stack: null };
  }
  // Node ends an uncaught error with a `Node.js vX` line; the error line itself is more useful.
  const lines = text.split('\n').map((l) => l.trimEnd()).filter((l) => l && !/^Node\.js v\d/.test(l));
  const last = lines.findLast((l) => ERROR_LINE.test(l)) ?? lines.at(-1);
  return { message: last ? `${how}: ${last}` : how, stack: lines.length > 1 ? lines.slice(-30).join('\n') : null };
}
