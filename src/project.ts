import {
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNS_DIR, STATE_DIR } from './config/defaults.js';
import { findConfigFile, loadConfig } from './config/load.js';
import type { SimorgConfig } from './config/types.js';
import { ProjectError, StoreError, UsageError } from './errors.js';
import { openDb, type Db } from './store/db.js';
import {
  compactDatabase,
  countResults,
  deleteResults,
  selectRunningJobs,
  type ResultCounts,
} from './store/results.js';

export interface Project {
  /** Absolute path of the project root. */
  root: string;
  config: SimorgConfig;
  db: Db;
  close(): void;
}

export interface OpenProjectOptions {
  /**
   * The command only reads (status, list, ls...): a database in a read-only folder is read from a
   * private copy instead of refused (see openDb's readFallback).
   */
  readOnly?: boolean;
}

// The project that contains `cwd`: its config (found upwards from cwd) and its open database.
export async function openProject(cwd: string, options: OpenProjectOptions = {}): Promise<Project> {
  const config = await loadConfig(cwd);
  if (!config) {
    throw new ProjectError(
      `no simorg project at ${cwd} or above it (no .simorgrc* or simorg.config.* found)`,
      {
        code: 'E_NO_PROJECT',
        hint: 'run `simorg init` in the project root first',
      },
    );
  }
  if (!existsSync(config.database)) {
    throw new StoreError(`the database ${config.database} does not exist`, {
      code: 'E_NO_DB',
      hint: 'run `simorg init` to create it',
    });
  }
  const db = openDb(config.database, { readFallback: options.readOnly === true });
  return { root: config.root, config, db, close: () => db.close() };
}

/** The commented config `init` writes (the package's .simorgrc.example). */
// (src/project.ts and dist/project.js both sit one folder below the package root.)
export const EXAMPLE_CONFIG = fileURLToPath(new URL('../.simorgrc.example', import.meta.url));

export interface InitResult {
  root: string;
  configFile: string;
  database: string;
  /** What this call created; all false when the project was already set up. */
  created: { config: boolean; database: boolean; stateDir: boolean };
}

// Sets up the project at `cwd`, or finishes setting up the one above it: writes .simorgrc.json
// unless a config governs cwd already, and creates .simorg/ (git-ignored) and the database.
export async function initProject(cwd: string): Promise<InitResult> {
  if (!isFolder(cwd)) {
    throw new UsageError(`the folder ${cwd} does not exist${existsSync(cwd) ? ' (it is a file)' : ''}`, {
      code: 'E_NO_FOLDER',
      hint: `create it first (mkdir -p ${cwd}), or give --cwd an existing folder`,
    });
  }
  let configFile = findConfigFile(cwd);
  const created = { config: false, database: false, stateDir: false };
  // Checked before anything is written, so a refused init leaves nothing behind.
  const stateAt = join(configFile ? dirname(configFile) : cwd, STATE_DIR);
  if (existsSync(stateAt) && !isFolder(stateAt)) {
    throw new ProjectError(
      `${stateAt} is a file, but simorg keeps its database and run outputs in a folder of that name`,
      {
        code: 'E_STATE_DIR',
        hint: `move the file away (mv ${stateAt} ${stateAt}.bak), then run \`simorg init\` again`,
      },
    );
  }
  if (!configFile) {
    configFile = join(cwd, '.simorgrc.json');
    publish(configFile, readFileSync(EXAMPLE_CONFIG, 'utf8'));
    created.config = true;
  }
  const config = (await loadConfig(dirname(configFile)))!;
  const stateDir = join(config.root, STATE_DIR);
  const ignore = join(stateDir, '.gitignore');
  if (!existsSync(ignore)) {
    try {
      if (!existsSync(stateDir)) mkdirSync(stateDir); // its parent, the root, exists: a plain mkdir says EROFS where a recursive one says ENOENT
    } catch (cause) {
      throw writeError(stateDir, cause);
    }
    // Results are per machine and large: keep the whole folder out of git.
    publish(ignore, '# written by simorg init: results stay out of git\n*\n', false);
    created.stateDir = true;
  }
  created.database = !existsSync(config.database);
  openDb(config.database).close(); // creates it, or upgrades an older schema, or refuses a newer one
  return { root: config.root, configFile, database: config.database, created };
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function writeError(path: string, cause: unknown): StoreError {
  const code = (cause as NodeJS.ErrnoException).code;
  const why =
    code === 'EROFS' || code === 'EACCES' || code === 'EPERM'
      ? 'the folder is read-only'
      : code === 'ENOSPC'
        ? 'the disk is full'
        : (cause as Error).message;
  return new StoreError(`cannot write ${path}: ${why}`, {
    code: 'E_WRITE',
    hint:
      code === 'ENOSPC'
        ? 'free some disk space, then try again'
        : 'run `simorg init` in a folder you can write to',
    cause,
  });
}

// Writes a whole file or nothing: a temporary file beside it, then a link (exclusive: a file that
// appeared meanwhile is kept, not overwritten) or a rename.
function publish(file: string, text: string, exclusive = true): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, text, { flag: 'wx' });
    if (exclusive) {
      linkSync(tmp, file);
      rmSync(tmp, { force: true });
    } else renameSync(tmp, file);
  } catch (cause) {
    rmSync(tmp, { force: true });
    if ((cause as NodeJS.ErrnoException).code === 'EEXIST' && exclusive) {
      throw new StoreError(`${file} appeared while simorg init was writing it; it was left as it is`, {
        code: 'E_WRITE',
        hint: 'run `simorg init` again',
        cause,
      });
    }
    throw writeError(file, cause);
  }
}

// Deletes every result (runs, their files and figures, the queue, the hash cache, .simorg/runs/)
// and keeps the tracked scripts. The database part is one transaction: all gone or all kept.
/** Throws when a job is running (its worker alive, or not known dead): results must not be deleted under it. */
export function refuseWhileRunning(db: Db): void {
  const running = selectRunningJobs(db);
  if (!running.length) return;
  const [first] = running;
  const more = running.length > 1 ? ` and ${running.length - 1} more` : '';
  throw new StoreError(
    `${first!.path} is running (worker ${first!.worker_host}:${first!.worker_pid})${more}; init --rebuild would delete its run mid-way, so nothing was deleted`,
    {
      code: 'E_RUNS_ACTIVE',
      hint: 'wait for the runs to end (or stop them with Ctrl-C or `simorg queue cancel`), then try again',
    },
  );
}

// Refused while a job runs: its worker would go on writing the run's rows and folder (and fail on
// the deleted run). The check and the deletion are one write transaction, so no job starts between.
// `settle` runs first in that transaction: the caller marks dead workers' jobs (run/queue.ts, a
// layer above this file), so that only a live worker's job stops the rebuild.
export function rebuildResults(project: Project, settle?: (db: Db) => void): ResultCounts {
  const counts = countResults(project.db);
  project.db
    .transaction(() => {
      settle?.(project.db);
      refuseWhileRunning(project.db);
      deleteResults(project.db);
    })
    .immediate();
  rmSync(join(project.root, RUNS_DIR), { recursive: true, force: true });
  compactDatabase(project.db); // give the space back; a rebuild is when people expect that
  return counts;
}
