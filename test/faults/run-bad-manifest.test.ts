import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// One run's bad manifest (the script overwrote $SIMORG_MANIFEST) is that run's failure, with a
// message that says so; the runs beside it and after it are recorded as they ran.

describe('a bad manifest', () => {
  let p: TempProject;
  afterEach(() => p?.cleanup());

  it('fails its own run with a clear error and leaves the rest of the batch alone', async () => {
    p = tempProject(
      {},
      {
        // Its exit handler runs after the hook's, replacing the manifest the hook wrote.
        'bad.mjs':
          "import { writeFileSync } from 'node:fs';\n" +
          "process.on('exit', () => writeFileSync(process.env.SIMORG_MANIFEST, JSON.stringify({ figures: [{ path: 'x' }] })));\n",
        'beside.sh': 'sleep 1\necho beside\n',
        'later.sh': 'echo later\n',
        'zlast.sh': 'echo last\n',
      },
    );
    const r = await p.cli(['run', 'bad.mjs', 'beside.sh', 'later.sh', 'zlast.sh', '--jobs', '2', '--json']);
    expect(r.stderr).not.toMatch(/internal error|NOT NULL/);
    const runs = JSON.parse(r.stdout).runs as Array<{ script: string; status: string }>;
    expect(runs.map((x) => [x.script, x.status])).toEqual([
      ['bad.mjs', 'failed'],
      ['beside.sh', 'succeeded'],
      ['later.sh', 'succeeded'],
      ['zlast.sh', 'succeeded'],
    ]);
    expect(r.code).toBe(1);
    const bad = JSON.parse((await p.cli(['show', 'bad.mjs', '--json'])).stdout);
    expect(bad.error.message).toMatch(
      /manifest .* is not one the hook writes: figures\[0\] lacks a whole-number index.*overwrite \$SIMORG_MANIFEST/,
    );
    expect(bad.exitCode).toBe(0);
  }, 60_000);
});
