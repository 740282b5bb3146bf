import { afterEach, describe, expect, it } from 'vitest';
import { tempProject, type TempProject } from '../run/helpers.js';

// Issue 9, item 5: a timeout past what a timer holds (2^31 - 1 ms) used to fire at once and kill the
// script (TimeoutOverflowWarning). It is refused when the config is loaded, before anything is queued.
let p: TempProject | undefined;
afterEach(() => p?.cleanup());

const jobs = (t: TempProject) => {
  const db = t.db();
  try {
    return db.prepare('SELECT count(*) FROM jobs').pluck().get();
  } finally {
    db.close();
  }
};

describe('a run config timeout past the timer limit', () => {
  for (const timeout of [3_000_000, 1e308]) {
    it(`${timeout} s is refused with the key and the limit, and nothing is queued`, async () => {
      p = tempProject({ runConfigs: { long: { timeout } } }, { 'a.mjs': 'console.log("ran")\n' });
      const r = await p.cli(['run', '--config', 'long', 'a.mjs']);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(
        `'runConfigs.long.timeout' must be a number of seconds greater than 0 and at most 2147483 (24 days), or null for no timeout`,
      );
      expect(r.stderr).not.toMatch(/internal error|TimeoutOverflowWarning|\n\s+at /);
      expect(jobs(p)).toBe(0);
    });
  }

  it('the largest allowed timeout lets the script run to its end', async () => {
    p = tempProject(
      { runConfigs: { long: { timeout: 2147483 } } },
      { 'a.mjs': 'await new Promise((r) => setTimeout(r, 300)); console.log("ran")\n' },
    );
    const r = await p.cli(['run', '--config', 'long', 'a.mjs']);
    expect(r.stderr).not.toContain('TimeoutOverflowWarning');
    expect(r.code).toBe(0);
    const db = p.db();
    expect(db.prepare('SELECT status FROM runs').pluck().all()).toEqual(['succeeded']);
    db.close();
  });
});
