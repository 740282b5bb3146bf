import type Database from 'better-sqlite3';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { StoreError } from '../errors.js';
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
      addon = require.resolve('better-sqlite3/package.json').replace(/package\.json$/, 'build/Release/better_sqlite3.node');
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
}

// Opens the project database in WAL mode with a busy timeout, so many workers can share it, and
// brings its schema up to date. A database written by a newer simorg is refused, never touched.
export function openDb(file: string, options: OpenOptions = {}): Db {
  const create = options.create ?? true;
  if (create && !options.readonly) mkdirSync(dirname(file), { recursive: true });
  let db: Db;
  try {
    const { Database, nativeBinding } = loadSqlite();
    db = new Database(file, { fileMustExist: !create || options.readonly === true, readonly: options.readonly === true, nativeBinding });
  } catch (cause) {
    throw new StoreError(`cannot open the database ${file}: ${(cause as Error).message}`, {
      code: 'E_DB_OPEN',
      hint: 'run `simorg init` in the project root to create it',
      cause,
    });
  }
  db.pragma('busy_timeout = 10000');
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
  }
  db.pragma('foreign_keys = ON');
  migrate(db, file, options.readonly === true);
  return db;
}

function migrate(db: Db, file: string, readonly: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new StoreError(
      `the database ${file} has schema version ${version}, newer than this simorg understands (${SCHEMA_VERSION})`,
      { code: 'E_DB_NEWER', hint: 'upgrade simorg (npm install simorg@latest), or point `database` in the config elsewhere' },
    );
  }
  if (version === SCHEMA_VERSION || readonly) return;
  const apply = db.transaction(() => {
    for (let i = version; i < SCHEMA_VERSION; i++) db.exec(MIGRATIONS[i]!);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  apply.immediate();
}
