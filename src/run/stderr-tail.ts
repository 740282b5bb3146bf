import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

const TAIL_BYTES = 4096;
// `Error: x`, `TypeError: x`, Python's `ValueError: x`, R's `Error in f(): x`.
const ERROR_LINE = /^\s*(?:[A-Za-z_$][\w$.]*(?:Error|Exception)|Error)\b.*:/;

/**
 * The error of a failed script that has no manifest (Python, R, shell): its last stderr line as the
 * message and the last lines as the "stack", e.g. a Python traceback. Read only on failure. The text
 * is kept as the script wrote it (escaping is the printer's job), except bytes that are not UTF-8,
 * which a text column cannot hold: they are kept as `\xNN`.
 */
export function failureFromStderr(
  file: string,
  exitCode: number | null,
  signal: string | null,
): { message: string; stack: string | null } {
  const how = signal ? `killed by ${signal}` : `exited with code ${exitCode}`;
  let text = '';
  try {
    const fd = openSync(file, 'r');
    try {
      const size = fstatSync(fd).size;
      const len = Math.min(size, TAIL_BYTES);
      const buf = Buffer.alloc(len);
      readSync(fd, buf, 0, len, size - len);
      text = utf8Escaped(buf);
      // Begun mid-file: the first line is a fragment (perhaps of a character).
      if (size > len) text = text.slice(text.indexOf('\n') + 1);
    } finally {
      closeSync(fd);
    }
  } catch {
    return { message: how, stack: null };
  }
  // Node ends an uncaught error with a `Node.js vX` line; the error line itself is more useful.
  const lines = text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l && !/^Node\.js v\d/.test(l));
  const last = lines.findLast((l) => ERROR_LINE.test(l)) ?? lines.at(-1);
  return {
    message: last ? `${how}: ${last}` : how,
    stack: lines.length > 1 ? lines.slice(-30).join('\n') : null,
  };
}

/** UTF-8 text, with every byte that is not part of a well-formed sequence written as `\xNN`. */
export function utf8Escaped(buf: Buffer): string {
  const fast = buf.toString('utf8');
  if (!fast.includes('\ufffd')) return fast;
  let out = '';
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const len =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    let ok = len > 0 && i + len <= buf.length;
    for (let j = 1; ok && j < len; j++) ok = (buf[i + j]! & 0xc0) === 0x80;
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8 either.
    if (ok && len === 3) ok = !(b === 0xe0 && buf[i + 1]! < 0xa0) && !(b === 0xed && buf[i + 1]! >= 0xa0);
    if (ok && len === 4) ok = !(b === 0xf0 && buf[i + 1]! < 0x90) && !(b === 0xf4 && buf[i + 1]! >= 0x90);
    if (ok) {
      out += buf.toString('utf8', i, i + len);
      i += len;
    } else {
      out += `\\x${b.toString(16).padStart(2, '0')}`;
      i++;
    }
  }
  return out;
}
