// The stored `status --json` text, read back: each entry where it stands in the text, parsed only
// when needed, and the text again with a few entries replaced (a status after a file change).

import type { StatusEntry } from './report.js';
import type { Freshness } from './types.js';

/** A script's stored verdict: its freshness and the entry `status` prints for it. */
export interface Verdict {
  id: number;
  freshness: Freshness;
  entry: StatusEntry;
}

/** What is stored of the verdicts besides the --json text (its entries, by position). */
export interface StoredStates {
  ids: number[];
  freshness: Freshness[];
}

// The stored verdicts with each entry parsed only when read: after a file change most are printed
// again as the text they were stored as. The --json text is cut at its entries, whose closing
// brace is the only line that starts with exactly two spaces and a brace; only the offsets are
// kept (10,000 slices and a join of them cost more than the few entries replaced). Parsed whole
// when the text is not cut as expected.
export function lazyVerdicts(
  statesJson: string,
  json: string,
): { verdicts: Verdict[]; textWith: (replaced: ReadonlyMap<number, string>) => string } {
  const s = JSON.parse(statesJson) as StoredStates;
  const n = s.ids.length;
  const bounds = entryBounds(json, n);
  if (!bounds) {
    const entries = JSON.parse(json) as StatusEntry[];
    const texts = entries.map((e) => entryText(e));
    return {
      verdicts: entries.map((entry, i): Verdict => ({ id: s.ids[i]!, freshness: s.freshness[i]!, entry })),
      textWith: (replaced) => (n ? `[\n${texts.map((t, i) => replaced.get(i) ?? t).join(',\n')}\n]\n` : json),
    };
  }
  const verdicts = s.ids.map(
    (id, i) => new StoredVerdict(id, s.freshness[i]!, json, bounds[2 * i]!, bounds[2 * i + 1]!),
  );
  const textWith = (replaced: ReadonlyMap<number, string>) => {
    let out = '';
    let from = 0;
    for (const i of [...replaced.keys()].sort((a, b) => a - b)) {
      out += json.slice(from, bounds[2 * i]) + replaced.get(i)!;
      from = bounds[2 * i + 1]!;
    }
    return out + json.slice(from);
  };
  return { verdicts, textWith };
}

// Where each entry's text starts and ends in the stored --json text ([start, end] per entry), or
// null when it is not cut as expected (then it is parsed whole).
function entryBounds(json: string, n: number): Int32Array | null {
  if (!n || !json.startsWith('[\n  {') || !json.endsWith('\n  }\n]\n')) return null;
  const bounds = new Int32Array(2 * n);
  const CUT = '\n  },\n  {';
  bounds[0] = 2;
  let at = 2;
  for (let i = 1; i < n; i++) {
    const q = json.indexOf(CUT, at);
    if (q < 0) return null;
    bounds[2 * i - 1] = q + 4;
    bounds[2 * i] = at = q + 6;
  }
  if (json.indexOf(CUT, at) >= 0) return null;
  bounds[2 * n - 1] = json.length - 3;
  return bounds;
}

// A stored verdict whose entry is parsed from its stretch of the stored text when first read.
class StoredVerdict implements Verdict {
  #entry?: StatusEntry;
  constructor(
    readonly id: number,
    readonly freshness: Freshness,
    private readonly json: string,
    private readonly start: number,
    private readonly end: number,
  ) {}

  get entry(): StatusEntry {
    return (this.#entry ??= JSON.parse(this.json.slice(this.start, this.end)) as StatusEntry);
  }
}

/** An entry as the --json text writes it inside the array (two spaces in). */
export const entryText = (e: StatusEntry): string =>
  `  ${JSON.stringify(e, null, 2).replaceAll('\n', '\n  ')}`;
