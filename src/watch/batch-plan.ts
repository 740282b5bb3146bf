import { StatusIndex } from '../fresh/status-index.js';
import { upstreamOf } from '../fresh/graph.js';
import { runIo } from '../store/latest-runs.js';
import type { Wanted } from '../fresh/types.js';
import type { Project } from '../project.js';
import type { BatchOrder } from '../run/batch.js';
import type { RunOutcome } from '../run/run-job.js';
import type { ScriptRow } from '../track/scripts.js';

// The order a batch runs in, from the dependencies the recorded runs really used: a script is
// queued once every script of the batch upstream of it (through any chain of files, even via
// scripts not in the batch) has run and succeeded, so readers never race their writers. A failed
// run holds back only what is downstream of it; the rest of the batch goes on. Never-run scripts
// have no recorded edges: they go after every known script (a new script far more often reads
// existing outputs than feeds existing scripts), and one that failed on a file that was missing
// when it ran, or that a script of the batch wrote while it ran, is run once more as soon as that
// file is written, so a new pipeline ends green on its first `run --all`. (Files read are hashed
// when the run ends: a file missing when the reader opened it but written before the reader
// ended looks present; that its writer finished after the reader started is what tells.)

export interface PlanOptions {
  /** The run config and arguments the batch runs with (freshness is judged under them). */
  wanted: Required<Wanted>;
  /**
   * `run --stale`: only scripts not fresh now, and each judged again when its turn comes after
   * upstream runs of this batch, left out when fresh by then (an upstream run that rewrote the same
   * bytes changes nothing downstream).
   */
  onlyStale?: boolean;
}

/** A script of the batch that did not run, and why. */
export interface NotRun {
  script: string;
  why: string;
}

type State = 'waiting' | 'queued' | 'ok' | 'failed' | 'skipped';

export class BatchPlan implements BatchOrder {
  /** The scripts the batch will run (for `onlyStale`, those not fresh when it starts). */
  readonly scripts: ScriptRow[];
  /** Lines worth telling the user as the batch goes (re-runs, scripts found fresh after all). */
  readonly notes: string[] = [];
  private readonly byPath: Map<string, ScriptRow>;
  private readonly byId: Map<number, ScriptRow>;
  /** Script id -> the scripts of the batch it waits for. */
  private readonly needs = new Map<number, Set<number>>();
  /** Never-run scripts: they wait for every known script of the batch to settle. */
  private readonly unknown = new Set<number>();
  private readonly state = new Map<number, State>();
  /** Scripts that ran in this batch and succeeded, with what they wrote: path -> script id and when it ended. */
  private readonly written = new Map<string, { id: number; at: number }>();
  /**
   * Failed scripts not yet re-run -> the files that, written by a later success in the batch, send
   * them again: those missing when they ran, and for a never-run script every file it read (its
   * writer may have ended after it did: the file was there when hashed, not when it was opened).
   */
  private readonly missing = new Map<number, string[]>();
  private readonly rerun = new Set<number>();
  private skips = 0;
  private readonly ranUpstream = new Set<number>();
  /** Reasons of the scripts judged again when their turn came, by path. */
  readonly reasons = new Map<string, string[]>();

  constructor(
    private readonly project: Project,
    selected: ScriptRow[],
    private readonly options: PlanOptions,
  ) {
    const index = new StatusIndex(project, options.wanted);
    try {
      const tracked = selected.filter((s) => index.script(s.id));
      this.scripts = options.onlyStale
        ? tracked.filter((s) => index.state(s).freshness !== 'fresh')
        : tracked;
      this.byPath = new Map(this.scripts.map((s) => [s.path, s]));
      this.byId = new Map(this.scripts.map((s) => [s.id, s]));
      this.link(index);
    } finally {
      index.finish();
    }
    for (const s of this.scripts) this.state.set(s.id, 'waiting');
  }

  first(): ScriptRow[] {
    return this.take().map((q) => q.script);
  }

  ended(o: RunOutcome): Array<{ script: ScriptRow; reason?: string }> {
    const s = this.byPath.get(o.script);
    if (!s) return [];
    const out: Array<{ script: ScriptRow; reason?: string }> = [];
    const io = runIo(this.project.db, o.runId);
    const now = Date.now();
    if (o.status === 'succeeded') {
      this.state.set(s.id, 'ok');
      for (const p of io.written) this.written.set(p, { id: s.id, at: now });
      // Readers that failed earlier for want of what this run wrote.
      for (const [reader, paths] of this.missing) {
        const p = paths.find((x) => io.written.includes(x));
        if (p !== undefined) out.push(this.again(reader, p, s.path));
      }
    } else {
      this.state.set(s.id, 'failed');
      // What it read that the batch wrote while it ran (a never-run reader racing its writer), or
      // that was missing and was written since.
      const raced = (x: string) => {
        const w = this.written.get(x);
        return (
          w !== undefined &&
          w.id !== s.id &&
          (io.missing.includes(x) || (this.unknown.has(s.id) && w.at >= io.startedAt))
        );
      };
      const p = this.rerun.has(s.id) ? undefined : io.read.find(raced);
      if (p !== undefined) out.push(this.again(s.id, p, this.pathOf(this.written.get(p)!.id)));
      else if (!this.rerun.has(s.id)) {
        const waitFor = this.unknown.has(s.id) ? io.read : io.missing;
        if (waitFor.length) this.missing.set(s.id, waitFor);
      }
    }
    for (const [id, st] of this.state)
      if (st === 'waiting' && this.needs.get(id)?.has(s.id)) this.ranUpstream.add(id);
    return [...out, ...this.take()];
  }

