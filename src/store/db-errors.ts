// SQLite's errors said as a user can act on them: which database, what is wrong, what to do. A
// locked, damaged, read-only or full database can surface in any query of any command, so besides
// openDb, the CLI passes what it catches through `asStoreError` before deciding it is a bug.

import { StoreError } from '../errors.js';
import { lockHolders } from './db-file.js';

/** How long a command waits for a database another process holds (SQLite's busy timeout). */
export const BUSY_TIMEOUT_MS = 10_000;

/** The way back from a damaged database, for hints. */
export const recoverHint = (): string =>
  'run `simorg init --rebuild` to set it aside and start a new database (tracked scripts are kept when readable; run outputs stay in .simorg/runs/)';

/** Codes of a database `init --rebuild` may set aside and replace (a file simorg made, now broken). */
export const REPLACEABLE = new Set(['E_DB_CORRUPT', 'E_DB_SCHEMA']);

// The database files opened by this process, newest last: an error from a query names the database.
const opened: string[] = [];
export function noteOpened(file: string): void {
  opened.push(file);
}

const isSqliteError = (err: unknown): err is Error & { code: string } =>
  err instanceof Error && err.name === 'SqliteError' && typeof (err as { code?: unknown }).code === 'string';

/** A locked-database error, naming who holds it when /proc/locks says. */
export function lockedError(file: string, cause?: unknown): StoreError {
  const pids = lockHolders(file);
  const who = pids.length ? `another process (pid ${pids.join(', ')})` : 'another process';
  return new StoreError(`the database ${file} is locked by ${who}; try again`, {
    code: 'E_DB_LOCKED',
    hint: `simorg waited ${BUSY_TIMEOUT_MS / 1000} s for it; a long transaction or a program holding it exclusively keeps it busy`,
    cause,
  });
}

// The StoreError a SQLite error means, or the error itself when it is not one a user can cause.
export function asStoreError(err: unknown, file = opened.at(-1)): unknown {
  if (!isSqliteError(err) || file === undefined) return err;
  const code = err.code;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return lockedError(file, err);
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new StoreError(`the database ${file} is damaged: ${err.message}`, {
      code: 'E_DB_CORRUPT',
      hint: recoverHint(),
      cause: err,
    });
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new StoreError(`the database ${file} cannot be written: it or its folder is read-only`, {
      code: 'E_DB_READONLY',
      hint: 'make the folder writable (commands that only read, such as status and list, work without)',
      cause: err,
    });
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC') {
    return new StoreError(`cannot write the database ${file}: ${err.message}`, {
      code: 'E_DB_WRITE',
      hint: 'free some disk space, then try again',
      cause: err,
    });
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
    return new StoreError(`cannot read the database ${file}: ${err.message}`, {
      code: 'E_DB_OPEN',
      hint: 'check that the file and its folder are there and readable',
      cause: err,
    });
  }
  if (code === 'SQLITE_ERROR' && /^no such (table|column)/.test(err.message)) {
    return new StoreError(
      `the database ${file} is not the shape simorg made it (${err.message}): it was altered`,
      {
        code: 'E_DB_SCHEMA',
        hint: recoverHint(),
        cause: err,
      },
    );
  }
  return err;
}
