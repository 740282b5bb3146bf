import { openProject } from '../project.js';
import { runBatch, type BatchResult } from '../run/batch.js';
import { commandParams } from '../run/params.js';
import { createProgress } from '../run/progress.js';
import { validateRunnable } from '../run/validate.js';
import { resolveScripts } from '../track/scripts.js';
import { UsageError } from '../errors.js';
import { isLive, positiveInt, runStyle } from './_run-style.js';
import { defineCommand } from './command.js';
import { paint, safeLine, table, writeJson } from './output.js';
import { interruptible } from './_interrupt.js';
import { SLURM_OPTIONS, backendFrom } from './_run-slurm.js';

export default defineCommand({
  summary: 'queue scripts and run them with parallel workers',
  usage: `run [scripts|globs...] [--group G | --all] [--config NAME] [--param K=V] [--params FILE] [--jobs N] [--stale | --if-stale] [-- script args]
       run [scripts|globs...] --backend slurm [--wait] [--partition P] [--time T] [--mem M] [--cpus N] ...`,
  details: `Each script runs in its own process from its own folder, with the run config's env and argv
(then the arguments after --), and is recorded: status, output, figures, files, versions.
Every batch runs in dependency order, from the files each script's last run read and wrote: a
script starts once the scripts of the batch upstream of it have succeeded; a failed run holds back
only the scripts downstream of it. Never-run scripts go after the others; one that failed because a
file it opened was missing is run once more after a script of the batch writes that file.
--param tau=0.02 (repeatable) and --params FILE give the scripts parameters, over the run config's
\`params\`; a script reads them with \`params({ tau: 0.01 })\` from 'simorg', or from the JSON file
named by $SIMORG_PARAMS. Parameters are part of freshness, like the arguments after --.
--stale runs only the scripts not fresh under the run config and arguments given (stale, failed,
never run, or last run with another config), upstream first; alone, it means every tracked script.
--if-stale skips selected scripts that are fresh under the run config and arguments given.
Ctrl-C once: start nothing new and let running scripts finish; twice: stop them (recorded cancelled).
Exit code 0 only when every selected script ran and its last run succeeded.
--backend slurm sends each script to Slurm as one sbatch job (defaults from the config's \`slurm\` and
the run config's own \`slurm\`; the run config's timeout is the time limit unless --time is given).
Jobs write only their run folders: \`simorg sync\`, any later simorg command, or --wait (which syncs
until every job has ended) records them. Slurm jobs are not ordered by the files they share.`,
  allowPositionals: true,
  options: {
    group: { type: 'string', short: 'g', valueName: 'G', description: 'the scripts of group G' },
    all: { type: 'boolean', short: 'a', description: 'every tracked script' },
    config: {
      type: 'string',
      short: 'c',
      valueName: 'NAME',
      description: 'run config (short, std, full or one of yours)',
    },
    jobs: {
      type: 'string',
      short: 'j',
      valueName: 'N',
      description: 'parallel workers (default: config `workers`, else cores)',
    },
    param: {
      type: 'string',
      short: 'p',
      multiple: true,
      valueName: 'K=V',
      description: 'a parameter for the script (typed: 0.02, 100, true, [1,2], text)',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'parameters from a .json or .yaml file (--param wins)',
    },
    reason: {
      type: 'string',
      short: 'r',
      valueName: 'TEXT',
      description: 'why you run them, kept in the record',
    },
    tag: { type: 'string', short: 't', multiple: true, valueName: 'T', description: 'tag the runs' },
    stale: {
      type: 'boolean',
      description: 'only scripts not fresh under this run config, in dependency order (alone: all tracked)',
    },
    'if-stale': { type: 'boolean', description: 'skip scripts that are fresh under this run config' },
    json: { type: 'boolean', description: 'print the result as JSON' },
    ...SLURM_OPTIONS,
  },
  async run(ctx) {
    const v = ctx.values;
    const jobs = positiveInt('jobs', v.jobs);
    if (v.stale && v['if-stale'])
      throw new UsageError('--stale and --if-stale do not go together', { hint: 'use one of them' });
    const everything =
      v.all === true || (v.stale === true && !ctx.positionals.length && v.group === undefined);
    if (!ctx.positionals.length && !everything && v.group === undefined) {
      throw new UsageError('no scripts selected', {
        hint: 'name scripts or globs, or use --group G, --all or --stale (see `simorg run --help`)',
      });
    }
    // Read before the project opens: a bad parameter queues nothing.
    const params = await commandParams(
      ctx.cwd,
      v.param as string[] | undefined,
      v.params as string | undefined,
    );
    const { backend, slurm } = await backendFrom(v);
    const project = await openProject(ctx.cwd);
    try {
      const selected = resolveScripts(project, ctx.cwd, ctx.positionals, {
        group: v.group as string | undefined,
      });
      if (!selected.length) {
        throw new UsageError(
          v.group !== undefined ? `group '${String(v.group)}' has no tracked scripts` : 'no tracked scripts',
          {
            hint: 'track some with `simorg track <files>`',
          },
        );
      }
      const runConfig = validateRunnable(project, selected, v.config as string | undefined);
      const wanted = { runConfig, argv: ctx.passthrough, params };
      let todo = selected;
      if (v['if-stale']) {
        const fresh = (await import('../fresh/select.js')).freshIds(project, selected, wanted);
        todo = [];
        for (const s of selected) {
          if (fresh.has(s.id)) {
            if (!v.json)
              ctx.stdout.write(`${safeLine(s.path)} is fresh under run config ${runConfig}, not run\n`);
          } else todo.push(s);
        }
      }
      if (backend === 'slurm') {
        if (v.stale) {
          const fresh = (await import('../fresh/select.js')).freshIds(project, selected, wanted);
          todo = todo.filter((s) => !fresh.has(s.id));
        }
        if (!todo.length) {
          if (v.json) writeJson(ctx.stdout, { ok: true, backend: 'slurm', jobs: [] });
          else
            ctx.stdout.write(
              `nothing to submit: every selected script is fresh under run config ${runConfig}\n`,
            );
          return 0;
        }
        return await (
          await import('./_run-slurm.js')
        ).runOnSlurm(ctx, project, todo, {
          runConfig,
          settings: slurm,
          params,
          reason: v.reason as string | undefined,
          tags: v.tag as string[] | undefined,
        });
      }
      // One script has nothing to be ordered against: it does not pay for loading the recorded graph.
      const plan =
        todo.length > 1 || v.stale
          ? new (await import('../watch/batch-plan.js')).BatchPlan(project, todo, {
              wanted,
              onlyStale: v.stale === true,
            })
          : null;
      const total = plan ? plan.scripts.length : todo.length;
      if (!total) {
        if (v.json) writeJson(ctx.stdout, { ok: true, runs: [], notRun: [] });
        else if (v.stale)
          ctx.stdout.write(
            `nothing is stale: every selected script is fresh under run config ${runConfig}\n`,
          );
        return 0;
      }
      const style = runStyle(ctx.stdout);
      const single = total === 1 && !v.json;
      const progress = v.json || single ? null : createProgress(ctx.stdout, style, isLive(ctx.stdout));
      progress?.expect(total);
      let result: BatchResult | null = null;
      await interruptible(ctx.stderr, async (drain, stop) => {
        let expected = total;
        result = await runBatch(project, plan ? plan.scripts : todo, {
          runConfig,
          jobs,
          reason: v.reason as string | undefined,
          tags: v.tag as string[] | undefined,
          argv: ctx.passthrough,
          params,
          order: plan ?? undefined,
          onEvent: (e) => {
            progress?.event(e);
            // A re-run adds to what is expected; a script found fresh after all takes one away.
            const now = plan?.expectedRuns() ?? total;
            if (now !== expected) progress?.expect(now - expected);
            expected = now;
          },
          drain,
          signal: stop,
        });
        return result.ok;
      });
      progress?.done();
      const r = result as BatchResult | null;
      const runs = r?.runs ?? [];
      const figures = r?.figures ?? {};
      const notRun = plan?.notRun() ?? [];
      if (v.json) {
        writeJson(ctx.stdout, {
          ok: r?.ok === true && !notRun.length,
          runs: runs.map((x) => ({ ...x, figures: figures[x.runId] ?? 0 })),
          notRun,
          notes: plan?.notes ?? [],
        });
      } else if (single && runs.length === 1) {
        // One line, as a make recipe or a shell loop wants it.
        const x = runs[0]!;
        const n = figures[x.runId] ?? 0;
        ctx.stdout.write(
          `${style.text(x.script)} ${style.status(x.status, x.status)} in ${style.duration(x.durationMs ?? 0)} (run ${x.runId}, ${n} figure${n === 1 ? '' : 's'})\n`,
        );
      } else {
        printSummary(ctx.stdout, runs, figures);
        for (const note of plan?.notes ?? []) ctx.stdout.write(`${style.text(note)}\n`);
        for (const n of notRun) ctx.stdout.write(`${style.text(`${n.script} not run: ${n.why}`)}\n`);
      }
      return r?.ok === true && !notRun.length ? 0 : 1;
    } finally {
      project.close();
    }
  },
});

