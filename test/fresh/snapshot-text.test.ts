import { describe, expect, it } from 'vitest';
import { jsonText } from '../../src/cli/output.js';
import type { StatusEntry } from '../../src/fresh/report.js';
import { entryText, lazyVerdicts } from '../../src/fresh/snapshot-text.js';

// The stored --json text read back by offsets: each entry as stored, and the text with some
// entries replaced equal to the --json text of the new list, wherever they stand.

const entry = (i: number, status = 'fresh'): StatusEntry =>
  ({
    script: `sims/s${i}.mjs`,
    status,
    reasons: status === 'fresh' ? [] : [`lib/m${i}.mjs changed`, 'a "quoted"\n  },\n  { line'],
    lastRun: {
      id: `00000000000${i}`,
      startedAt: 1000 + i,
      durationMs: 5,
      runConfig: 'std',
      status: 'succeeded',
    },
  }) as StatusEntry;

describe('lazyVerdicts', () => {
  for (const n of [1, 2, 5]) {
    it(`reads back ${n} entries and replaces any of them`, () => {
      const entries = Array.from({ length: n }, (_, i) => entry(i));
      const states = JSON.stringify({
        ids: entries.map((_, i) => i + 10),
        freshness: entries.map(() => 'fresh'),
      });
      const { verdicts, textWith } = lazyVerdicts(states, jsonText(entries));
      expect(verdicts.map((v) => [v.id, v.freshness, v.entry])).toEqual(
        entries.map((e, i) => [i + 10, 'fresh', e]),
      );
      expect(textWith(new Map())).toBe(jsonText(entries));
      for (const picks of [[0], [n - 1], [0, n - 1], [...Array(n).keys()], n > 2 ? [1, 3] : []]) {
        const now = entries.map((e, i) => (picks.includes(i) ? entry(i, 'stale') : e));
        const replaced = new Map(picks.map((i) => [i, entryText(now[i]!)]));
        expect(textWith(replaced)).toBe(jsonText(now));
      }
    });
  }

  it('parses a text not cut as expected whole, and still replaces', () => {
    const entries = [entry(0), entry(1)];
    const states = JSON.stringify({ ids: [1, 2], freshness: ['fresh', 'fresh'] });
    const { verdicts, textWith } = lazyVerdicts(states, JSON.stringify(entries));
    expect(verdicts.map((v) => v.entry)).toEqual(entries);
    expect(textWith(new Map([[1, entryText(entry(1, 'stale'))]]))).toBe(
      jsonText([entry(0), entry(1, 'stale')]),
    );
  });
});
