import Database from 'better-sqlite3';
import { readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { pipelineFiles, RealProject, sleep } from '../fresh/project.js';

// `simorg status` prints the verdicts of the last full status while nothing they depend on changed
// (src/fresh/snapshot.ts). To tell a reused snapshot from a fresh judgement, each test plants a
// forged verdict in it ("tampered"): the CLI prints it while the snapshot stands, and must judge
// again (and print the truth) after each kind of change. Real files, real runs, real processes.

const A = 'analysis_a.mjs';
const B = 'analysis_b.mjs';
const G = 'gen_data.mjs';
const FRESH = { [A]: ['fresh', []], [B]: ['fresh', []], [G]: ['fresh', []] };
const TAMPERED = { [A]: ['tampered', []], [B]: ['tampered', []], [G]: ['tampered', []] };
const CONFIG = (mode: string) =>
  JSON.stringify(
    { runConfigs: { std: { timeout: 120, env: { MODE: mode } } }, defaultRunConfig: 'std' },
    null,
    2,
  );

describe('status snapshot', () => {
  let p: RealProject;
  const dbFile = () => join(p.root, '.simorg', 'simorg.sqlite');

  // Every project file an hour old: older than the racy margin, so a snapshot may be stored.
  const age = (dir = p.root) => {
    const old = new Date(Date.now() - 3_600_000);
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (dir === p.root && (e.name === '.simorg' || e.name === '.home')) continue;
      const full = join(dir, e.name);
      if (e.isDirectory()) age(full);
      else utimesSync(full, old, old);
    }
  };

  // A snapshot is not stored while simorg's own code is younger than the racy margin, as when
  // another test run rebuilt dist/ a moment ago: wait that out once.
  const stored = () => {
    const db = new Database(dbFile(), { readonly: true });
    try {
      return (
        db.prepare('SELECT 1 FROM status_snapshot s, status_epoch e WHERE s.epoch = e.n').get() !== undefined
      );
    } finally {
      db.close();
    }
  };
  const statusesStored = async () => {
    let out = await p.statuses();
    if (!stored()) {
      await sleep(2500);
      out = await p.statuses();
    }
    return out;
  };

  /** Replaces every 'fresh' in the stored snapshot with 'tampered' (a write status_epoch does not count). */
  const tamper = () => {
    const db = new Database(dbFile());
    try {
      const row = db.prepare('SELECT s.epoch, e.n, s.json FROM status_snapshot s, status_epoch e').get() as
        { epoch: number; n: number; json: string } | undefined;
      expect(row, 'a snapshot was stored').toBeDefined();
      expect(row!.epoch).toBe(row!.n);
      db.prepare('UPDATE status_snapshot SET json = ?').run(
        row!.json.replaceAll('"status": "fresh"', '"status": "tampered"'),
      );
    } finally {
      db.close();
    }
  };

  const tableStatuses = async (args: string[] = []) => {
    const r = await p.cli(['status', ...args]);
    return Object.fromEntries(
      r.stdout
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(/\s+/).slice(0, 2)),
    );
  };

  beforeAll(async () => {
    p = new RealProject({ ...pipelineFiles(), '.simorgrc.json': CONFIG('a') });
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    expect((await p.cli(['run', G])).code).toBe(0);
    expect((await p.cli(['run', A, B])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  // Each test starts from a stored, forged snapshot that the CLI is shown to print.
  beforeEach(async () => {
    age();
    expect(await statusesStored()).toEqual(FRESH);
    tamper();
    expect(await p.statuses()).toEqual(TAMPERED);
  });

  it('is printed while nothing changed: table, JSON, narrowed, --exit-code', async () => {
    expect(await tableStatuses()).toEqual({ [A]: 'tampered', [B]: 'tampered', [G]: 'tampered' });
    expect(await tableStatuses([B])).toEqual({ [B]: 'tampered' });
    const narrowed = await p.json<{ script: string; status: string }[]>(['status', A]);
    expect(narrowed.map((s) => [s.script, s.status])).toEqual([[A, 'tampered']]);
    // Its freshness (kept apart from the words) says fresh: exit code 0.
    expect((await p.cli(['status', '--exit-code'])).code).toBe(0);
    // Touching a file (same bytes, new mtime): the scripts that used it are judged again (the same
    // judgement); the others keep their stored verdicts.
    utimesSync(join(p.root, 'data/input.csv'), new Date(), new Date());
    expect(await p.statuses()).toEqual({ ...TAMPERED, [A]: ['fresh', []] });
  });

  it('keeps the plain table beside the verdicts and prints it while nothing changed', async () => {
    // A status judged in full as a table (the snapshot dropped by a database write) stores its text.
    const db0 = new Database(dbFile());
    db0.prepare('DELETE FROM status_snapshot').run();
    db0.close();
    age();
    expect(await tableStatuses()).toEqual({ [A]: 'fresh', [B]: 'fresh', [G]: 'fresh' });
    if (!stored()) {
      await sleep(2500);
      await tableStatuses();
    }
    const db = new Database(dbFile());
    try {
      const text = db.prepare('SELECT table_text FROM status_snapshot').pluck().get() as string | null;
      expect(text, 'a plain table was stored').toMatch(/^SCRIPT +STATUS/);
      db.prepare('UPDATE status_snapshot SET table_text = ?').run(text!.replaceAll(' fresh ', ' forged '));
    } finally {
      db.close();
    }
    expect(await tableStatuses()).toEqual({ [A]: 'forged', [B]: 'forged', [G]: 'forged' });
    // Any change: judged again, the truth printed.
    utimesSync(join(p.root, 'data/input.csv'), new Date(), new Date());
    expect((await tableStatuses())[A]).toBe('fresh');
  });

  it('after a file change, judges again exactly the scripts that used it and their downstream', async () => {
    // A file a script wrote and others read: its writer (output changed) and both readers.
    const gen = p.read('data/gen.csv');
    p.write('data/gen.csv', gen + 'edited by hand\n');
    expect(await p.statuses()).toEqual({
      [A]: ['stale', ['data/gen.csv changed', 'upstream gen_data.mjs is stale']],
      [B]: ['stale', ['data/gen.csv changed', 'upstream gen_data.mjs is stale']],
      [G]: ['stale', ['output data/gen.csv changed since its run']],
    });
    // The same text as the same judgement from scratch (the snapshot dropped by a database write).
    const partialText = (await p.cli(['status', '--json'])).stdout;
    const db = new Database(dbFile());
    db.prepare('DELETE FROM status_snapshot').run();
    db.close();
    expect((await p.cli(['status', '--json'])).stdout).toBe(partialText);
    p.write('data/gen.csv', gen);
  });

  it('is dropped after a file edit of the same size', async () => {
    expect(p.read('lib/model.mjs')).toBe('export const scale = 2;\n');
    p.write('lib/model.mjs', 'export const scale = 3;\n');
    expect(await p.statuses()).toEqual({
      [A]: ['stale', ['lib/model.mjs changed', 'upstream gen_data.mjs is stale']],
      [B]: ['stale', ['upstream gen_data.mjs is stale']],
      [G]: ['stale', ['lib/model.mjs changed']],
    });
    p.write('lib/model.mjs', 'export const scale = 2;\n');
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when a file read is deleted, and when it comes back', async () => {
    const text = p.read('data/input.csv');
    const missing = { [A]: ['stale', ['data/input.csv missing']], [B]: ['fresh', []], [G]: ['fresh', []] };
    rmSync(join(p.root, 'data/input.csv'));
    expect(await p.statuses()).toEqual({ ...TAMPERED, [A]: missing[A] });
    // A snapshot that knows the file as missing: used while it stays so, dropped when it is back.
    age();
    expect(await statusesStored()).toEqual(missing);
    tamper();
    expect(await p.statuses()).toEqual({ ...missing, [B]: ['tampered', []], [G]: ['tampered', []] });
    p.write('data/input.csv', text);
    age();
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when a run is recorded', async () => {
    expect((await p.cli(['run', B])).code).toBe(0);
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when the run configs change, even with an old config mtime', async () => {
    p.write('.simorgrc.json', CONFIG('b'));
    age();
    expect(await p.statuses()).toEqual({
      [A]: ['stale', ['run config std changed', 'upstream gen_data.mjs is stale']],
      [B]: ['stale', ['run config std changed', 'upstream gen_data.mjs is stale']],
      [G]: ['stale', ['run config std changed']],
    });
    p.write('.simorgrc.json', CONFIG('a'));
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when a package version changes', async () => {
    const pkg = 'node_modules/fakepkg/package.json';
    const before = p.read(pkg);
    p.write(pkg, before.replace('"1.0.0"', '"1.1.0"'));
    expect(await p.statuses()).toEqual({ ...FRESH, [A]: ['stale', ['package fakepkg 1.0.0 -> 1.1.0']] });
    p.write(pkg, before);
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when a package is removed, and when it is installed again', async () => {
    const pkg = 'node_modules/fakepkg/package.json';
    const before = p.read(pkg);
    const removed = { ...FRESH, [A]: ['stale', ['package fakepkg 1.0.0 removed']] };
    rmSync(join(p.root, pkg));
    expect(await p.statuses()).toEqual(removed);
    // A snapshot made while no package.json was where Node looks: installing one, even with an
    // old mtime, drops it.
    age();
    expect(await statusesStored()).toEqual(removed);
    tamper();
    expect(await p.statuses()).toEqual({ ...removed, [B]: ['tampered', []], [G]: ['tampered', []] });
    p.write(pkg, before);
    age();
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when a script is tracked or untracked', async () => {
    p.write('extra.mjs', 'console.log(1);\n');
    age();
    expect((await p.cli(['track', 'extra.mjs'])).code).toBe(0);
    expect(await statusesStored()).toEqual({ ...FRESH, 'extra.mjs': ['never-run', []] });
    tamper();
    expect(await p.statuses()).toEqual({ ...TAMPERED, 'extra.mjs': ['never-run', []] });
    expect((await p.cli(['untrack', 'extra.mjs'])).code).toBe(0);
    expect(await p.statuses()).toEqual(FRESH);
  });

  it('is dropped when a job is queued', async () => {
    expect((await p.cli(['queue', 'add', B])).code).toBe(0);
    expect((await p.statuses())[B]).toEqual(['queued', []]);
    expect((await p.cli(['queue', 'clear'])).code).toBe(0);
    expect(await p.statuses()).toEqual(FRESH);
  });
});
