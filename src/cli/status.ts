import { openForReading, slurmStates } from './_open-reading.js';
import { shownPending } from '../backends/slurm-pending.js';
import { affectedBy } from '../fresh/graph.js';
import { UsageError } from '../errors.js';
import type { StatusIndex } from '../fresh/status-index.js';
import { statusEntry, whyReport, type WhyReport } from '../fresh/report.js';
import { RACY_MS } from '../fresh/hash.js';
import {
  entryText,
  loadSnapshot,
  saveSnapshot,
  saveTable,
  type SnapshotLook,
  type Verdict,
} from '../fresh/snapshot.js';
import type { Wanted } from '../fresh/types.js';
import type { Project } from '../project.js';
import { paramsLine } from '../config/params.js';
import { commandParams } from '../run/params.js';
import { resolveRunConfigName } from '../run/validate.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand, type CommandContext } from './command.js';
import {
  colorEnabled,
  formatDuration,
  formatTime,
  jsonText,
  paint,
  safeLine,
  statusColor,
  table,
  writeJson,
} from './output.js';

export default defineCommand({
  summary: 'what is never run, fresh, stale (and why) or failed',
  usage:
    'status [scripts or globs...] [--group G] [--config NAME] [--json] [--why SCRIPT] [--exit-code] [--dot] [-- script args]',
  details: `Freshness is judged under one run config and arguments: --config NAME (default: the project's
default run config) and the arguments after -- (default: none). A script is fresh when its last run
used that run config and those arguments, succeeded, and nothing it used has changed since: the
script, the local modules it loaded, the files it read (by content), the packages it loaded, the
run config's settings, its interpreter, and the scripts upstream of it (those whose runs wrote the
files it read), judged under the same run config. A last run with another run config or other
arguments is stale ("last run used config short, not std"): its outputs are that run's.
Scripts run without the hook (.py, .sh, .R...) are "unverified" after a good run: simorg sees only
the script file, not what it read.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', valueName: 'G', description: 'only scripts of group G' },
    config: {
      type: 'string',
      short: 'c',
      valueName: 'NAME',
      description: 'judge under this run config (default: the project default)',
    },
    param: {
      type: 'string',
      short: 'p',
      multiple: true,
      valueName: 'K=V',
      description: 'judge against runs with this parameter (as `run --param`)',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'judge against runs with the parameters of FILE (.json, .yaml)',
    },
    json: { type: 'boolean', description: 'print JSON: [{script, status, reasons, lastRun}]' },
    why: {
      type: 'string',
      valueName: 'SCRIPT',
      description: 'every dependency of SCRIPT with its state, and its upstream scripts',
    },
    'exit-code': { type: 'boolean', description: 'exit 1 when a script shown is stale, failed or never run' },
    dot: { type: 'boolean', description: 'print the dependency graph in Graphviz dot' },
  },
  async run(ctx) {
    const params = await commandParams(
      ctx.cwd,
      ctx.values.param as string[] | undefined,
      ctx.values.params as string | undefined,
    );
    const project = await openForReading(ctx.cwd);
    try {
      const group = ctx.values.group as string | undefined;
      const wanted = {
        runConfig: resolveRunConfigName(project, ctx.values.config as string | undefined),
        argv: ctx.passthrough,
        params,
      };
      // Runs on Slurm are `running` to freshness; Slurm says which still wait in its queue: their
      // scripts are shown `queued` (which no stored text knows, so the verdicts are read instead).
      const pending = await slurmPending(project);
      if (ctx.values.why !== undefined || ctx.values.dot)
        return await explain(ctx, project, group, wanted, pending);
      const narrowed = ctx.positionals.length > 0 || group !== undefined;
      const json = ctx.values.json === true;
      // The plain table (no colours) is stored with the verdicts, like the --json text.
      const plain = !json && !colorEnabled(ctx.stdout);
      const asText = narrowed || pending.size ? false : json ? 'json' : plain ? 'table' : false;
      const look = loadSnapshot(project, wanted, asText);
      let notFresh: boolean;
      const onSlurm = json ? '' : slurmLine(project);
      if (look.text) {
        ctx.stdout.write(look.text.bytes);
        if (onSlurm) ctx.stdout.write(onSlurm);
        notFresh = look.text.notFresh;
      } else {
        const judged = await judge(ctx, project, group, look, plain);
        const { verdicts } = judged;
        // What is stored is what the runs say; the entries shown say what Slurm says too.
        const shown = pending.size
          ? verdicts.map((v) => ({ ...v, entry: shownPending(v.entry, pending.get(v.id)) }))
          : null;
        const text = shown ? undefined : judged.text;
        const tableText = shown ? undefined : judged.tableText;
        if (json) ctx.stdout.write(text ?? jsonText((shown ?? verdicts).map((v) => v.entry)));
        else {
          const out = tableText ?? renderTable(shown ?? verdicts, paint(ctx.stdout));
          ctx.stdout.write(out + onSlurm);
          // Verdicts read from a snapshot a `status --json` stored: keep the table beside them.
          if (plain && look.verdicts && !narrowed && !shown) saveTable(project, look, out);
        }
        notFresh = verdicts.some((v) => v.freshness !== 'fresh');
      }
      return ctx.values['exit-code'] && notFresh ? 1 : 0;
    } finally {
      project.close();
    }
  },
});

/** Script id -> why its runs wait on Slurm, for the scripts whose every run under way is pending there. */
async function slurmPending(project: Project): Promise<Map<number, string>> {
  const live = slurmStates.get(project);
  if (!live?.some((l) => l.state === 'pending')) return new Map();
  return (await import('../backends/slurm-pending.js')).pendingOnSlurm(project.db, live);
}

/** `on Slurm: 2 pending (Priority), 1 running`, when jobs wait or run there; else nothing. */
function slurmLine(project: Project): string {
  const live = slurmStates.get(project);
  if (!live?.length) return '';
  const counts = new Map<string, { n: number; reasons: Set<string> }>();
  for (const l of live) {
    const c = counts.get(l.state) ?? { n: 0, reasons: new Set<string>() };
    c.n++;
    if (l.state === 'pending' && l.reason && l.reason !== 'None') c.reasons.add(l.reason);
    counts.set(l.state, c);
  }
  const parts = [...counts].map(
    ([state, c]) =>
      `${c.n} ${safeLine(state)}${c.reasons.size ? ` (${safeLine([...c.reasons].join(', '))})` : ''}`,
  );
  return `on Slurm: ${parts.join(', ')}; \`simorg queue\` lists them\n`;
}

/** The status table; with colours off, what is stored beside the verdicts and printed as it is. */
function renderTable(verdicts: Verdict[], color: ReturnType<typeof paint>): string {
  if (!verdicts.length) return 'no tracked scripts (add some with `simorg track <files or globs>`)\n';
  const rows = verdicts.map(({ entry: e }) => [
    safeLine(e.script),
    statusColor(e.status, color)(e.status),
    formatTime(e.lastRun?.startedAt),
    formatDuration(e.lastRun?.durationMs),
    e.lastRun?.runConfig ?? '-',
    safeLine(e.reasons.join('; ')),
  ]);
  return table(['SCRIPT', 'STATUS', 'LAST RUN', 'TOOK', 'CONFIG', 'WHY'], rows);
}

interface Judged {
  verdicts: Verdict[];
  /** The --json text of all the verdicts, when it was made (to store them). */
  text?: string;
  /** The plain table, when it was made (to store them). */
  tableText?: string;
}

// The verdicts of the scripts asked for: from the last full status when nothing they depend on
// changed since (snapshot.ts), else judged now (only what changed files touch, when only files
// changed); a full set of verdicts is stored for the next time, with its --json text and, for a
// plain table, the table.
async function judge(
  ctx: CommandContext,
  project: Project,
  group: string | undefined,
  look: SnapshotLook,
  plain: boolean,
): Promise<Judged> {
  const narrowed = ctx.positionals.length > 0 || group !== undefined;
  if (look.verdicts) {
    if (!narrowed) return { verdicts: look.verdicts };
    const byId = new Map(look.verdicts.map((v) => [v.id, v]));
    const picked = resolveScripts(project, ctx.cwd, ctx.positionals, { group }).map((s) => byId.get(s.id));
    if (picked.every((v) => v !== undefined)) return { verdicts: picked as Verdict[] };
  }
  const { StatusIndex } = await import('../fresh/status-index.js');
  if (look.partial && !narrowed) {
    // Only the scripts the changed files touch, their downstream and upstream are read and judged.
    const index = new StatusIndex(project, look.wanted, { lazy: true });
    try {
      const again = judgeAgain(look, index);
      if (again) {
        // Stored again only when every file is older than the racy margin (saveSnapshot checks the
        // same): right after an edit it is not, and the files and texts need not be gathered.
        const seen = index.inputs();
        const limit = look.at - RACY_MS;
        if (!seen || ![...seen.values()].every((sig) => !sig || sig.mtimeMs < limit)) return again;
        const files = new Map([...look.partial.files(), ...seen]);
        const tableText = plain ? renderTable(again.verdicts, paint(ctx.stdout)) : undefined;
        saveSnapshot(project, look, files, again.verdicts, again.text, tableText ?? null);
        return { ...again, tableText };
      }
    } finally {
      index.finish();
    }
  }
  const index = new StatusIndex(project, look.wanted);
  try {
    // With no narrowing, the scripts are exactly the index's (the same query; spare a second one).
    const scripts = narrowed ? resolveScripts(project, ctx.cwd, ctx.positionals, { group }) : index.scripts;
    const verdicts = index
      .states(scripts)
      .map((st) => ({ id: st.script.id, freshness: st.freshness, entry: statusEntry(st) }));
    if (narrowed) return { verdicts };
    const text = jsonText(verdicts.map((v) => v.entry));
    const tableText = plain ? renderTable(verdicts, paint(ctx.stdout)) : undefined;
    saveSnapshot(project, look, index.inputs(), verdicts, text, tableText ?? null);
    return { verdicts, text, tableText };
  } finally {
    index.finish();
  }
}

// Only files changed since the stored verdicts: the scripts they touch (and their downstream) are
// judged again, the others keep their verdicts. Null when a changed file is one no run used. The
// --json text is the stored one with the entries judged again written over theirs.
function judgeAgain(look: SnapshotLook, index: StatusIndex): { verdicts: Verdict[]; text: string } | null {
  const partial = look.partial!;
  const ids = affectedBy(index.graph, partial.changed);
  if (!ids) return null;
  const fresh = new Map<number, Verdict>();
  for (const st of index.states(ids.map((id) => index.script(id)!))) {
    fresh.set(st.script.id, { id: st.script.id, freshness: st.freshness, entry: statusEntry(st) });
  }
  // The --json text: the stored entries, with those judged again written over theirs.
  const replaced = new Map<number, string>();
  const verdicts = partial.verdicts.map((v, i) => {
    const now = fresh.get(v.id);
    if (!now) return v;
    replaced.set(i, entryText(now.entry));
    return now;
  });
  return { verdicts, text: partial.textWith(replaced) };
}

// --why and --dot: the whole story, judged now.
async function explain(
  ctx: CommandContext,
  project: Project,
  group: string | undefined,
  wanted: Required<Wanted>,
  pending: Map<number, string>,
): Promise<number> {
  const { StatusIndex } = await import('../fresh/status-index.js');
  const index = new StatusIndex(project, wanted);
  try {
    if (ctx.values.why !== undefined)
      return await why(
        ctx,
        index,
        resolveScripts(project, ctx.cwd, [ctx.values.why as string], { group }),
        pending,
      );
    const narrowed = ctx.positionals.length > 0 || group !== undefined;
    const scripts = narrowed ? resolveScripts(project, ctx.cwd, ctx.positionals, { group }) : index.scripts;
    const states = index.states(scripts);
    const { toDot } = await import('../fresh/dot.js');
    ctx.stdout.write(await toDot(index, states));
    return ctx.values['exit-code'] && states.some((st) => st.freshness !== 'fresh') ? 1 : 0;
  } finally {
    index.finish();
  }
}

async function why(
  ctx: CommandContext,
  index: StatusIndex,
  picked: { id: number; path: string }[],
  pending: Map<number, string>,
): Promise<number> {
  if (picked.length !== 1) {
    throw new UsageError(`--why takes one script; '${String(ctx.values.why)}' matches ${picked.length}`, {
      hint: `name one of: ${picked
        .slice(0, 5)
        .map((p) => p.path)
        .join(', ')}`,
    });
  }
  const st = index.state(picked[0]!.id);
  const report = shownPending(await whyReport(index, st), pending.get(st.script.id));
  if (ctx.values.json) writeJson(ctx.stdout, report);
  else ctx.stdout.write(renderWhy(report, paint(ctx.stdout)));
  return ctx.values['exit-code'] && st.freshness !== 'fresh' ? 1 : 0;
}

const short = (h: string | null): string =>
  h === null ? '-' : /^[0-9a-f]{32}$/.test(h) ? h.slice(0, 10) : h;

function renderWhy(r: WhyReport, color: ReturnType<typeof paint>): string {
  const word = (w: string) => statusColor(w, color)(w);
  const out = [
    `${color.bold(r.script)}  ${word(r.status)}${r.status !== r.freshness ? ` (${word(r.freshness)} by its last run)` : ''}`,
  ];
  if (r.lastRun) {
    const l = r.lastRun;
    out.push(
      `  last run ${l.id}  ${formatTime(l.startedAt)}  ${word(l.status)} in ${formatDuration(l.durationMs)}  run config ${l.runConfig}`,
    );
  } else {
    out.push('  never run: dependencies below are from a static scan of its imports');
  }
  const p = r.judgedUnder.params ?? {};
  out.push(
    `  judged under run config ${r.judgedUnder.runConfig}${r.judgedUnder.argv.length ? ` with arguments ${JSON.stringify(r.judgedUnder.argv)}` : ''}` +
      (Object.keys(p).length ? ` with parameters ${paramsLine(p)}` : ''),
  );
  if (r.reasons.length) out.push(`  because: ${r.reasons.join('; ')}`);
  if (r.freshness === 'unverified') {
    out.push(
      `  ${r.script} runs without simorg's hook, so only the script file itself is recorded, not the files it`,
      '  reads: a change to them is not seen. Run it again to be sure (`simorg run --stale` does).',
    );
  }
  const rows = r.dependencies.map((d) => {
    const state =
      d.state === 'unchanged' || d.state === 'new' ? d.state : statusColor('stale', color)(d.state);
    const change =
      d.kind === 'run-config' || d.kind === 'argv' || d.kind === 'params'
        ? d.state === 'unchanged'
          ? (d.now ?? '')
          : `${d.then ?? '-'} -> ${d.now ?? '-'}`
        : d.state === 'unchanged'
          ? short(d.now)
          : `${short(d.then)} -> ${short(d.now)}`;
    return [d.kind, d.name, state, change + (d.producer ? `  (written by ${d.producer})` : '')];
  });
  out.push(
    '',
    table(
      ['  KIND', 'DEPENDENCY', 'STATE', 'THEN -> NOW'],
      rows.map(([a, ...rest]) => [`  ${a}`, ...rest]),
    ).trimEnd(),
  );
  const links = (label: string, list: WhyReport['upstream']) =>
    out.push(
      `  ${label}: ${list.length ? list.map((u) => `${u.script} (${word(u.status)})`).join(', ') : 'none'}`,
    );
  out.push('');
  links('upstream', r.upstream);
  links('downstream', r.downstream);
  if (r.written.length) out.push(`  wrote: ${r.written.join(', ')}`);
  return out.join('\n') + '\n';
}
