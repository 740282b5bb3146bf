// Writing to a database another process holds (a long write transaction, a backup, a full disk):
// better-sqlite3 waits out its busy timeout (10 s, db.ts), then throws. A run's record must not be
// lost to that, so its writes are tried again with a growing pause, saying once that they wait.

/** How long a run's start or end is retried before it is left for a later command (run-folder.ts). */
export const DB_WAIT_MS = 5 * 60_000;

/** An error that passes: the database locked or busy, or full (space may be freed). */
export function isTransient(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'string' && /^SQLITE_(BUSY|LOCKED|FULL)/.test(code);
}

const why = (err: unknown) =>
  /^SQLITE_FULL/.test(String((err as { code?: unknown }).code)) ? 'full' : 'locked by another process';

export interface WaitOptions {
  /** What is being written, for the line saying it waits: "the end of run 4be0c2a91f3d (sims/a.ts)". */
  what: string;
  say: (line: string) => void;
  budgetMs?: number;
}

/** Runs `write` until it succeeds (true) or the budget is spent (false); other errors are thrown. */
export async function waitToWrite(write: () => void, o: WaitOptions): Promise<boolean> {
  const budget = o.budgetMs ?? DB_WAIT_MS;
  const end = Date.now() + budget;
  let pause = 250;
  let waited = false;
  for (;;) {
    try {
      write();
      if (waited) o.say(`simorg: recorded ${o.what}`);
      return true;
    } catch (err) {
      if (!isTransient(err)) throw err;
      if (Date.now() + pause > end) return false;
      if (!waited)
        o.say(
          `simorg: the database is ${why(err)}; waiting to record ${o.what} (up to ${Math.round(budget / 60_000)} min)`,
        );
      waited = true;
      await new Promise((r) => setTimeout(r, pause));
      pause = Math.min(pause * 2, 10_000);
    }
  }
}
