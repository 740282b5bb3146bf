import { UsageError } from '../errors.js';
import { StatusIndex } from '../fresh/evaluate.js';
import { statusEntry, whyReport, type WhyReport } from '../fresh/report.js';
import { openProject } from '../project.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand, type CommandContext } from './command.js';
import { formatDuration, formatTime, paint, statusColor, table, writeJson } from './output.js';

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
    const project = await openProject(ctx.cwd);
    try {
      const group = ctx.values.group as string | undefined;
      const index = new StatusIndex(project);
      try {
        if (ctx.values.why !== undefined) return await why(ctx, index, resolveScripts(project, ctx.cwd, [ctx.values.why as string], { group }));
        // With no narrowing, the scripts are exactly the index's (the same query; spare a second one).
        const narrowed = ctx.positionals.length > 0 || group !== undefined;
        const scripts = narrowed ? resolveScripts(project, ctx.cwd, ctx.positionals, { group }) : index.scripts;
        const states = index.states(scripts);
        if (ctx.values.dot) {
          const { toDot } = await import('../fresh/dot.js');
          ctx.stdout.write(await toDot(index, states));
        } else if (ctx.values.json) {
          writeJson(ctx.stdout, states.map(statusEntry));
        } else if (!states.length) {
          ctx.stdout.write('no tracked scripts (add some with `simorg track <files or globs>`)\n');
        } else {
          const k = paint(ctx.stdout);
          const rows = states.map((st) => [
            st.script.path,
            statusColor(st.status, k)(st.status),
            formatTime(st.lastRun?.startedAt),
            formatDuration(st.lastRun?.durationMs),
            st.lastRun?.runConfig ?? '-',
            st.reasons.join('; '),
          ]);
          ctx.stdout.write(table(['SCRIPT', 'STATUS', 'LAST RUN', 'TOOK', 'CONFIG', 'WHY'], rows));
        }
        const notFresh = states.some((st) => st.freshness !== 'fresh');
        return ctx.values['exit-code'] && notFresh ? 1 : 0;
      } finally {
        index.finish();
      }
    } finally {
      project.close();
    }
  },
});

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
