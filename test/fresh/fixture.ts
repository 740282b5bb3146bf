import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { hashBytes } from '../../src/fresh/hash.js';
import { openProject, type Project } from '../../src/project.js';
import { openDb } from '../../src/store/db.js';

// A project in a temp dir whose runs are inserted as rows, for unit tests of freshness.

export interface FakeRun {
  script: string;
  status?: string;
  runConfig?: string;
  config?: { timeout: number | null; env: Record<string, string | null>; argv: string[] };
  argv?: string[];
  modules?: string[];
  read?: string[];
  written?: string[];
  packages?: Record<string, string>;
  startedAt?: number;
  exitCode?: number | null;
}

export class Fixture {
  readonly root = mkdtempSync(join(tmpdir(), 'simorg-fresh-'));
  private clock = 1_700_000_000_000;
  private n = 0;

  constructor(rc: object = { runConfigs: { std: { timeout: 1800 } } }) {
    writeFileSync(join(this.root, '.simorgrc.json'), JSON.stringify(rc));
    openDb(join(this.root, '.simorg', 'simorg.sqlite')).close();
  }

  write(rel: string, text: string): this {
    mkdirSync(dirname(join(this.root, rel)), { recursive: true });
    writeFileSync(join(this.root, rel), text);
    return this;
  }

  read(rel: string): string {
    return readFileSync(join(this.root, rel), 'utf8');
  }

  private hashOf(rel: string): string | null {
    try {
      return hashBytes(readFileSync(join(this.root, rel)));
    } catch {
      return null;
    }
  }

  async open(): Promise<Project> {
    return openProject(this.root);
  }

  /** Tracks the scripts (ids in order of the list). */
  async track(...paths: string[]): Promise<void> {
    const p = await this.open();
    for (const s of paths)
      p.db.prepare('INSERT INTO scripts (path, grp, tracked_at) VALUES (?, NULL, ?)').run(s, this.clock);
    p.close();
  }

  /** Records a run of `r.script` as if the runner had just finished it, hashing the files as they are now. */
  async run(r: FakeRun): Promise<string> {
    const p = await this.open();
    const id = (++this.n).toString(16).padStart(12, '0');
    const sid = p.db.prepare('SELECT id FROM scripts WHERE path = ?').pluck().get(r.script) as number;
    const startedAt = r.startedAt ?? (this.clock += 1000);
    const cfgName = r.runConfig ?? 'std';
    const config = { name: cfgName, ...(r.config ?? { timeout: 1800, env: {}, argv: [] }) };
    p.db
      .prepare(
        `INSERT INTO runs (id, script_id, script_path, script_hash, run_config, config_json, argv_json, status, exit_code,
          started_at, ended_at, duration_ms, packages_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        id,
        sid,
        r.script,
        this.hashOf(r.script),
        cfgName,
        JSON.stringify(config),
        JSON.stringify(r.argv ?? []),
        r.status ?? 'succeeded',
        r.exitCode ?? (r.status && r.status !== 'succeeded' ? 1 : 0),
        startedAt,
        startedAt + 500,
        500,
        JSON.stringify(r.packages ?? {}),
      );
    const file = p.db.prepare(
      'INSERT INTO run_files (run_id, role, path, hash, size) VALUES (?, ?, ?, ?, NULL)',
    );
    file.run(id, 'script', r.script, this.hashOf(r.script));
    for (const m of r.modules ?? []) file.run(id, 'module', m, this.hashOf(m));
    for (const m of r.read ?? []) file.run(id, 'read', m, this.hashOf(m));
    for (const m of r.written ?? []) file.run(id, 'written', m, this.hashOf(m));
    p.close();
    return id;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
