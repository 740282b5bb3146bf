import { openProject } from '../project.js';
import { runBatch, type BatchResult } from '../run/batch.js';
import { createProgress } from '../run/progress.js';
import { validateRunnable } from '../run/validate.js';
import { resolveScripts, type ScriptRow } from '../track/scripts.js';
import { UsageError } from '../errors.js';
import { isLive, positiveInt, runStyle } from './_run-style.js';
import { defineCommand } from './command.js';
import { paint, table, writeJson } from './output.js';
import { interruptible } from './_interrupt.js';

export default defineCommand({
  name: 'run',
  summary: 'queue scripts and run them with parallel workers',
  usage: 'run [scripts|globs...] [--group G | --all] [--config NAME] [--jobs N] [--stale | --if-stale] [-- script args]',
  details: `Each script runs in its own process from its own folder, with the run config's env and argv
(then the arguments after --), and is recorded: status, output, figures, files, versions.
--stale runs only the stale, failed and never-run scripts of the selection, upstream first.
--if-stale skips selected scripts that are fresh.
Ctrl-C once: start nothing new and let running scripts finish; twice: stop them (recorded cancelled).
Exit code 0 only when every run succeeded.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', short: 'g', valueName: 'G', description: 'the scripts of group G' },
    all: { type: 'boolean', short: 'a', description: 'every tracked script' },
    config: { type: 'string', short: 'c', valueName: 'NAME', description: 'run config (short, std, full or one of yours)' },
    jobs: { type: 'string', short: 'j', valueName: 'N', description: 'parallel workers (default: config `workers`, else cores)' },
    reason: { type: 'string', short: 'r', valueName: 'TEXT', description: 'why you run them, kept in the record' },
    tag: { type: 'string', short: 't', multiple: true, valueName: 'T', description: 'tag the runs' },
    stale: { type: 'boolean', description: 'only stale, failed or never-run scripts, in dependency order' },
    'if-stale': { type: 'boolean', description: 'skip scripts that are fresh' },
    json: { type: 'boolean', description: 'print the result as JSON' },
  },
  async run(ctx) {
    const v = ctx.values;
    const jobs = positiveInt('jobs', v.jobs);
    if (!ctx.positionals.length && !v.all && v.group === undefined) {
      throw new UsageError('no scripts selected', { hint: 'name scripts or globs, or use --group G or --all (see `simorg run --help`)' });
    }
    if (v.stale && v['if-stale']) throw new UsageError('--stale and --if-stale do not go together', { hint: 'use one of them' });
    const project = await openProject(ctx.cwd);
    try {
      const selected = resolveScripts(project, ctx.cwd, ctx.positionals, { group: v.group as string | undefined });
      if (!selected.length) {
        throw new UsageError(v.group !== undefined ? `group '${String(v.group)}' has no tracked scripts` : 'no tracked scripts', {
          hint: 'track some with `simorg track <files>`',
        });
      }
      const runConfig = validateRunnable(project, selected, v.config as string | undefined);
      let layers: ScriptRow[][];
      // The freshness engine is loaded only when asked for: a plain `simorg run` does not pay for it.
      const fresh = v.stale || v['if-stale'] ? await import('../fresh/select.js') : null;
      if (fresh && v.stale) layers = await fresh.staleLayers(project, selected);
      else if (fresh) {
        const todo: ScriptRow[] = [];
        for (const s of selected) {
          if (await fresh.isFresh(project, s)) {
            if (!v.json) ctx.stdout.write(`${s.path} is fresh, not run\n`);
          } else todo.push(s);
        }
        layers = todo.length ? [todo] : [];
      } else layers = [selected];
      const total = layers.reduce((n, l) => n + l.length, 0);
      if (!total) {
        if (v.json) writeJson(ctx.stdout, { ok: true, runs: [] });
        else if (v.stale) ctx.stdout.write('nothing is stale: every selected script is fresh\n');
        return 0;
      }
      const style = runStyle(ctx.stdout);
      const progress = v.json ? null : createProgress(ctx.stdout, style, isLive(ctx.stdout));
      progress?.expect(total);
      const all: BatchResult['runs'] = [];
      const figures: Record<string, number> = {};
      let skipped = 0;
      const ok = await interruptible(ctx.stderr, async (drain, stop) => {
        for (const [i, layer] of layers.entries()) {
          const r = await runBatch(project, layer, {
            runConfig, jobs, reason: v.reason as string | undefined, tags: v.tag as string[] | undefined, argv: ctx.passthrough,
            onEvent: progress ? (e) => progress.event(e) : undefined, drain, signal: stop,
          });
          all.push(...r.runs);
          Object.assign(figures, r.figures);
          // Downstream layers read what upstream ones write: after a failure they would run on bad inputs.
          if (!r.ok) {
            skipped = layers.slice(i + 1).reduce((n, l) => n + l.length, 0);
            return false;
          }
        }
        return true;
      });
      progress?.done();
      if (v.json) {
        writeJson(ctx.stdout, { ok, runs: all.map((r) => ({ ...r, figures: figures[r.runId] ?? 0 })) });
      } else {
        printSummary(ctx.stdout, all, figures);
        if (skipped) ctx.stdout.write(`${skipped} downstream script(s) not run because an upstream run did not succeed\n`);
      }
      return ok && all.length === total ? 0 : 1;
    } finally {
      project.close();
    }
  },
});

/** At most this many rows in the summary table; beyond, only the runs that did not succeed. */
const SUMMARY_ROWS = 30;

function printSummary(out: NodeJS.WritableStream, runs: BatchResult['runs'], figures: Record<string, number>): void {
  const style = runStyle(out);
  const k = paint(out);
  if (!runs.length) return;
  // Hundreds of green rows would bury the few that need looking at: past a screenful, list only those.
  const shown = runs.length > SUMMARY_ROWS ? runs.filter((r) => r.status !== 'succeeded') : runs;
  if (shown.length) {
    out.write('\n' + table(
      ['script', 'status', 'duration', 'run', 'figures'],
      shown.map((r) => [r.script, style.status(r.status, r.status), style.duration(r.durationMs ?? 0), r.runId, String(figures[r.runId] ?? 0)]),
    ));
  } else out.write('\n');
  if (shown.length < runs.length) {
    const n = runs.length - shown.length;
    out.write(k.dim(`${n} succeeded run${n === 1 ? '' : 's'} not listed: simorg list --limit ${runs.length}\n`));
  }
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  out.write([...counts].map(([s, n]) => style.status(s, `${n} ${s}`)).join(k.dim(' · ')) + '\n');
}
