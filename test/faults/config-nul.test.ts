import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// Issue 9, item 23: NUL bytes in `env` or `argv` passed the validator, then the spawn failed with
// ERR_INVALID_ARG_VALUE and left an abandoned job. The validator now names the key.
let p: TempProject | undefined;
afterEach(() => p?.cleanup());

const jobs = (t: TempProject): unknown => {
  const db = t.db();
  try {
    return db.prepare('SELECT count(*) FROM jobs').pluck().get();
  } finally {
    db.close();
  }
};

describe('NUL bytes and impossible variable names in a run config', () => {
  const cases: Array<[string, object, string]> = [
    ['an env value', { env: { X: 'a\u0000b' } }, `'runConfigs.nul.env.X' contains a NUL byte`],
    ['an argv value', { argv: ['--x', 'a\u0000'] }, `'runConfigs.nul.argv[1]' contains a NUL byte`],
    [
      'an env name',
      { env: { 'A\u0000B': '1' } },
      `is not a variable name (it must be non-empty, without '=' or NUL)`,
    ],
    ['an env name with =', { env: { 'A=B': '1' } }, `"A=B" in 'runConfigs.nul.env' is not a variable name`],
  ];
  for (const [what, rc, said] of cases) {
    it(`${what}: one clear line, exit 1, no job`, async () => {
      p = tempProject({ runConfigs: { nul: rc } }, { 'a.mjs': '' });
      const r = await p.cli(['run', '--config', 'nul', 'a.mjs']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(said);
      expect(r.stderr).not.toMatch(/internal error|ERR_INVALID_ARG_VALUE|\n\s+at /);
      expect(jobs(p)).toBe(0);
    });
  }

  it('in a JS config too', async () => {
    p = tempProject({}, { 'a.mjs': '' });
    rmSync(`${p.root}/.simorgrc.json`);
    p.write('.simorgrc.mjs', 'export default { runConfigs: { nul: { argv: ["a\\u0000"] } } };\n');
    const r = await p.cli(['run', '--config', 'nul', 'a.mjs']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `'runConfigs.nul.argv[0]' contains a NUL byte (\\0), which no program can be given; remove it`,
    );
    expect(jobs(p)).toBe(0);
  });
});
