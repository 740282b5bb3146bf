import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// A run config's launcher is put before the script's command: a real MPI hello-world under Open MPI's
// mpirun (Debian's openmpi-bin), run locally.
const hasMpirun = (() => {
  try {
    execFileSync('mpirun', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasMpirun)
  console.log('skipping the MPI launcher test: mpirun is not installed (apt-get install openmpi-bin)');

const HELLO =
  '#!/bin/bash\necho "hello from rank ${OMPI_COMM_WORLD_RANK:-none} of ${OMPI_COMM_WORLD_SIZE:-none}"\n';

describe.skipIf(!hasMpirun && process.env.SIMORG_REQUIRE_SLURM !== '1')('run config launcher', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());

  it('runs the script under mpirun -n 2: two ranks, one run', async () => {
    p = tempProject(
      {
        runConfigs: {
          mpi: { timeout: 60, launcher: ['mpirun', '--allow-run-as-root', '--oversubscribe', '-n', '2'] },
        },
      },
      { 'hello.sh': HELLO },
    );
    const r = await p.cli(['run', 'hello.sh', '--config', 'mpi', '--json']);
    expect(r.code).toBe(0);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.status).toBe('succeeded');
    const out = readFileSync(join(p.root, `.simorg/runs/${run.runId}/stdout.txt`), 'utf8')
      .trim()
      .split('\n')
      .sort();
    expect(out).toEqual(['hello from rank 0 of 2', 'hello from rank 1 of 2']);
  });

  it('keeps a hooked script fresh under the same launcher, and stale once the launcher changes', async () => {
    const mpi = (n: number) => ({
      runConfigs: {
        mpi: { timeout: 60, launcher: ['mpirun', '--allow-run-as-root', '--oversubscribe', '-n', String(n)] },
      },
    });
    p = tempProject(mpi(1), { 'hello.mjs': "console.log('rank', process.env.OMPI_COMM_WORLD_RANK);\n" });
    expect((await p.cli(['run', 'hello.mjs', '--config', 'mpi'])).code).toBe(0);
    const before = JSON.parse((await p.cli(['status', '--config', 'mpi', '--json'])).stdout);
    expect(JSON.stringify(before)).toContain('"fresh"');
    p.write('.simorgrc.json', JSON.stringify(mpi(2)));
    const after = await p.cli(['status', '--config', 'mpi']);
    expect(after.stdout).toMatch(/hello\.mjs\s+stale/);
  });
});
