// Shared by the store fault tests: a temp project with a tracked script and a recorded run, raw
// access to its database file, and a second process holding a real SQLite lock on it.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { tempProject, type TempProject } from '../run/helpers.js';

export const SQLITE = createRequire(import.meta.url).resolve('better-sqlite3');

export interface StoreProject extends TempProject {
  dbFile: string;
}

/** A project with `a.mjs` tracked and run once (so .simorg/runs/ holds its output). */
export async function projectWithRun(): Promise<StoreProject> {
  const p = tempProject({}, { 'a.mjs': 'console.log("ran")\n' });
  const r = await p.cli(['run', 'a.mjs']);
  if (r.code !== 0) throw new Error(`setup run failed: ${r.stderr}`);
  return Object.assign(p, { dbFile: join(p.root, '.simorg', 'simorg.sqlite') });
}

/** Runs SQL on the database in a separate process (as another program would), then closes it. */
export function sqlFromOutside(file: string, sql: string): void {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `const D = require(${JSON.stringify(SQLITE)}); const d = new D(process.argv[1]); d.exec(process.argv[2]); d.close();`,
      file,
      sql,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(r.stderr);
}

/**
 * A second process holding the database: `sql` runs, then it prints "holding" and keeps the lock
 * until killed. Resolves once the lock is held.
 */
export function holdLock(file: string, sql: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `
    const D = require(${JSON.stringify(SQLITE)});
    const d = new D(process.argv[1]);
    d.exec(process.argv[2]);
    d.prepare('SELECT count(*) FROM scripts').get(); // takes the lock in locking_mode=EXCLUSIVE
    process.stdout.write('holding\\n');
    setInterval(() => {}, 1000);`,
      file,
      sql,
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (b: Buffer) => b.toString().includes('holding') && resolve(child));
    child.on('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

/** One or two lines, no stack, not reported as a bug. */
export function expectClearError(stderr: string): void {
  const lines = stderr.trim().split('\n');
  if (lines.length < 1 || lines.length > 2 || /internal error|\n\s+at |SqliteError/.test(stderr))
    throw new Error(`not a clear error:\n${stderr}`);
}
