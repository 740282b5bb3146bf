import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// Issue 9, item 16: a .simorgrc.js whose top-level await never settles made `status` and `run --all`
// end with exit 0 and no output. Loading the config now ends with one line naming the file.
let p: TempProject | undefined;
afterEach(() => p?.cleanup());

describe('a JS config that never settles', () => {
  for (const args of [['status'], ['run', '--all'], ['list']]) {
    it(`\`simorg ${args.join(' ')}\` says so and exits 1`, async () => {
      p = tempProject({}, { 'a.mjs': '' });
      p.write('.simorgrc.json', ''); // replaced by the JS config below
      const { rmSync } = await import('node:fs');
      rmSync(`${p.root}/.simorgrc.json`);
      p.write('.simorgrc.mjs', 'await new Promise(() => {});\nexport default {};\n');
      const started = Date.now();
      const r = await p.cli(args);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n')[0]).toBe(
        `simorg: ${p.root}/.simorgrc.mjs: loading it never finished (it waits on a promise nothing will settle)`,
      );
      expect(r.stderr.trim().split('\n').length).toBe(2);
      expect(Date.now() - started).toBeLessThan(10_000); // told at once, not after the time limit
    });
  }
});
