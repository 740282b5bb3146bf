import { openProject } from '../project.js';
import { getRunRecord, type RunRecord } from '../run/run-record.js';
import { resolveRunRef } from '../run/runs-query.js';
import { UsageError } from '../errors.js';
import { defineCommand } from './command.js';
import { formatDuration, formatTime, paint, statusColor, writeJson } from './output.js';

export default defineCommand({
  name: 'show',
  summary: 'show the whole record of a run',
  usage: 'show <run id|prefix|script> [--json]',
  details: 'For a script, its latest run. Everything recorded: outcome and error, files with hashes, modules, packages, figures, machine, git.',
  allowPositionals: true,
  options: { json: { type: 'boolean', description: 'print JSON' } },
  async run(ctx) {
    if (ctx.positionals.length !== 1) throw new UsageError('show: give one run id (or prefix) or script', { hint: 'see `simorg list`' });
    const project = await openProject(ctx.cwd, { readOnly: true });
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

function render(out: NodeJS.WritableStream, r: RunRecord): string {
  const k = paint(out);
  const lines: string[] = [];
  const field = (name: string, value: string) => lines.push(`${k.bold(name.padEnd(12))} ${value}`);
  const section = (name: string) => lines.push('', k.bold(name));
  field('run', r.runId);
  field('script', `${r.script}${r.scriptHash ? k.dim(`  (${r.scriptHash.slice(0, 12)})`) : ''}`);
  field('status', statusColor(r.status, k)(r.status) + (r.signal ? ` (signal ${r.signal})` : r.exitCode !== null ? ` (exit ${r.exitCode})` : ''));
  field('run config', `${r.runConfig}: timeout ${r.config.timeout === null ? 'none' : `${r.config.timeout} s`}`);
  const env = Object.entries(r.config.env).map(([n, v]) => (v === null ? `-${n}` : `${n}=${v}`));
  if (env.length) field('env', env.join(' '));
  field('argv', JSON.stringify([...r.config.argv, ...r.argv]));
  if (r.reason) field('reason', r.reason);
  if (r.tags.length) field('tags', r.tags.join(', '));
  if (Object.keys(r.params).length) field('parameters', JSON.stringify(r.params));
  field('started', formatTime(r.startedAt));
  field('ended', formatTime(r.endedAt));
  field('duration', formatDuration(r.durationMs));
  field('stdout', r.stdoutPath ?? '-');
  field('stderr', r.stderrPath ?? '-');
  field('git', r.git.commit ? `${r.git.commit}${r.git.dirty ? k.yellow(' (dirty)') : ''}` : 'not a git repository (or no commit)');
  const e = r.environment as Record<string, string | number>;
  field('machine', `${e.host ?? '?'}  ${e.os ?? ''}  ${e.cpu ?? ''} x${e.cpus ?? '?'}  ${typeof e.memoryBytes === 'number' ? `${(e.memoryBytes / 2 ** 30).toFixed(1)} GiB` : ''}`);
  field('node', `${e.node ?? '?'}   user ${e.user ?? '?'}   worker ${r.worker ?? '-'}`);
  if (r.error) {
    section('error');
    lines.push(k.red(r.error.message));
    if (r.error.stack && r.error.stack !== r.error.message) lines.push(k.dim(r.error.stack));
  }
  for (const role of ['script', 'module', 'read', 'written']) {
    const files = r.files.filter((f) => f.role === role);
    if (!files.length || role === 'script') continue;
    section(role === 'module' ? `modules loaded (${files.length})` : `files ${role} (${files.length})`);
    for (const f of files) lines.push(`  ${f.hash ? k.dim(f.hash.slice(0, 12)) : k.dim('(gone)'.padEnd(12))}  ${f.path}`);
  }
  const pk = Object.entries(r.packages);
  if (pk.length) {
    section(`packages (${pk.length})`);
    for (const [n, v] of pk.sort()) lines.push(`  ${n}@${v}`);
  }
  if (r.figures.length) {
    section(`figures (${new Set(r.figures.map((f) => f.index)).size})`);
    for (const f of r.figures) lines.push(`  ${String(f.index).padStart(3, '0')} ${f.name.padEnd(16)} ${f.format.padEnd(4)} ${f.path}`);
  }
  return lines.join('\n') + '\n';
}
