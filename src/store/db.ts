import type Database from 'better-sqlite3';
import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { StoreError } from '../errors.js';
import { asStoreError, BUSY_TIMEOUT_MS, noteOpened, recoverHint } from './db-errors.js';
import { headerProblem } from './db-file.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type Db = Database.Database;

// better-sqlite3 loaded the cheap way, as every command opens the database: required (imported from
// an ES module, a CommonJS package is first scanned for its exports), and given its addon's path
// rather than left to find it through `bindings`, which probes a dozen places. Some 7 ms a command.
let sqlite: { Database: typeof Database; nativeBinding?: string } | undefined;
function loadSqlite(): NonNullable<typeof sqlite> {
  if (!sqlite) {
    const require = createRequire(import.meta.url);
    const Sqlite = require('better-sqlite3') as typeof Database;
    let addon: string | undefined;
    try {
      addon = require
        .resolve('better-sqlite3/package.json')
        .replace(/package\.json$/, 'build/Release/better_sqlite3.node');
    } catch {
      addon = undefined;
    }
    sqlite = { Database: Sqlite, nativeBinding: addon && existsSync(addon) ? addon : undefined };
  }
  return sqlite;
}

export interface OpenOptions {
  /** Create the file (and its folder) when missing. Default true. */
  create?: boolean;
  readonly?: boolean;
  /**
   * The caller only reads (status, list...): a database that cannot be written (a read-only folder
   * or file system) is read from a private in-memory copy, where what the reader caches is dropped.
   */
  readFallback?: boolean;
}

// Tables every simorg database has once migrated, read from the migrations themselves.
const TABLES = [...MIGRATIONS.join('\n').matchAll(/CREATE TABLE (\w+)/g)].map((m) => m[1]!);

const schemaError = (file: string, what: string, cause?: unknown): StoreError =>
  new StoreError(`the database ${file} ${what}`, { code: 'E_DB_SCHEMA', hint: recoverHint(), cause });

// Whether the database and its folder (SQLite writes -wal and -shm beside it) can be written.
function writable(file: string): boolean {
  try {
    accessSync(dirname(file), constants.W_OK);
    if (existsSync(file)) accessSync(file, constants.W_OK);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return !(code === 'EROFS' || code === 'EACCES' || code === 'EPERM');
  }
}

// Opens the project database in WAL mode with a busy timeout, so many workers can share it, and
// brings its schema up to date. A database written by a newer simorg is refused, never touched; a
// damaged, foreign, locked or read-only one is refused with a StoreError saying which and what to do.
export function openDb(file: string, options: OpenOptions = {}): Db {
  const create = options.create ?? true;
  const readonly = options.readonly === true;
  if (existsSync(file)) {
    const problem = headerProblem(file);
    if (problem?.foreign) {
      // Not simorg's to set aside: most likely `database` in the config points at the wrong file.
      throw new StoreError(`the database ${file} cannot be used: ${problem.text}`, {
        code: 'E_DB_FOREIGN',
        hint: "check `database` in the config; if simorg's database was overwritten, move the file away and run `simorg init`",
      });
    }
    if (problem)
      throw new StoreError(`the database ${file} cannot be used: ${problem.text}`, {
        code: 'E_DB_CORRUPT',
        hint: recoverHint(),
      });
    if (!readonly && !writable(file)) {
      if (options.readFallback) return openCopy(file);
      throw new StoreError(`the database ${file} cannot be written: it or its folder is read-only`, {
        code: 'E_DB_READONLY',
        hint: 'make the folder writable (commands that only read, such as status and list, work without)',
      });
    }
  } else if (create && !readonly) {
    makeFolder(dirname(file));
  }
  let db: Db | undefined;
  try {
    const { Database, nativeBinding } = loadSqlite();
    db = new Database(file, { fileMustExist: !create || readonly, readonly, nativeBinding });
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    if (!readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, file, readonly);
  } catch (err) {
    db?.close();
    throw openFailure(
      err,
      file,
      (message) =>
        new StoreError(`cannot open the database ${file}: ${message}`, {
          code: 'E_DB_OPEN',
          hint: 'run `simorg init` in the project root to create it',
          cause: err,
        }),
    );
  }
  noteOpened(file);
  return db;
}

