import { UsageError } from '../errors.js';
import type { Db } from '../store/db.js';
import { listSweeps, type SweepRow } from '../store/sweeps.js';

// Which sweep a user's reference names (store/sweeps.ts keeps them).

/**
 * The sweep a user means: its id, its name (unique across scripts, else the error lists them), or
 * `script:name`.
 */
export function resolveSweep(db: Db, ref: string): SweepRow {
  const t = ref.trim();
  if (!t)
    throw new UsageError('name a sweep', {
      code: 'E_NO_SWEEP',
      hint: 'see `simorg sweeps` for their names and ids',
    });
  const all = listSweeps(db);
  const colon = t.lastIndexOf(':');
  const found = /^\d+$/.test(t)
    ? all.filter((s) => s.id === Number(t))
    : all.filter(
        (s) =>
          s.name === t ||
          (colon > 0 &&
            s.name === t.slice(colon + 1) &&
            (s.script === t.slice(0, colon) || s.script.endsWith(`/${t.slice(0, colon)}`))),
      );
  if (found.length === 1) return found[0]!;
  if (found.length > 1) {
    throw new UsageError(
      `sweep '${t}' is ambiguous: ${found.map((s) => `${s.id} (${s.script}:${s.name})`).join(', ')}`,
      {
        code: 'E_AMBIGUOUS',
        hint: 'give its id or script:name',
      },
    );
  }
  throw new UsageError(`no sweep '${t}'`, {
    code: 'E_NO_SWEEP',
    hint: all.length
      ? `sweeps: ${all
          .slice(0, 8)
          .map((s) => s.name)
          .join(', ')} (see \`simorg sweeps\`)`
      : 'start one with `simorg sweep <script> --sweep key=values`',
  });
}
