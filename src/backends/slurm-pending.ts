// Which scripts' runs all wait in Slurm's queue. To freshness a run sent to Slurm is `running` from
// its submission on (its job row is held by Slurm); squeue says whether it runs or still waits for a
// node, a dependency or a release. A script whose every run under way is PENDING there is shown
// `queued`, with Slurm's reason, as a local job waiting for a worker is.
import type { Db } from '../store/db.js';
import { runningRunsByScript, slurmRunsRunning } from '../store/slurm-runs.js';
import { liveJobs } from './slurm-commands.js';
import type { StatusWord } from '../fresh/types.js';

/** Script id -> why its runs wait (`pending on Slurm (JobHeldUser)`), for the scripts whose every running run is pending on Slurm. */
export function pendingOnSlurm(
  db: Db,
  live: ReadonlyArray<{ runId: string; state: string; reason: string }>,
): Map<number, string> {
  const out = new Map<number, string>();
  const waiting = new Map(live.filter((l) => l.state === 'pending').map((l) => [l.runId, l.reason]));
  if (!waiting.size) return out;
  for (const [script, runs] of runningRunsByScript(db)) {
    if (!runs.every((id) => waiting.has(id))) continue;
    const reasons = new Set(runs.map((id) => waiting.get(id)!).filter((r) => r && r !== 'None'));
    const why = reasons.size ? ` (${[...reasons].join(', ')})` : '';
    out.set(
      script,
      runs.length > 1 ? `${runs.length} runs pending on Slurm${why}` : `pending on Slurm${why}`,
    );
  }
  return out;
}

/** `entry` as shown while its script's runs wait on Slurm: `queued`, Slurm's reason first. */
export function shownPending<E extends { status: StatusWord; reasons: string[] }>(
  entry: E,
  why: string | undefined,
): E {
  if (why === undefined || entry.status !== 'running') return entry;
  return { ...entry, status: 'queued', reasons: [why, ...entry.reasons] };
}

/**
 * Slurm's word for each run still marked running on Slurm, from one squeue call, taking nothing in
 * (for a reader such as the web server; commands that may write use slurm-sync.ts, which also says
 * it). A run whose job squeue does not list (ended, or sbatch not answered yet) is left out.
 */
export function liveSlurmStates(db: Db): Array<{ runId: string; state: string; reason: string }> {
  const runs = slurmRunsRunning(db);
  if (!runs.length) return [];
  const queue = liveJobs();
  if (!queue) return [];
  const out: Array<{ runId: string; state: string; reason: string }> = [];
  for (const { id, worker } of runs) {
    const live = queue.get(/^slurm:(\d+(_\d+)?)$/.exec(worker)?.[1] ?? '');
    if (live) out.push({ runId: id, state: live.state.toLowerCase(), reason: live.reason });
  }
  return out;
}
