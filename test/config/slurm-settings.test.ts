import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { mergedSettings, sbatchArgs } from '../../src/backends/slurm-options.js';

describe('slurm settings and launcher in the config', () => {
  it('resolves top-level and per-run-config Slurm settings and a launcher; the command line wins', () => {
    const c = resolveConfig(
      {
        slurm: { partition: 'cpu', time: '1:00:00', account: 'lab', sbatch: ['--qos=normal'] },
        runConfigs: {
          mpi: { timeout: 90, launcher: ['mpirun', '-n', '4'], slurm: { ntasks: 4, mem: '8G' } },
        },
      },
      '/p',
      undefined,
    );
    expect(c.slurm).toEqual({ partition: 'cpu', time: '1:00:00', account: 'lab', sbatch: ['--qos=normal'] });
    const rc = c.runConfigs.mpi!;
    expect(rc.launcher).toEqual(['mpirun', '-n', '4']);
    const s = mergedSettings(c, rc, { time: '30', sbatch: ['--exclusive'] });
    expect(sbatchArgs(s, rc)).toEqual([
      '--partition=cpu',
      '--time=30',
      '--mem=8G',
      '--ntasks=4',
      '--account=lab',
      '--qos=normal',
      '--exclusive',
    ]);
    // No time anywhere: the run config's timeout, in whole minutes rounded up.
    const bare = resolveConfig({ runConfigs: { mpi: { timeout: 90 } } }, '/p', undefined);
    expect(sbatchArgs(mergedSettings(bare, bare.runConfigs.mpi!, {}), bare.runConfigs.mpi!)).toEqual([
      '--time=2',
    ]);
  });

  it.each([
    [{ slurm: { time: 'soon' } }, /'slurm.time' must be minutes, or a Slurm time/],
    [{ slurm: { mem: '4 GB' } }, /'slurm.mem' must be megabytes/],
    [{ slurm: { partiton: 'cpu' } }, /unknown key 'slurm.partiton'; Slurm settings are: partition/],
    [{ slurm: { sbatch: ['exclusive'] } }, /'slurm.sbatch' must be an array of sbatch options/],
    [
      { runConfigs: { x: { slurm: { ntasks: 0 } } } },
      /'runConfigs.x.slurm.ntasks' must be a whole number greater than 0/,
    ],
    [{ runConfigs: { x: { launcher: [] } } }, /'runConfigs.x.launcher' must be a non-empty array of words/],
  ])('refuses %j naming the key', (raw, message) => {
    expect(() => resolveConfig(raw, '/p', undefined)).toThrow(message);
  });
});
