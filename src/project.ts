import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RUNS_DIR, STATE_DIR } from './config/defaults.js';
import { findConfigFile, loadConfig } from './config/load.js';
import type { SimorgConfig } from './config/types.js';
import { StoreError } from './errors.js';
import { openDb, type Db } from './store/db.js';

export interface Project {
  /** Absolute path of the project root. */
  root: string;
  config: SimorgConfig;
  db: Db;
  close(): void;
}

// The project that contains `cwd`: its config (found upwards from cwd) and its open database.
export async function openProject(cwd: string): Promise<Project> {
  const config = await loadConfig(cwd);
  if (!config) {
    throw new StoreError(`no simorg project at ${cwd} or above it (no .simorgrc* or simorg.config.* found)`, {
      code: 'E_NO_PROJECT',
      hint: 'run `simorg init` in the project root first',
    });
  }
  if (!existsSync(config.database)) {
    throw new StoreError(`the database ${config.database} does not exist`, {
      code: 'E_NO_DB',
      hint: 'run `simorg init` to create it',
    });
  }
  const db = openDb(config.database);
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
  let configFile = findConfigFile(cwd);
  const created = { config: false, database: false, stateDir: false };
  if (!configFile) {
    configFile = join(cwd, '.simorgrc.json');
    writeFileSync(configFile, readFileSync(EXAMPLE_CONFIG, 'utf8'), { flag: 'wx' });
    created.config = true;
  }
  const config = (await loadConfig(dirname(configFile)))!;
  const ignore = join(config.root, STATE_DIR, '.gitignore');
  if (!existsSync(ignore)) {
    mkdirSync(dirname(ignore), { recursive: true });
    // Results are per machine and large: keep the whole folder out of git.
    writeFileSync(ignore, '# written by simorg init: results stay out of git\n*\n');
    created.stateDir = true;
  }
  created.database = !existsSync(config.database);
  openDb(config.database).close(); // creates it, or upgrades an older schema, or refuses a newer one
  return { root: config.root, configFile, database: config.database, created };
}

export interface RebuildCounts {
  runs: number;
  jobs: number;
  figures: number;
}

/** How many results `rebuildResults` would delete. */
export function countResults(db: Db): RebuildCounts {
  const n = (table: string) => db.prepare<[], { n: number }>(`SELECT count(*) AS n FROM ${table}`).get()!.n;
  return { runs: n('runs'), jobs: n('jobs'), figures: n('figures') };
}

// Deletes every result (runs, their files and figures, the queue, the hash cache, .simorg/runs/)
// and keeps the tracked scripts. The database part is one transaction: all gone or all kept.
export function rebuildResults(project: Project): RebuildCounts {
  const counts = countResults(project.db);
  project.db
    .transaction(() => {
      for (const table of ['figures', 'run_files', 'runs', 'jobs', 'hash_cache']) project.db.exec(`DELETE FROM ${table}`);
    })
    .immediate();
  rmSync(join(project.root, RUNS_DIR), { recursive: true, force: true });
  project.db.exec('VACUUM'); // give the space back; a rebuild is when people expect that
  return counts;
}
