import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempProject, type TempProject } from '../run/helpers.js';

// Whether a Slurm cluster answers here (scripts/slurm-cluster.sh start makes one). Without one the
// Slurm tests are skipped with a line saying why, unless SIMORG_REQUIRE_SLURM=1 (set by .ci/run):
// then a missing cluster fails the run instead of passing it silently.
export function slurmHere(): { ok: true } | { ok: false; why: string } {
  try {
    const state = execFileSync('sinfo', ['--noheader', '--format=%T'], {
      encoding: 'utf8',
      timeout: 10_000,
    }).trim();
    if (/\b(idle|mixed|allocated)\b/.test(state)) return { ok: true };
    return {
      ok: false,
      why: `sinfo shows no usable node (${state || 'none'}); start one with scripts/slurm-cluster.sh start`,
    };
  } catch (err) {
    return {
      ok: false,
      why: `no Slurm here (${(err as Error).message.split('\n')[0]}); install slurm-wlm munge and run scripts/slurm-cluster.sh start`,
    };
  }
}

export const slurmRequired = (): boolean => process.env.SIMORG_REQUIRE_SLURM === '1';

/** A project whose scripts can load node-canvas (simorg's own node_modules). */
export function slurmProject(config: object, scripts: Record<string, string>): TempProject {
  const p = tempProject(config, scripts);
  symlinkSync(
    fileURLToPath(new URL('../../node_modules', import.meta.url)),
    join(p.root, 'node_modules'),
    'dir',
  );
  return p;
}

/** Waits until Slurm no longer lists job `id` (or `ms` pass). */
export async function untilGone(id: number, ms = 180_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const out = execFileSync('squeue', ['--noheader', '--format=%i|%T'], { encoding: 'utf8' });
    if (!out.split('\n').some((l) => l.startsWith(`${id}|`))) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`Slurm job ${id} still listed after ${ms} ms`);
}

/** Waits until job `id` is RUNNING and its script has started (started.json in the run folder). */
export async function untilRunning(id: number, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    const out = execFileSync('squeue', ['--noheader', '--format=%i|%T'], { encoding: 'utf8' });
    if (out.split('\n').some((l) => l === `${id}|RUNNING`)) return;
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`Slurm job ${id} did not start within ${ms} ms`);
}

/**
 * The environment of a stand-in `sbatch` first on PATH (in `root`/bin) that does not answer within
 * simorg's (shortened) 2 s: it submits the job with the real sbatch first when `submits`, then sleeps.
 */
export function slowSbatch(root: string, submits: boolean): Record<string, string> {
  const real = execFileSync('which', ['sbatch'], { encoding: 'utf8' }).trim();
  const bin = join(root, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    join(bin, 'sbatch'),
    `#!/bin/sh\n${submits ? `${real} "$@" > /dev/null || exit 1\n` : ''}exec sleep 30\n`,
    { mode: 0o755 },
  );
  return { PATH: `${bin}:${process.env.PATH}`, SIMORG_TEST_SBATCH_TIMEOUT_MS: '2000' };
}
