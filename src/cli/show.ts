import { openForReading } from './_open-reading.js';
import { getRunRecord, type RunRecord } from '../store/run-record.js';
import { resolveRunRef } from '../run/runs-query.js';
import { paramsLine } from '../config/params.js';
import { UsageError } from '../errors.js';
import { defineCommand } from './command.js';
import { formatDuration, formatTime, paint, safeLine, safeText, statusColor, writeJson } from './output.js';

export default defineCommand({
  summary: 'show the whole record of a run',
  usage: 'show <run id|prefix|script> [--json]',
  details: `For a script (its path, or the unique end of it: \`bad.mjs\` for \`sims/bad.mjs\`; untracked
ones too), its latest run. A run id prefix needs 4+ characters.
Everything recorded: outcome and error, files with hashes, modules, packages, figures, machine, git.`,
  allowPositionals: true,
  options: { json: { type: 'boolean', description: 'print JSON' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1)
      throw new UsageError('show: give one run id (or prefix) or script', { hint: 'see `simorg list`' });
    const project = await openForReading(ctx.cwd);
    try {
      const rec = getRunRecord(project.db, resolveRunRef(project, ctx.cwd, ctx.positionals[0]!))!;
      if (ctx.values.json) writeJson(ctx.stdout, rec);
      else ctx.stdout.write(render(ctx.stdout, rec));
      return 0;
    } finally {
      project.close();
    }
  },
});

// Everything in a record may hold what a script or a user wrote (paths, names, error text, a
// hand-written manifest): each value goes through safeLine/safeText before it reaches the terminal.
function render(out: NodeJS.WritableStream, r: RunRecord): string {
  const color = paint(out);
  const t = safeLine;
  const lines: string[] = [];
  const field = (name: string, value: string) => lines.push(`${color.bold(name.padEnd(12))} ${value}`);
  const section = (name: string) => lines.push('', color.bold(name));
  const num = (v: unknown) => (typeof v === 'number' ? String(v) : t(v));
  field('run', t(r.runId));
  field('script', `${t(r.script)}${r.scriptHash ? color.dim(`  (${t(r.scriptHash.slice(0, 12))})`) : ''}`);
  field(
    'status',
    statusColor(r.status, color)(t(r.status)) +
      (r.signal ? ` (signal ${t(r.signal)})` : r.exitCode !== null ? ` (exit ${num(r.exitCode)})` : ''),
  );
  const timeout = r.config.timeout;
  field(
    'run config',
    `${t(r.runConfig)}: timeout ${timeout === null || timeout === undefined ? 'none' : `${num(timeout)} s`}`,
  );
  const env = Object.entries(r.config.env ?? {}).map(([n, v]) =>
    v === null ? `-${t(n)}` : `${t(n)}=${t(v)}`,
  );
  if (env.length) field('env', env.join(' '));
  field('argv', t(JSON.stringify([...(r.config.argv ?? []), ...r.argv])));
  if (r.reason) field('reason', t(r.reason));
  if (r.tags.length) field('tags', Array.isArray(r.tags) ? r.tags.map(t).join(', ') : t(r.tags));
  if (Object.keys(r.params).length) field('parameters', t(paramsLine(r.params)));
  if (Object.keys(r.metrics).length) field('metrics', t(paramsLine(r.metrics)));
  field('started', formatTime(r.startedAt));
  field('ended', formatTime(r.endedAt));
  field('duration', formatDuration(r.durationMs));
  field('stdout', r.stdoutPath === null ? '-' : t(r.stdoutPath));
  field('stderr', r.stderrPath === null ? '-' : t(r.stderrPath));
  field(
    'git',
    r.git.commit
      ? `${t(r.git.commit)}${r.git.dirty ? color.yellow(' (dirty)') : ''}`
      : 'not a git repository (or no commit)',
  );
  const e = r.environment;
  const opt = (v: unknown) => (v === undefined ? '?' : num(v));
  const mem = typeof e.memoryBytes === 'number' ? `${(e.memoryBytes / 2 ** 30).toFixed(1)} GiB` : '';
  field(
    'machine',
    `${opt(e.host)}  ${e.os === undefined ? '' : t(e.os)}  ${e.cpu === undefined ? '' : t(e.cpu)} x${opt(e.cpus)}  ${mem}`,
  );
  field('node', `${opt(e.node)}   user ${opt(e.user)}   worker ${r.worker === null ? '-' : t(r.worker)}`);
  if (r.error) {
    section('error');
    lines.push(color.red(safeText(r.error.message)));
    if (r.error.stack && r.error.stack !== r.error.message) lines.push(color.dim(safeText(r.error.stack)));
  }
  for (const role of ['script', 'module', 'read', 'written']) {
    const files = r.files.filter((f) => f.role === role);
    if (!files.length || role === 'script') continue;
    section(role === 'module' ? `modules loaded (${files.length})` : `files ${role} (${files.length})`);
    for (const f of files)
      lines.push(
        `  ${f.hash ? color.dim(t(f.hash.slice(0, 12))) : color.dim('(gone)'.padEnd(12))}  ${t(f.path)}`,
      );
  }
  const pk = Object.entries(r.packages);
  if (pk.length) {
    section(`packages (${pk.length})`);
    for (const [n, v] of pk.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) lines.push(`  ${t(n)}@${t(v)}`);
  }
  if (r.figures.length) {
    section(`figures (${new Set(r.figures.map((f) => f.index)).size})`);
    for (const f of r.figures) {
      const index = typeof f.index === 'number' ? String(f.index).padStart(3, '0') : t(f.index);
      lines.push(`  ${index} ${t(f.name).padEnd(16)} ${t(f.format).padEnd(4)} ${t(f.path)}`);
    }
  }
  return lines.join('\n') + '\n';
}
