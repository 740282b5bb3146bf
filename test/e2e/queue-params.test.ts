import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// `simorg queue` shows each job's parameters, compact and escaped; --json carries them as values.
describe('queue ls: parameters', () => {
  let p: TempProject;
  beforeAll(() => {
    p = tempProject({}, { 'a.mjs': 'console.log(1)\n' });
    p.track(['a.mjs']);
  });
  afterAll(() => p.cleanup());

  it('prints k=v,... in key order with commas escaped and terminal controls removed; --json has the values', async () => {
    const add = await p.cli([
      'queue',
      'add',
      'a.mjs',
      '--param',
      'tau=0.5',
      '--param',
      'label=a,b\x1b[31mred',
    ]);
    expect(add.code, add.stderr).toBe(0);
    const plain = await p.cli(['queue', 'add', 'a.mjs']);
    expect(plain.code).toBe(0);
    const ls = await p.cli(['queue']);
    expect(ls.code).toBe(0);
    expect(ls.stdout).toMatch(/\bparams\b/);
    const line = ls.stdout.split('\n').find((l) => l.includes('tau='))!;
    expect(line).toContain('label=a\\,b');
    expect(line).toContain(',tau=0.5');
    expect(line).not.toContain('\x1b');
    const json = JSON.parse((await p.cli(['queue', '--json'])).stdout) as Array<{ params: object }>;
    expect(json.map((j) => j.params)).toEqual([{ label: 'a,b\x1b[31mred', tau: 0.5 }, {}]);
  });
});
