import type { StatusIndex } from './status-index.js';
import { upstreamOf, writtenBy } from './graph.js';
import type { Dependency, ScriptState, StatusWord } from './types.js';

// Plain-data views of a script's state, for `status --json` and `status --why --json` (and the web
// page): the same words as the table.

export interface LastRunSummary {
  id: string;
  startedAt: number;
  durationMs: number | null;
  runConfig: string;
  status: string;
}

export interface StatusEntry {
  script: string;
  status: StatusWord;
  reasons: string[];
  lastRun: LastRunSummary | null;
}

export interface WhyReport extends StatusEntry {
  /** What the recorded runs say, whatever job is queued or running. */
  freshness: ScriptState['freshness'];
  group: string | null;
  /** True when the dependencies come from a static import scan (the script never ran). */
  scanned: boolean;
  dependencies: Dependency[];
  upstream: { script: string; status: StatusWord }[];
  downstream: { script: string; status: StatusWord }[];
  written: string[];
  /** The run config and arguments the script was judged under. */
  judgedUnder: { runConfig: string; argv: string[]; params: Record<string, unknown> };
}

export function statusEntry(st: ScriptState): StatusEntry {
  const r = st.lastRun;
  return {
    script: st.script.path,
    status: st.status,
    reasons: st.reasons,
    lastRun: r
      ? {
          id: r.id,
          startedAt: r.startedAt,
          durationMs: r.durationMs,
          runConfig: r.runConfig,
          status: r.status,
        }
      : null,
  };
}

/** The full story of one script; scans the imports of a never-run one. */
export async function whyReport(index: StatusIndex, st: ScriptState): Promise<WhyReport> {
  await index.scan(st);
  const link = (id: number) => {
    const s = index.state(id);
    return { script: s.script.path, status: s.status };
  };
  return {
    ...statusEntry(st),
    freshness: st.freshness,
    group: st.script.group,
    scanned: st.lastRun === null,
    dependencies: st.deps,
    upstream: upstreamOf(index.graph, st.script.id).map(link),
    downstream: index.graph.downstream(st.script.id).map(link),
    written: writtenBy(index.graph, st.script.id),
    judgedUnder: { runConfig: index.wanted.runConfig, argv: index.wanted.argv, params: index.wanted.params },
  };
}
