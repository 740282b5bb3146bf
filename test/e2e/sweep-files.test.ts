import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// `--sweep 'key=files(pattern)'`: the config's space of files on the command line, through the CLI.
describe('simorg sweep --sweep key=files(pattern)', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject({}, { 'sims/fit.mjs': 'console.log(process.env.SIMORG_PARAMS)\n' });
    p.track(['sims/fit.mjs']);
    for (const f of ['data/s01/run1.csv', 'data/s01/run2.csv', 'data/s02/run1.csv', 'data/s02/notes.txt']) {
      mkdirSync(dirname(join(p.root, f)), { recursive: true });
      writeFileSync(join(p.root, f), 'x\n');
    }
  });
  afterAll(() => p.cleanup());

  it('makes one job per matching file, its fields parameters too, crossed with other --sweep options', async () => {
    const r = await p.cli([
      'sweep',
      'sims/fit.mjs',
      '--sweep',
      'data=files(data/s{subject}/run{run}.csv)',
      '--sweep',
      'tau=1,2',
      '--dry-run',
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { count: number; jobs: Array<{ params: object }> };
    expect(out.count).toBe(6);
    expect(out.jobs.slice(0, 2).map((j) => j.params)).toEqual([
      { data: 'data/s01/run1.csv', run: 1, subject: '01', tau: 1 },
      { data: 'data/s01/run1.csv', run: 1, subject: '01', tau: 2 },
    ]);
    expect(out.jobs.map((j) => (j.params as { data: string }).data)).not.toContain('data/s02/notes.txt');
  });

  it('says in one line, exit 2, when no file matches, and queues nothing', async () => {
    const r = await p.cli(['sweep', 'sims/fit.mjs', '--sweep', 'data=files(data/*/none.csv)', '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--sweep data: no file matches "data\/\*\/none\.csv"/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    const db = p.db();
    try {
      expect(db.prepare('SELECT count(*) AS n FROM jobs').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('refuses a bad key or an empty pattern in one line, exit 2', async () => {
    for (const bad of ['data=files()', '9x=files(data/*.csv)']) {
      const r = await p.cli(['sweep', 'sims/fit.mjs', '--sweep', bad, '--dry-run']);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toMatch(/--sweep|sweep syntax/);
    }
  });
});
