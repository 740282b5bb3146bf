import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDb, type Db } from '../../src/store/db.js';

// Temporary projects for runner tests: a config, a database with tracked scripts, and the real CLI.

export const BIN = fileURLToPath(new URL('../../bin/simorg.js', import.meta.url));

export interface TempProject {
  root: string;
  db(): Db;
  /** Runs `simorg <args>` in the project (colours off) and resolves with its exit code and output. */
  cli(
    args: string[],
    options?: { env?: Record<string, string>; cwd?: string },
  ): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts `simorg <args>` without waiting. */
  spawn(args: string[], options?: { env?: Record<string, string> }): ChildProcess;
  /** Absolute path of the database file. */
  dbFile: string;
  write(path: string, text: string, mode?: number): void;
  track(paths: string[], group?: string | null): void;
  cleanup(): void;
}

export function tempProject(config: object = {}, scripts: Record<string, string> = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'simorg-run-'));
  writeFileSync(join(root, '.simorgrc.json'), JSON.stringify(config));
  const dbFile = join(root, '.simorg', 'simorg.sqlite');
  openDb(dbFile).close();
  const env = (extra: Record<string, string> = {}) => ({
    ...process.env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    ...extra,
  });
  const p: TempProject = {
    root,
    db: () => openDb(dbFile),
    cli: (args, options = {}) =>
      new Promise((done) => {
        execFile(
          process.execPath,
          [BIN, ...args],
          { cwd: options.cwd ?? root, env: env(options.env), maxBuffer: 64 << 20 },
          (err, stdout, stderr) => {
            const code = err
              ? typeof (err as { code?: unknown }).code === 'number'
                ? (err as { code: number }).code
                : 1
              : 0;
            done({ code, stdout, stderr });
          },
        );
      }),
    spawn: (args, options = {}) =>
      spawn(process.execPath, [BIN, ...args], {
        cwd: root,
        env: env(options.env),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    dbFile,
    write(path, text, mode) {
      const abs = join(root, path);
      mkdirSync(dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      if (mode) chmodSync(abs, mode);
    },
    track(paths, group = null) {
      const db = p.db();
      const ins = db.prepare('INSERT OR IGNORE INTO scripts (path, grp, tracked_at) VALUES (?, ?, ?)');
      db.transaction(() => paths.forEach((x) => ins.run(x, group, Date.now())))();
      db.close();
    },
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
  for (const [path, text] of Object.entries(scripts)) p.write(path, text);
  if (Object.keys(scripts).length) p.track(Object.keys(scripts));
  return p;
}

export { alive } from '../../src/run/queue.js';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `fn` until it returns a truthy value or `ms` pass. */
export async function until<T>(fn: () => T, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** A child process's output so far, collected as it comes. */
export function collect(stream: NodeJS.ReadableStream | null): { text: () => string } {
  let text = '';
  stream?.on('data', (d) => (text += String(d)));
  return { text: () => text };
}

/** Whether `file` (relative to `root`) exists. */
export const exists = (root: string, file: string): boolean => existsSync(join(root, file));

/** Reads a pid a script wrote to `file`, or 0 while it is not there (or not whole yet). */
export function pidIn(root: string, file: string): number {
  try {
    const text = readFileSync(join(root, file), 'utf8');
    return text.endsWith('\n') ? Number(text.trim()) : 0;
  } catch {
    return 0;
  }
}

const HOLDER = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 20000');
db.exec('BEGIN EXCLUSIVE');
db.prepare('UPDATE status_epoch SET n = n + 1').run();
process.stdout.write('locked\\n');
process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
setTimeout(() => process.exit(3), 120000);
`;

/**
 * A second process holding the database in a write transaction (BEGIN EXCLUSIVE), as a long write
 * by another tool would. Resolves once the lock is held; release() commits and waits for it to exit.
 */
export async function holdLock(dbFile: string): Promise<{ release(): Promise<void>; proc: ChildProcess }> {
  const proc = spawn(process.execPath, ['-e', HOLDER, dbFile], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const out = collect(proc.stdout);
  await until(() => out.text().includes('locked'), 20_000);
  return {
    proc,
    release: async () => {
      if (proc.exitCode !== null) return;
      const done = new Promise((r) => proc.once('exit', r));
      proc.stdin!.write('go\n');
      await done;
    },
  };
}

const REPO = fileURLToPath(new URL('../..', import.meta.url));
