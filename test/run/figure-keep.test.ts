import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEEP_RUNS, keepFigures, keptPath, pruneKeptFigures } from '../../src/run/figure-keep.js';
import { openDb, type Db } from '../../src/store/db.js';

// The runner keeps each run's figures (hard links, copies across filesystems) so that a later run
// overwriting them does not lose them; a script's KEEP_RUNS latest runs keep theirs.

let root: string;
let db: Db;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'simorg-figure-keep-'));
  db = openDb(join(root, '.simorg', 'simorg.sqlite'));
});
afterAll(() => {
  db.close();
  rmSync(root, { recursive: true, force: true });
});

const put = (rel: string, text: string) => {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), text);
};

describe('keepFigures', () => {
  it('hard-links the viewable figures written during the run, and they outlive a later run rewriting them', () => {
    const t0 = Date.now();
    put('out/png/fig000_a.png', 'first png');
    put('out/svg/fig000_a.svg', '<svg>first</svg>');
    put('out/pdf/fig000_a.pdf', 'pdf');
    const run = { runId: 'aaaaaaaaaaaa', startedAt: t0 - 1000, endedAt: Date.now() };
    const figs = [
      { format: 'png', path: 'out/png/fig000_a.png' },
      { format: 'svg', path: 'out/svg/fig000_a.svg' },
      { format: 'pdf', path: 'out/pdf/fig000_a.pdf' },
    ];
    expect(keepFigures(root, run, figs)).toBe(2);
    const kept = join(root, keptPath(run.runId, figs[0]!));
    expect(kept).toBe(join(root, '.simorg', 'figures', 'aaaaaaaaaaaa', 'png', 'fig000_a.png'));
    expect(statSync(kept).ino).toBe(statSync(join(root, 'out/png/fig000_a.png')).ino);
    expect(existsSync(join(root, keptPath(run.runId, figs[2]!)))).toBe(false); // PDF: not viewable
    // The hook writes a new file and renames it over the old: the kept link holds the old content.
    put('out/png/tmp', 'second png');
    renameSync(join(root, 'out/png/tmp'), join(root, 'out/png/fig000_a.png'));
    expect(readFileSync(kept, 'utf8')).toBe('first png');
    expect(keepFigures(root, run, figs)).toBe(2); // again: nothing to do, both still kept
    expect(readFileSync(kept, 'utf8')).toBe('first png');
  });

  it('does not keep a file the run did not write (an older run left it there)', () => {
    put('old/png/fig000_b.png', 'older');
    const past = new Date(Date.now() - 3_600_000);
    utimesSync(join(root, 'old/png/fig000_b.png'), past, past);
    const run = { runId: 'bbbbbbbbbbbb', startedAt: Date.now() - 1000, endedAt: Date.now() };
    expect(keepFigures(root, run, [{ format: 'png', path: 'old/png/fig000_b.png' }])).toBe(0);
    expect(existsSync(join(root, '.simorg', 'figures', 'bbbbbbbbbbbb'))).toBe(false);
  });

  const other = '/dev/shm';
  const crossDevice = existsSync(other) && statSync(other).dev !== statSync(tmpdir()).dev;
  it.skipIf(!crossDevice)('copies a figure on another filesystem (EXDEV), where no link can be made', () => {
    const dir = mkdtempSync(join(other, 'simorg-figure-keep-'));
    try {
      const abs = join(dir, 'fig000_c.png');
      writeFileSync(abs, 'elsewhere');
      const run = { runId: 'cccccccccccc', startedAt: Date.now() - 1000, endedAt: Date.now() };
      expect(keepFigures(root, run, [{ format: 'png', path: abs }])).toBe(1);
      const kept = join(root, '.simorg', 'figures', 'cccccccccccc', 'png', 'fig000_c.png');
      expect(readFileSync(kept, 'utf8')).toBe('elsewhere');
      expect(statSync(kept).dev).not.toBe(statSync(abs).dev);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('pruneKeptFigures', () => {
  it(`keeps the figures of a script's ${KEEP_RUNS} latest runs and removes the older ones'`, () => {
    db.prepare("INSERT INTO scripts (id, path, tracked_at) VALUES (7, 's.mjs', 0)").run();
    const ids: string[] = [];
    for (let k = 0; k < KEEP_RUNS + 3; k++) {
      const id = `d${String(k).padStart(11, '0')}`;
      ids.push(id);
      db.prepare(
        `INSERT INTO runs (id, script_id, script_path, run_config, config_json, status, started_at)
         VALUES (?, 7, 's.mjs', 'std', '{}', 'succeeded', ?)`,
      ).run(id, 1000 + k);
      put(`.simorg/figures/${id}/png/fig000_a.png`, id);
    }
    pruneKeptFigures(db, root, 7);
    const left = ids.filter((id) => existsSync(join(root, '.simorg', 'figures', id)));
    expect(left).toEqual(ids.slice(3));
  });
});
