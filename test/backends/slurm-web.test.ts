import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import type { TempProject } from '../run/helpers.js';
import { cookieFor, raw, serve, type Served } from '../web/helpers.js';
import { slurmHere, slurmProject, untilGone, untilRunning } from './slurm-helpers.js';

// The web Overview against a real one-node Slurm: it says what `simorg status` says of a script
// whose run waits in Slurm's queue (queued, with Slurm's reason), and running once it runs.
const here = slurmHere();
if (!here.ok) console.log(`skipping the Slurm web test: ${here.why}`);

const SLOW = `setInterval(() => {}, 1000);\n`;

describe.skipIf(!here.ok)('simorg serve with runs on Slurm', () => {
  let p: TempProject | undefined;
  let s: Served | undefined;
  afterEach(async () => {
    await s?.stop();
    p?.cleanup();
  });

  it('shows a held job\'s script queued on the Overview with "pending on Slurm (JobHeldUser)", running once released', async () => {
    p = slurmProject({}, { 'slow.mjs': SLOW });
    p.track(['slow.mjs']);
    const r = await p.cli(['run', 'slow.mjs', '--backend', 'slurm', '--sbatch=--hold']);
    expect(r.code, r.stderr).toBe(0);
    const id = Number(/as job (\d+)/.exec(r.stdout)?.[1]);
    const project = p;
    try {
      s = await serve({ spawnCli: (args, env) => project.spawn(args, { env }) });
      const overview = async () => {
        const res = await raw(s!.base, '/', {
          headers: { host: `127.0.0.1:${s!.port}`, cookie: cookieFor(s!) },
        });
        expect(res.status).toBe(200);
        return res.body;
      };
      const held = await overview();
      expect(held).toContain('<tr class="row-queued" data-script="slow.mjs">');
      expect(held).toMatch(/<td class="why">pending on Slurm \(JobHeldUser\)/);
      execFileSync('scontrol', ['release', String(id)]);
      await untilRunning(id);
      const running = await overview();
      expect(running).toContain('<tr class="row-running" data-script="slow.mjs">');
      expect(running).not.toContain('pending on Slurm');
    } finally {
      execFileSync('scancel', [String(id)]);
    }
    await untilGone(id);
  }, 120_000);
});
