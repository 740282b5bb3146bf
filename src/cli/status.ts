import { UsageError } from '../errors.js';
import type { StatusIndex } from '../fresh/evaluate.js';
import { statusEntry, whyReport, type WhyReport } from '../fresh/report.js';
import { loadSnapshot, saveSnapshot, type SnapshotLook, type Verdict } from '../fresh/snapshot.js';
import { openProject, type Project } from '../project.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand, type CommandContext } from './command.js';
import { formatDuration, formatTime, jsonText, paint, statusColor, table, writeJson } from './output.js';

export default defineCommand({
  name: 'status',
  summary: 'what is never run, fresh, stale (and why) or failed',
  usage: 'status [scripts or globs...] [--group G] [--json] [--why SCRIPT] [--exit-code] [--dot]',
  details: `A script is fresh when its last run succeeded and nothing it used has changed since: the script,
the local modules it loaded, the files it read (by content), the packages it loaded, its run config,
and the scripts upstream of it (those whose runs wrote the files it read).`,
  allowPositionals: true,
  options: {
    group: { type: 'string', valueName: 'G', description: 'only scripts of group G' },
    json: { type: 'boolean', description: 'print JSON: [{script, status, reasons, lastRun}]' },
    why: { type: 'string', valueName: 'SCRIPT', description: "every dependency of SCRIPT with its state, and its upstream scripts" },
    'exit-code': { type: 'boolean', description: 'exit 1 when a script shown is stale, failed or never run' },
    dot: { type: 'boolean', description: 'print the dependency graph in Graphviz dot' },
  },
  async run(ctx) {
    const project = await openProject(ctx.cwd, { readOnly: true });
    try {
      const group = ctx.values.group as string | undefined;
      if (ctx.values.why !== undefined || ctx.values.dot) return await explain(ctx, project, group);
      const narrowed = ctx.positionals.length > 0 || group !== undefined;
      const json = ctx.values.json === true;
      const look = loadSnapshot(project, json && !narrowed);
      let notFresh: boolean;
      if (look.text) {
        ctx.stdout.write(look.text.json);
        notFresh = look.text.notFresh;
      } else {
        const { verdicts, text } = await judge(ctx, project, group, look);
        if (json) {
          ctx.stdout.write(text ?? jsonText(verdicts.map((v) => v.entry)));
        } else if (!verdicts.length) {
          ctx.stdout.write('no tracked scripts (add some with `simorg track <files or globs>`)\n');
        } else {
          const k = paint(ctx.stdout);
          const rows = verdicts.map(({ entry: e }) => [
            e.script,
            statusColor(e.status, k)(e.status),
            formatTime(e.lastRun?.startedAt),
            formatDuration(e.lastRun?.durationMs),
            e.lastRun?.runConfig ?? '-',
            e.reasons.join('; '),
          ]);
          ctx.stdout.write(table(['SCRIPT', 'STATUS', 'LAST RUN', 'TOOK', 'CONFIG', 'WHY'], rows));
        }
        notFresh = verdicts.some((v) => v.freshness !== 'fresh');
      }
      return ctx.values['exit-code'] && notFresh ? 1 : 0;
    } finally {
      project.close();
    }
  },
});

// The verdicts of the scripts asked for: from the last full status when nothing they depend on
// changed since (snapshot.ts), else judged now; a full judgement is stored for the next time.
// With every script judged now, also the --json text stored with them.
async function judge(
  ctx: CommandContext,
  project: Project,
  group: string | undefined,
  look: SnapshotLook,
): Promise<{ verdicts: Verdict[]; text?: string }> {
  const narrowed = ctx.positionals.length > 0 || group !== undefined;
  if (look.verdicts) {
    if (!narrowed) return { verdicts: look.verdicts };
    const byId = new Map(look.verdicts.map((v) => [v.id, v]));
    const picked = resolveScripts(project, ctx.cwd, ctx.positionals, { group }).map((s) => byId.get(s.id));
    if (picked.every((v) => v !== undefined)) return { verdicts: picked as Verdict[] };
  }
  const { StatusIndex } = await import('../fresh/evaluate.js');
  const index = new StatusIndex(project);
  try {
    // With no narrowing, the scripts are exactly the index's (the same query; spare a second one).
    const scripts = narrowed ? resolveScripts(project, ctx.cwd, ctx.positionals, { group }) : index.scripts;
    const verdicts = index.states(scripts).map((st) => ({ id: st.script.id, freshness: st.freshness, entry: statusEntry(st) }));
    if (narrowed) return { verdicts };
    const text = jsonText(verdicts.map((v) => v.entry));
    saveSnapshot(project, look, index.inputs(), verdicts, text);
    return { verdicts, text };
  } finally {
    index.finish();
  }
}

