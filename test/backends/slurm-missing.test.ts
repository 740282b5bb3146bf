import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// Runs everywhere: a PATH without sbatch is made, whatever this machine has.
describe('--backend slurm without Slurm, and bad Slurm options', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());
  const noSlurm = () => ({ PATH: mkdtempSync(join(tmpdir(), 'simorg-nopath-')) });
  const queued = () => {
    const db = p!.db();
    try {
      return (
        (db.prepare('SELECT count(*) AS n FROM jobs').get() as { n: number }).n +
        (db.prepare('SELECT count(*) AS n FROM runs').get() as { n: number }).n
      );
    } finally {
      db.close();
    }
  };

  it('says in one line that sbatch is missing, exits 2 and queues nothing', async () => {
    p = tempProject({}, { 'a.mjs': 'console.log(1)\n' });
    const r = await p.cli(['run', 'a.mjs', '--backend', 'slurm'], { env: noSlurm() });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/--backend slurm: 'sbatch' was not found on PATH/);
    expect(r.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
    expect(queued()).toBe(0);
  });

  it.each([
    [['--backend', 'pbs'], /unknown backend 'pbs'/],
    [['--partition', 'gpu'], /--partition is a Slurm option/],
    [['--backend', 'slurm', '--time', 'soon'], /--time expects minutes or a Slurm time/],
    [['--backend', 'slurm', '--mem', '4 GB'], /--mem expects/],
    [['--backend', 'slurm', '--ntasks', '0'], /--ntasks expects a whole number/],
    [['--backend', 'slurm', '--sbatch', 'exclusive'], /--sbatch expects sbatch options/],
  ])('refuses %j in one line, exit 2, nothing queued', async (args, message) => {
    p = tempProject({}, { 'a.mjs': 'console.log(1)\n' });
    const r = await p.cli(['run', 'a.mjs', ...args]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(queued()).toBe(0);
  });
});
