import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, RealProject } from '../fresh/project.js';

// README "With make": `make -j4` "runs what changed, upstream first". Two independent generators
// (each takes 0.8 s) feed three readers; after a shared library changes, a 4-way parallel make runs
// the generators side by side — several `simorg run` processes on one database at once — each
// reader after its writers, and leaves everything fresh: `make -q` then says nothing is to do.

const slowWriter = (out: string) => `import { mkdirSync, writeFileSync } from 'node:fs';
import { scale } from './lib/model.mjs';
await new Promise((r) => setTimeout(r, 800));
mkdirSync('data', { recursive: true });
writeFileSync('${out}', 'v\\n' + scale * ${out.length} + '\\n');
`;
const readerOf = (...files: string[]) => `import { readFileSync } from 'node:fs';
console.log(${files.map((f) => `readFileSync('${f}', 'utf8').length`).join(' + ')});
`;

interface RunRow {
  script: string;
  started: number;
  ended: number;
  status: string;
}

describe('make -j4 with simorg.mk', () => {
  let p: RealProject;
  const makeArgs = (...args: string[]) => [
    '--no-print-directory',
    ...args,
    `SIMORG=${process.execPath} ${BIN}`,
  ];
  const runs = (): RunRow[] => {
    const db = new Database(join(p.root, '.simorg', 'simorg.sqlite'), { readonly: true });
    try {
      return db
        .prepare(
          'SELECT script_path AS script, started_at AS started, ended_at AS ended, status FROM runs ORDER BY started_at, rowid',
        )
        .all() as RunRow[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    p = new RealProject({
      '.simorgrc.json': JSON.stringify({ runConfigs: { std: { timeout: 120 } }, defaultRunConfig: 'std' }),
      'lib/model.mjs': 'export const scale = 2;\n',
      'gen_x.mjs': slowWriter('data/x.csv'),
      'gen_y.mjs': slowWriter('data/y.csv'),
      'ana_x.mjs': readerOf('data/x.csv'),
      'ana_y.mjs': readerOf('data/y.csv'),
      'both.mjs': readerOf('data/x.csv', 'data/y.csv'),
      Makefile: 'all: simorg-all\n\n-include simorg.mk\n\ndeps:\n\t$(SIMORG) makefile\n\n.PHONY: all deps\n',
    });
    expect((await p.cli(['init'])).code).toBe(0);
    expect((await p.cli(['track', '*.mjs'])).code).toBe(0);
    const first = await p.cli(['run', '--all', '--jobs', '2']);
    expect(first.code, first.stdout + first.stderr).toBe(0);
    expect((await p.cli(['makefile'])).code).toBe(0);
  });
  afterAll(() => p.cleanup());

  it('runs what changed in parallel, upstream first, then a second make has nothing to do', async () => {
    const before = runs().length;
    p.write('lib/model.mjs', 'export const scale = 3;\n'); // changes both generators' outputs
    const r = await p.exec('make', makeArgs('-j4', 'simorg-all'));
    expect(r.code, r.stdout + r.stderr).toBe(0);

    const ran = runs().slice(before);
    expect(ran.map((x) => x.script).sort()).toEqual([
      'ana_x.mjs',
      'ana_y.mjs',
      'both.mjs',
      'gen_x.mjs',
      'gen_y.mjs',
    ]);
    expect(ran.every((x) => x.status === 'succeeded')).toBe(true);
    const of = (s: string) => ran.find((x) => x.script === s)!;
    // Upstream first: every reader started after its writers ended.
    for (const [reader, writers] of [
      ['ana_x.mjs', ['gen_x.mjs']],
      ['ana_y.mjs', ['gen_y.mjs']],
      ['both.mjs', ['gen_x.mjs', 'gen_y.mjs']],
    ] as const) {
      for (const w of writers)
        expect(of(reader).started, `${reader} after ${w}`).toBeGreaterThanOrEqual(of(w).ended);
    }
    // In parallel: the two 0.8 s generators overlapped.
    const [x, y] = [of('gen_x.mjs'), of('gen_y.mjs')];
    expect(Math.max(x.started, y.started)).toBeLessThan(Math.min(x.ended, y.ended));

    expect(Object.values(await p.statuses()).every(([s]) => s === 'fresh')).toBe(true);
    // A second make has nothing to do: not one simorg command, not one run.
    const again = await p.exec('make', makeArgs('-j4', 'simorg-all'));
    expect(again.code).toBe(0);
    expect(again.stdout + again.stderr).toBe("make: Nothing to be done for 'simorg-all'.\n");
    expect(runs().length).toBe(before + 5);
  });

  // Every script ran in the make above: each stamp was begun before its run (simorg.mk renames a
  // stamp made before the run into place after it), so every output is newer than its stamp.
  it('make -q says everything is up to date (exit 0) after make -j4', async () => {
    const r = await p.exec('make', makeArgs('-j4', 'simorg-all'));
    expect(r.code).toBe(0);
    const q = await p.exec('make', makeArgs('-q', 'simorg-all'));
    expect(q.code, q.stdout + q.stderr).toBe(0);
  });
});
