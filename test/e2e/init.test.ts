import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../src/store/schema.js';
import { json, simorg, tempDir, writeFiles } from '../track/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('simorg-init-')));
afterEach(() => cleanup());

const db = () => new Database(join(dir, '.simorg/simorg.sqlite'));

function canMount(): boolean {
  const probe = spawnSync('sh', [
    '-c',
    'd=$(mktemp -d) && mount --bind "$d" "$d" && mount -o remount,ro,bind "$d" && umount "$d"; s=$?; rmdir "$d"; exit $s',
  ]);
  if (probe.status !== 0) console.warn('init read-only tests skipped: `mount --bind` is not permitted here');
  return probe.status === 0;
}

describe('simorg init', () => {
  it('writes the commented config, a git-ignored .simorg/ and the database; a second run changes nothing', () => {
    const first = simorg(dir, 'init');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('created .simorgrc.json');
    expect(readFileSync(join(dir, '.simorgrc.json'), 'utf8')).toMatch(/^\/\/ simorg project config/);
    expect(readFileSync(join(dir, '.simorg/.gitignore'), 'utf8')).toMatch(/^\*$/m);
    expect(existsSync(join(dir, '.simorg/simorg.sqlite'))).toBe(true);
    const config = readFileSync(join(dir, '.simorgrc.json'), 'utf8');
    const second = simorg(dir, 'init');
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toBe(
      'already set up, nothing changed: config .simorgrc.json, database .simorg/simorg.sqlite\n',
    );
    expect(readFileSync(join(dir, '.simorgrc.json'), 'utf8')).toBe(config);
  });

  it('uses a config found above and says where, writing none here', () => {
    writeFiles(dir, { '.simorgrc.yaml': 'workers: 2\n', 'sub/x': '' });
    const r = simorg(join(dir, 'sub'), 'init');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`using the config ${join(dir, '.simorgrc.yaml')} found above this folder`);
    expect(existsSync(join(dir, 'sub/.simorgrc.json'))).toBe(false);
    expect(existsSync(join(dir, '.simorg/simorg.sqlite'))).toBe(true);
  });

  it('--cwd acts in another folder', () => {
    mkdirSync(join(dir, 'proj'));
    expect(simorg(dir, 'init', '--cwd', 'proj').code).toBe(0);
    expect(existsSync(join(dir, 'proj/.simorgrc.json'))).toBe(true);
  });

  describe('--rebuild', () => {
    beforeEach(() => {
      writeFiles(dir, { 'a.py': '', 'b.py': '', '.simorg/runs/r1/stdout.txt': 'x' });
      expect(simorg(dir, 'init').code).toBe(0);
      expect(simorg(dir, 'track', 'a.py', 'b.py').code).toBe(0);
      const d = db();
      const id = d.prepare("SELECT id FROM scripts WHERE path = 'a.py'").pluck().get();
      d.prepare(
        `INSERT INTO runs (id, script_id, script_path, run_config, config_json, status, started_at) VALUES ('aaaaaaaaaaaa', ?, 'a.py', 'std', '{}', 'failed', 1)`,
      ).run(id);
      d.prepare(
        `INSERT INTO run_files (run_id, role, path) VALUES ('aaaaaaaaaaaa', 'read', 'data.csv')`,
      ).run();
      d.prepare(`INSERT INTO jobs (script_id, run_config, created_at) VALUES (?, 'std', 1)`).run(id);
      d.close();
    });

    it('refuses without --yes when there is no terminal to ask on, changing nothing', () => {
      const r = simorg(dir, 'init', '--rebuild');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('pass --yes to confirm');
      const d = db();
      expect(d.prepare('SELECT count(*) FROM runs').pluck().get()).toBe(1);
      d.close();
      expect(existsSync(join(dir, '.simorg/runs/r1'))).toBe(true);
    });

    it('with --yes deletes runs, files, jobs and .simorg/runs/ and keeps the tracked scripts', () => {
      const r = simorg(dir, 'init', '--rebuild', '--yes');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('deleted 1 run,');
      expect(r.stdout).toContain('kept 2 tracked scripts');
      const d = db();
      for (const t of ['runs', 'run_files', 'jobs', 'figures', 'hash_cache'])
        expect(d.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
      d.close();
      expect(existsSync(join(dir, '.simorg/runs'))).toBe(false);
      expect(json<unknown[]>(simorg(dir, 'ls', '--json'))).toHaveLength(2);
    });
  });

  it('refuses a database from a newer simorg with a clear message, exit 1, leaving it alone', () => {
    expect(simorg(dir, 'init').code).toBe(0);
    const d = db();
    d.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    d.close();
    for (const args of [['init'], ['ls']]) {
      const r = simorg(dir, ...args);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `has schema version ${SCHEMA_VERSION + 1}, newer than this simorg understands (${SCHEMA_VERSION})`,
      );
      expect(r.stderr).toContain('upgrade simorg');
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack
    }
  });

  it('commands outside a project say to run init (exit 1); a bad option is a usage error (exit 2)', () => {
    const r = simorg(dir, 'ls');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no simorg project at .* or above it[\s\S]*run `simorg init`/);
    expect(simorg(dir, 'init', '--force').code).toBe(2);
    writeFileSync(join(dir, 'x'), '');
    expect(simorg(dir, 'init', '--help').stdout).toMatch(/^Usage: simorg init/);
  });

  // Issue 9, item 25: each of these was a stack trace (internal error).
  it('a missing --cwd is a usage error naming the folder (exit 2), creating nothing', () => {
    const r = simorg(dir, 'init', '--cwd', 'nope/deeper');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `simorg: the folder ${join(dir, 'nope/deeper')} does not exist\n  create it first (mkdir -p ${join(dir, 'nope/deeper')}), or give --cwd an existing folder\n`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a file named .simorg is refused before anything is written', () => {
    writeFileSync(join(dir, '.simorg'), 'notes');
    const r = simorg(dir, 'init');
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n')[0]).toBe(
      `simorg: ${join(dir, '.simorg')} is a file, but simorg keeps its database and run outputs in a folder of that name`,
    );
    expect(r.stderr).toContain(`mv ${join(dir, '.simorg')} ${join(dir, '.simorg')}.bak`);
    expect(readdirSync(dir)).toEqual(['.simorg']);
    expect(readFileSync(join(dir, '.simorg'), 'utf8')).toBe('notes');
  });

  describe.skipIf(!canMount())(
    'in a read-only folder (read-only bind mount: chmod does not stop root)',
    () => {
      let mounted: string | undefined;
      afterEach(() => {
        if (mounted) spawnSync('umount', [mounted]);
        mounted = undefined;
      });
      const readOnly = (d: string) => {
        expect(spawnSync('mount', ['--bind', d, d]).status).toBe(0);
        mounted = d;
        expect(spawnSync('mount', ['-o', 'remount,ro,bind', d]).status).toBe(0);
      };

      it('an empty read-only folder: one line, exit 1', () => {
        readOnly(dir);
        const r = simorg(dir, 'init');
        expect(r.code).toBe(1);
        expect(r.stderr).toBe(
          `simorg: cannot write ${join(dir, '.simorgrc.json')}: the folder is read-only\n  run \`simorg init\` in a folder you can write to\n`,
        );
      });

      it('a read-only folder that has a config: .simorg cannot be made, one line, exit 1', () => {
        writeFileSync(join(dir, '.simorgrc.json'), '{}');
        readOnly(dir);
        const r = simorg(dir, 'init');
        expect(r.code).toBe(1);
        expect(r.stderr.split('\n')[0]).toBe(
          `simorg: cannot write ${join(dir, '.simorg')}: the folder is read-only`,
        );
      });
    },
  );

  it('leaves no temporary file behind, and never overwrites a config', () => {
    expect(simorg(dir, 'init').code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['.simorg', '.simorgrc.json']);
    expect(readdirSync(join(dir, '.simorg')).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  // Issue 8, point 8: the comments init writes mention only what exists.
  it('the config it writes names only commands that exist, and no dashboard', async () => {
    const { COMMAND_NAMES } = await import('../../src/cli/commands.js');
    const names = new Set(COMMAND_NAMES);
    expect(simorg(dir, 'init').code).toBe(0);
    const text = readFileSync(join(dir, '.simorgrc.json'), 'utf8');
    const used = [...text.matchAll(/`simorg (\w+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((c) => !names.has(c))).toEqual([]);
    expect(text).not.toMatch(/dashboard|simorg serve/);
  });
});