  /** How many runs the batch makes, as known now: its scripts, plus re-runs, less those found fresh. */
  expectedRuns(): number {
    return this.scripts.length + this.rerun.size - this.skips;
  }

  /** What did not run, once the batch is over: scripts held back by a failed upstream run. */
  notRun(): NotRun[] {
    const out: NotRun[] = [];
    for (const s of this.scripts) {
      if (this.state.get(s.id) !== 'waiting') continue;
      const failed = [...(this.needs.get(s.id) ?? [])]
        .filter((u) => this.state.get(u) === 'failed')
        .map((u) => this.pathOf(u));
      out.push({
        script: s.path,
        why: failed.length ? `upstream ${failed.join(', ')} did not succeed` : 'the batch was stopped',
      });
    }
    return out;
  }

  private again(id: number, path: string, writer: string): { script: ScriptRow; reason: string } {
    this.missing.delete(id);
    this.rerun.add(id);
    this.state.set(id, 'queued');
    const script = this.byId.get(id)!;
    this.notes.push(
      `re-running ${script.path}: ${path} was missing or being written when it ran, and ${writer} has written it since`,
    );
    return { script, reason: `re-run: ${path} was missing or being written, then written by ${writer}` };
  }

  private pathOf(id: number): string {
    return this.byId.get(id)?.path ?? String(id);
  }

  // Waiting scripts whose turn has come, marked queued; for onlyStale, those fresh by now are skipped.
  private take(): Array<{ script: ScriptRow }> {
    const settled = (id: number) => {
      const st = this.state.get(id);
      return st === 'ok' || st === 'failed' || st === 'skipped' || (st === 'waiting' && this.blocked(id));
    };
    let knownSettled: boolean | undefined; // asked once per call, not once per never-run script
    const ready: ScriptRow[] = [];
    for (const s of this.scripts) {
      if (this.state.get(s.id) !== 'waiting') continue;
      let go = true;
      if (this.unknown.has(s.id))
        go = knownSettled ??= this.scripts.every((k) => this.unknown.has(k.id) || settled(k.id));
      else
        for (const u of this.needs.get(s.id)!)
          if (this.state.get(u) !== 'ok' && this.state.get(u) !== 'skipped') go = false;
      if (go) ready.push(s);
    }
    let run = ready;
    const rejudge = this.options.onlyStale ? ready.filter((s) => this.ranUpstream.has(s.id)) : [];
    if (rejudge.length) {
      const index = new StatusIndex(this.project, this.options.wanted);
      try {
        const fresh = new Set<number>();
        for (const s of rejudge) {
          const st = index.state(s);
          if (st.freshness === 'fresh') fresh.add(s.id);
          else this.reasons.set(s.path, st.reasons);
        }
        run = ready.filter((s) => !fresh.has(s.id));
        for (const id of fresh) {
          this.state.set(id, 'skipped');
          this.skips++;
          this.notes.push(`${this.pathOf(id)} is fresh after its upstream ran (same outputs), not run`);
        }
      } finally {
        index.finish();
      }
      // Skipped scripts may let others go.
      if (run.length < ready.length) return [...this.mark(run), ...this.take()];
    }
    return this.mark(run);
  }

  private mark(list: ScriptRow[]): Array<{ script: ScriptRow }> {
    for (const s of list) this.state.set(s.id, 'queued');
    return list.map((script) => ({ script }));
  }

  private blocked(id: number): boolean {
    for (const u of this.needs.get(id) ?? []) if (this.state.get(u) === 'failed') return true;
    return false;
  }

  // needs: for each script, the scripts of the batch upstream of it, found through the whole
  // recorded graph. Depths (longest chain of writers above) break cycles: an edge to a script that
  // is not shallower is the one closing a cycle, and is left out.
  private link(index: StatusIndex): void {
    const inBatch = new Set(this.scripts.map((s) => s.id));
    const depth = new Map<number, number>();
    const visiting = new Set<number>();
    const depthOf = (id: number): number => {
      const known = depth.get(id);
      if (known !== undefined) return known;
      if (visiting.has(id)) return -1;
      visiting.add(id);
      let d = 0;
      for (const u of upstreamOf(index.graph, id)) d = Math.max(d, depthOf(u) + 1);
      visiting.delete(id);
      depth.set(id, d);
      return d;
    };
    const above = new Map<number, Set<number>>();
    const ancestors = (id: number): Set<number> => {
      let set = above.get(id);
      if (set) return set;
      set = new Set();
      above.set(id, set); // a cycle reaching back here sees what is known so far
      const d = depthOf(id);
      for (const u of upstreamOf(index.graph, id)) {
        if (depthOf(u) >= d) continue;
        set.add(u);
        for (const a of ancestors(u)) set.add(a);
      }
      return set;
    };
    for (const s of this.scripts) {
      if (!index.graph.run(s.id)) {
        this.unknown.add(s.id);
        this.needs.set(s.id, new Set());
        continue;
      }
      this.needs.set(s.id, new Set([...ancestors(s.id)].filter((a) => inBatch.has(a))));
    }
  }
}
