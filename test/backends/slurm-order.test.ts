import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TempProject } from '../run/helpers.js';
import { slurmHere, slurmProject } from './slurm-helpers.js';

// `run --all --backend slurm` sends upstream first: a reader's job depends on its writer's
// (--dependency=afterok), so it starts after it, and a failed writer blocks only its reader.
const here = slurmHere();
if (!here.ok) console.log(`skipping the Slurm order tests: ${here.why}`);

// By path, the reader comes first: only the recorded graph puts the writer before it.
const READER = `import { readFileSync } from 'node:fs';
console.log('read', readFileSync('data.txt', 'utf8').trim());
`;
const WRITER = `import { writeFileSync } from 'node:fs';
writeFileSync('data.txt', String(Date.now()) + '\\n');
`;

describe.skipIf(!here.ok)('Slurm batches in dependency order', () => {
  let p: TempProject | undefined;
  afterEach(() => p?.cleanup());

  const runs = () => {
    const db = p!.db();
    try {
      return db
        .prepare(
          'SELECT script_path, status, error_message, started_at, ended_at, worker FROM runs ORDER BY started_at',
        )
        .all() as Array<{
        script_path: string;
        status: string;
        error_message: string | null;
        started_at: number;
        ended_at: number;
        worker: string;
      }>;
    } finally {
      db.close();
    }
  };

  it('runs the writer before its reader, and a failed writer leaves the reader cancelled, not run', async () => {
    p = slurmProject({}, { 'sims/a-read.mjs': READER, 'sims/z-write.mjs': WRITER });
    p.track(['sims/a-read.mjs', 'sims/z-write.mjs']);
    // A first local batch records who writes and who reads data.txt.
    const local = await p.cli(['run', '--all']);
    expect(local.code, local.stdout + local.stderr).toBe(0);
    writeFileSync(join(p.root, 'sims/data.txt'), 'old\n');
    const r = await p.cli(['run', '--all', '--backend', 'slurm', '--wait', '--mem', '200M']);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const slurmRuns = runs().filter((x) => x.worker.startsWith('slurm:'));
    const w = slurmRuns.find((x) => x.script_path === 'sims/z-write.mjs')!;
    const rd = slurmRuns.find((x) => x.script_path === 'sims/a-read.mjs')!;
    expect([w.status, rd.status]).toEqual(['succeeded', 'succeeded']);
    expect(rd.started_at).toBeGreaterThanOrEqual(w.ended_at);
    // The writer now fails: its reader never starts, and says why.
    writeFileSync(join(p.root, 'sims/z-write.mjs'), "throw new Error('no data today');\n");
    const bad = await p.cli(['run', '--all', '--backend', 'slurm', '--wait', '--mem', '200M']);
    expect(bad.code).toBe(1);
    const last = runs().slice(-2);
    const w2 = last.find((x) => x.script_path === 'sims/z-write.mjs')!;
    const r2 = last.find((x) => x.script_path === 'sims/a-read.mjs')!;
    expect(w2.status).toBe('failed');
    expect(w2.error_message).toMatch(/no data today/);
    expect(r2.status).toBe('cancelled');
    expect(r2.error_message).toMatch(/upstream of it failed/);
  }, 240_000);
});
