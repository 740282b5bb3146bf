import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
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
  cli(args: string[], options?: { env?: Record<string, string>; cwd?: string }): Promise<{ code: number; stdout: string; stderr: string }>;
  /** Starts `simorg <args>` without waiting. */
  spawn(args: string[]): ChildProcess;
  write(path: string, text: string, mode?: number): void;
  track(paths: string[], group?: string | null): void;
  cleanup(): void;
}

export function tempProject(config: object = {}, scripts: Record<string, string> = {}): TempProject {
  const root = mkdtempSync(join(tmpdir(), 'simorg-run-'));
  writeFileSync(join(root, '.simorgrc.json'), JSON.stringify(config));
  const dbFile = join(root, '.simorg', 'simorg.sqlite');
  openDb(dbFile).close();
  const env = (extra: Record<string, string> = {}) => ({ ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra });
  const p: TempProject = {
    root,
    db: () => openDb(dbFile),
    cli: (args, options = {}) =>
      new Promise((done) => {
        execFile(process.execPath, [BIN, ...args], { cwd: options.cwd ?? root, env: env(options.env), maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
          const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : 1) : 0;
          done({ code, stdout, stderr });
        });
      }),
    spawn: (args) => spawn(process.execPath, [BIN, ...args], { cwd: root, env: env(), stdio: ['ignore', 'pipe', 'pipe'] }),
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