/** At most this many rows in the summary table; beyond, only the runs that did not succeed. */
const SUMMARY_ROWS = 30;

function printSummary(
  out: NodeJS.WritableStream,
  runs: BatchResult['runs'],
  figures: Record<string, number>,
): void {
  const style = runStyle(out);
  const color = paint(out);
  if (!runs.length) return;
  // Hundreds of green rows would bury the few that need looking at: past a screenful, list only those.
  const shown = runs.length > SUMMARY_ROWS ? runs.filter((r) => r.status !== 'succeeded') : runs;
  if (shown.length) {
    out.write(
      '\n' +
        table(
          ['script', 'status', 'duration', 'run', 'figures'],
          shown.map((r) => [
            style.text(r.script),
            style.status(r.status, r.status),
            style.duration(r.durationMs ?? 0),
            r.runId,
            String(figures[r.runId] ?? 0),
          ]),
        ),
    );
  } else out.write('\n');
  if (shown.length < runs.length) {
    const n = runs.length - shown.length;
    out.write(
      color.dim(`${n} succeeded run${n === 1 ? '' : 's'} not listed: simorg list --limit ${runs.length}\n`),
    );
  }
  const counts = new Map<string, number>();
  for (const r of runs) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
  out.write([...counts].map(([s, n]) => style.status(s, `${n} ${s}`)).join(color.dim(' · ')) + '\n');
}
