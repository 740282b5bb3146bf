import { existsSync } from 'node:fs';
import { loadConfig } from './config/load.js';
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
    throw new StoreError(`no simorg project at ${cwd} or above it (no .simorgrc or simorg.config.* found)`, {
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