// --why and --dot: the whole story, judged now.
async function explain(ctx: CommandContext, project: Project, group: string | undefined): Promise<number> {
  const { StatusIndex } = await import('../fresh/evaluate.js');
  const index = new StatusIndex(project);
  try {
    if (ctx.values.why !== undefined) return await why(ctx, index, resolveScripts(project, ctx.cwd, [ctx.values.why as string], { group }));
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

async function why(ctx: CommandContext, index: StatusIndex, picked: { id: number; path: string }[]): Promise<number> {
  if (picked.length !== 1) {
    throw new UsageError(`--why takes one script; '${String(ctx.values.why)}' matches ${picked.length}`, {
      hint: `name one of: ${picked.slice(0, 5).map((p) => p.path).join(', ')}`,
    });
  }
  const st = index.state(picked[0]!.id);
  const report = await whyReport(index, st);
  if (ctx.values.json) writeJson(ctx.stdout, report);
  else ctx.stdout.write(renderWhy(report, paint(ctx.stdout)));
  return ctx.values['exit-code'] && st.freshness !== 'fresh' ? 1 : 0;
}

const short = (h: string | null): string => (h === null ? '-' : /^[0-9a-f]{32}$/.test(h) ? h.slice(0, 10) : h);

function renderWhy(r: WhyReport, k: ReturnType<typeof paint>): string {
  const word = (w: string) => statusColor(w, k)(w);
  const out = [`${k.bold(r.script)}  ${word(r.status)}${r.status !== r.freshness ? ` (${word(r.freshness)} by its last run)` : ''}`];
  if (r.lastRun) {
    const l = r.lastRun;
    out.push(`  last run ${l.id}  ${formatTime(l.startedAt)}  ${word(l.status)} in ${formatDuration(l.durationMs)}  run config ${l.runConfig}`);
  } else {
    out.push('  never run: dependencies below are from a static scan of its imports');
  }
  if (r.reasons.length) out.push(`  because: ${r.reasons.join('; ')}`);
  const rows = r.dependencies.map((d) => {
    const state = d.state === 'unchanged' || d.state === 'new' ? d.state : statusColor('stale', k)(d.state);
    const change = d.kind === 'run-config' || d.kind === 'argv'
      ? d.state === 'unchanged' ? (d.now ?? '') : `${d.then ?? '-'} -> ${d.now ?? '-'}`
      : d.state === 'unchanged' ? short(d.now) : `${short(d.then)} -> ${short(d.now)}`;
    return [d.kind, d.name, state, change + (d.producer ? `  (written by ${d.producer})` : '')];
  });
  out.push('', table(['  KIND', 'DEPENDENCY', 'STATE', 'THEN -> NOW'], rows.map(([a, ...rest]) => [`  ${a}`, ...rest])).trimEnd());
  const links = (label: string, list: WhyReport['upstream']) =>
    out.push(`  ${label}: ${list.length ? list.map((u) => `${u.script} (${word(u.status)})`).join(', ') : 'none'}`);
  out.push('');
  links('upstream', r.upstream);
  links('downstream', r.downstream);
  if (r.written.length) out.push(`  wrote: ${r.written.join(', ')}`);
  return out.join('\n') + '\n';
}
