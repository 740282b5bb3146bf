import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// Issue 9, item 24: a .simorgrc.js doing `throw null` or `throw 42` said "cannot load it: undefined".
let p: TempProject | undefined;
afterEach(() => p?.cleanup());

describe('a JS config that throws something other than an Error', () => {
  const cases: Array<[string, string]> = [
    ['throw null', 'it threw null'],
    ['throw 42', 'it threw 42'],
    ['throw undefined', 'it threw undefined'],
    ['throw "no cluster"', 'it threw no cluster'],
    ['throw { reason: 1 }', 'it threw {"reason":1}'],
    ['throw new Error("bad path")', 'bad path'],
  ];
  for (const [code, said] of cases) {
    it(`\`${code}\` is named in one line, exit 1`, async () => {
      p = tempProject();
      rmSync(`${p.root}/.simorgrc.json`);
      p.write('.simorgrc.mjs', `${code};\nexport default {};\n`);
      const r = await p.cli(['status']);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(`simorg: ${p.root}/.simorgrc.mjs: cannot load it: ${said}`);
      expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    });
  }
});
