import { StatusIndex } from '../fresh/status-index.js';
import { statusEntry, type StatusEntry } from '../fresh/report.js';
import { loadSnapshot, saveSnapshot, type Verdict } from '../fresh/snapshot.js';
import type { Freshness, Wanted } from '../fresh/types.js';
import type { Project } from '../project.js';
import { liveSlurmStates, pendingOnSlurm, shownPending } from '../backends/slurm-pending.js';
import { anySlurmRun } from '../store/slurm-runs.js';

// Every tracked script's status, judged as `simorg status` judges it, and through the same stored
// snapshot: when nothing changed since the last judgement (by the CLI or by this server), the
// verdicts are read back instead of judged again, which keeps a 10,000-script Overview fast.

export interface ScriptVerdict extends StatusEntry {
  id: number;
  freshness: Freshness;
}

export function verdicts(project: Project, wanted: Required<Wanted>): ScriptVerdict[] {
  const list = judged(project, wanted);
  // Runs on Slurm are `running` to freshness; a script whose runs all wait in Slurm's queue is shown
  // `queued` with Slurm's reason, as `simorg status` shows it (one squeue, only while runs are there).
  if (!anySlurmRun(project.db)) return list;
  const pending = pendingOnSlurm(project.db, liveSlurmStates(project.db));
  return pending.size ? list.map((v) => shownPending(v, pending.get(v.id))) : list;
}

function judged(project: Project, wanted: Required<Wanted>): ScriptVerdict[] {
  const look = loadSnapshot(project, wanted);
  if (look.verdicts) return look.verdicts.map(flat);
  const index = new StatusIndex(project, wanted);
  try {
    const judged: Verdict[] = index
      .states(index.scripts)
      .map((st) => ({ id: st.script.id, freshness: st.freshness, entry: statusEntry(st) }));
    // The stored text is what `status --json` prints (the CLI prints it back as it is).
    saveSnapshot(
      project,
      look,
      index.inputs(),
      judged,
      JSON.stringify(
        judged.map((v) => v.entry),
        null,
        2,
      ) + '\n',
    );
    return judged.map(flat);
  } finally {
    index.finish();
  }
}

const flat = (v: Verdict): ScriptVerdict => ({ ...v.entry, id: v.id, freshness: v.freshness });