// What an error met opening `file` becomes: ours as it is, SQLite's named by asStoreError, else `fallback`.
function openFailure(err: unknown, file: string, fallback: (message: string) => StoreError): unknown {
  if (err instanceof StoreError) return err;
  const mapped = asStoreError(err, file);
  return mapped !== err ? mapped : fallback((err as Error).message);
}

function makeFolder(dir: string): void {
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'EEXIST' || e.code === 'ENOTDIR'
        ? 'a file is in the way'
        : e.code === 'EROFS' || e.code === 'EACCES'
          ? 'the place is read-only'
          : e.message;
    throw new StoreError(`cannot create the folder ${dir} for the database: ${why}`, {
      code: 'E_DB_OPEN',
      hint:
        e.code === 'EEXIST' || e.code === 'ENOTDIR'
          ? `move the file ${e.path ?? dir} away, then try again`
          : 'run simorg in a folder it can write to',
      cause: err,
    });
  }
}

// A read-only database read through a private in-memory copy. SQLite cannot open a WAL database in
// a folder where it cannot create the -shm file, so the copy is marked as a rollback-journal one
// (header bytes 18-19). Changes still in a -wal file would be missed by the copy: then SQLite reads
// the files themselves, as it can when the -shm is there too.
function openCopy(file: string): Db {
  const { Database, nativeBinding } = loadSqlite();
  let db: Db | undefined;
  try {
    const wal = `${file}-wal`;
    if (existsSync(wal) && statSync(wal).size > 0) {
      db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
      migrate(db, file, true);
    } else {
      const bytes = readFileSync(file);
      bytes[18] = 1;
      bytes[19] = 1;
      db = new Database(bytes, { nativeBinding });
      db.pragma('foreign_keys = ON');
      migrate(db, file, false);
    }
  } catch (err) {
    db?.close();
    throw openFailure(
      err,
      file,
      (message) =>
        new StoreError(`cannot read the read-only database ${file}: ${message}`, {
          code: 'E_DB_OPEN',
          cause: err,
        }),
    );
  }
  noteOpened(file);
  return db;
}

function migrate(db: Db, file: string, readonly: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new StoreError(
      `the database ${file} has schema version ${version}, newer than this simorg understands (${SCHEMA_VERSION})`,
      {
        code: 'E_DB_NEWER',
        hint: 'upgrade simorg (npm install simorg@latest), or point `database` in the config elsewhere',
      },
    );
  }
  const tables = new Set(
    db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(),
  );
  if (version < 0)
    throw schemaError(file, `has schema version ${version}, which simorg never writes: it was altered`);
  if (version === 0 && tables.size > 0) {
    throw schemaError(
      file,
      `has tables (${[...tables].slice(0, 3).join(', ')}${tables.size > 3 ? ', ...' : ''}) but no simorg schema version: it is not a simorg database, or was altered`,
    );
  }
  if (version < SCHEMA_VERSION && !readonly) {
    const apply = db.transaction(() => {
      for (let i = version; i < SCHEMA_VERSION; i++) db.exec(MIGRATIONS[i]!);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    });
    try {
      apply.immediate();
    } catch (err) {
      const mapped = asStoreError(err, file);
      if (mapped !== err) throw mapped;
      throw schemaError(
        file,
        `cannot be upgraded from schema version ${version} to ${SCHEMA_VERSION} (${(err as Error).message}): it was altered`,
        err,
      );
    }
    return;
  }
  if (version < SCHEMA_VERSION) return; // read-only and older: read as it is
  const missing = TABLES.filter((t) => !tables.has(t));
  if (missing.length)
    throw schemaError(
      file,
      `lacks the table${missing.length > 1 ? 's' : ''} ${missing.join(', ')}: it was altered`,
    );
}
