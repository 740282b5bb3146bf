import { createInterface } from 'node:readline';
import { UsageError } from '../errors.js';
import { openProject } from '../project.js';
import { commandParams } from '../run/params.js';
import { createProgress } from '../run/progress.js';
import { validateRunnable } from '../run/validate.js';
import { defineSweep } from '../sweep/define.js';
import { planSweep } from '../sweep/plan.js';
import { runSweepJobs, type SweepRunResult } from '../sweep/run-sweep.js';
import { activeSweepJobs, saveSweep, sweepOf } from '../store/sweeps.js';
import { resolveScripts } from '../track/scripts.js';
import { interruptible } from './_interrupt.js';
import { isLive, positiveInt, runStyle } from './_run-style.js';
import { SLURM_OPTIONS, backendFrom } from './_run-slurm.js';
import { defineCommand } from './command.js';
import { safeLine, writeJson } from './output.js';
import { countLine, jobTable } from './sweep-table.js';

export default defineCommand({
  summary: 'run a script over a space of parameters',
  usage:
    "sweep <script> [NAME] [--sweep 'k=v1,v2' | 'k=range(a,b,n)' | 'k=log(a,b,n)']... [--seeds N] [--dry-run] [--yes] [-- script args]\n       sweep <script> [NAME] --sweep ... --backend slurm [--wait] [--max-concurrency M] [--partition P] [--time T] ...",
  details: `Each job is a run of the script with one set of parameters (the cross product of the --sweep
options, after the config sweep NAME when given), linked to the sweep. range(a,b,n) is n values from
a to b; log(a,b,n) n values evenly spaced on a log scale; key=files(pattern) one job per file matching
the pattern (relative to the project root; * and {field} match within a folder name, each field a
parameter too); --seeds N repeats every job with seed=0..N-1.
--param/--params give every job the same parameters. Figures of a job go to
_output/figures/<script>/<sweep>/<k1=v1,k2=v2>/<fmt>/.
The same sweep again (same script and name) resumes: jobs whose last run in the sweep succeeded and
is fresh are skipped; failed, stale and new ones run. Without --yes, on a terminal, it asks first.
--backend slurm sends the jobs to run as ONE Slurm job array (sbatch --array=0-N%M, M from
--max-concurrency); each run records its Slurm id <array>_<task>; --wait takes them in as they end.
Exit code 0 only when every job that ran succeeded.`,
  allowPositionals: true,
  options: {
    sweep: {
      type: 'string',
      short: 's',
      multiple: true,
      valueName: 'K=VALUES',
      description:
        'a dimension of the space: v1,v2,... | range(a,b,n) | log(a,b,n) | [JSON list] | files(data/{id}/*.csv)',
    },
    seeds: { type: 'string', valueName: 'N', description: 'repeat every job with seed=0..N-1' },
    name: {
      type: 'string',
      valueName: 'NAME',
      description: 'the sweep name (default: the config sweep, else the swept keys joined by -)',
    },
    config: {
      type: 'string',
      short: 'c',
      valueName: 'NAME',
      description: 'run config (short, std, full or one of yours)',
    },
    param: {
      type: 'string',
      short: 'p',
      multiple: true,
      valueName: 'K=V',
      description: 'a parameter every job gets',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'parameters every job gets, from a .json or .yaml file',
    },
    'dry-run': { type: 'boolean', short: 'n', description: 'print the job table and the count; run nothing' },
    yes: { type: 'boolean', short: 'y', description: 'launch without asking' },
    'fail-fast': { type: 'boolean', description: 'stop at the first job that fails (default: run them all)' },
    'max-concurrency': {
      type: 'string',
      short: 'j',
      valueName: 'N',
      description: 'jobs at once (default: config `workers`, else cores)',
    },
    reason: {
      type: 'string',
      short: 'r',
      valueName: 'TEXT',
      description: 'why you run it, kept in each record',
    },
    tag: { type: 'string', short: 't', multiple: true, valueName: 'T', description: 'tag the runs' },
    json: { type: 'boolean', description: 'print the job table or the result as JSON' },
    ...SLURM_OPTIONS,
  },
  async run(ctx) {
    const v = ctx.values;
    const [scriptArg, configName, ...extra] = ctx.positionals;
    if (scriptArg === undefined || !scriptArg.trim())
      throw new UsageError('sweep: name the script to run', {
        hint: "e.g. simorg sweep sims/model.ts --sweep 'tau=0.01,0.02'",
      });
    if (extra.length)
      throw new UsageError(
        `sweep: one script and at most one sweep name, got also ${extra.map((e) => `'${e}'`).join(' ')}`,
        { hint: 'see `simorg sweep --help`' },
      );
    const seeds = positiveInt('seeds', v.seeds);
    const maxConcurrency = positiveInt('max-concurrency', v['max-concurrency']);
    const base = await commandParams(
      ctx.cwd,
      v.param as string[] | undefined,
      v.params as string | undefined,
    );
    const { backend, slurm } = await backendFrom(v);
    const project = await openProject(ctx.cwd);
    try {
      // Jobs that ended on Slurm are taken in first: a resumed sweep judges them by their outcome.
      const sync = await import('../backends/slurm-sync.js');
      if (sync.anySlurmRuns(project)) sync.syncSlurmRuns(project);
      const scripts = resolveScripts(project, ctx.cwd, [scriptArg]);
      if (scripts.length !== 1)
        throw new UsageError(`sweep: '${scriptArg}' names ${scripts.length} scripts; a sweep runs one`, {
          hint: 'name one script',
        });
      const script = scripts[0]!;
      const runConfig = validateRunnable(project, scripts, v.config as string | undefined);
      const def = defineSweep(project.config, {
        configName,
        sweeps: v.sweep as string[] | undefined,
        seeds,
        base,
        name: v.name as string | undefined,
        root: project.root,
      });
      const known = sweepOf(project.db, script.id, def.name);
      const jobs = planSweep(
        project,
        script,
        { id: known?.id ?? null, name: def.name },
        runConfig,
        def.space.points,
        def.varying,
        ctx.passthrough,
      );
      // A job still queued or running (on Slurm, or by a worker) is not sent a second time.
      const active = known ? activeSweepJobs(project.db, known.id) : new Map<string, string>();
      for (const j of jobs)
        if (j.action === 'run' && active.has(JSON.stringify(j.params)))
          Object.assign(j, { action: 'skip', why: `still ${active.get(JSON.stringify(j.params))}` });
      const todo = jobs.filter((j) => j.action === 'run');
      const head = `sweep ${safeLine(def.name)} of ${safeLine(script.path)} under run config ${runConfig}: ${countLine(jobs)}`;
      if (v['dry-run']) {
        if (v.json) {
          writeJson(ctx.stdout, {
            sweep: def.name,
            script: script.path,
            runConfig,
            count: jobs.length,
            toRun: todo.length,
            varying: def.varying,
            constant: def.constant,
            jobs: jobs.map((j) => ({
              index: j.index,
              params: j.params,
              action: j.action,
              why: j.why,
              lastRun: j.last?.id ?? null,
              folder: j.figuresSubdir,
            })),
          });
        } else ctx.stdout.write(`${head}\n${jobTable(ctx.stdout, def, jobs)}`);
        return 0;
      }
      const saveIt = () =>
        saveSweep(project.db, {
          name: def.name,
          scriptId: script.id,
          runConfig,
          spaceText: def.text,
          points: jobs.map((j) => j.params),
        });
      if (!todo.length) {
        saveIt();
        if (v.json)
          writeJson(ctx.stdout, { ok: true, sweep: def.name, count: jobs.length, ran: 0, runs: [] });
        else ctx.stdout.write(`${head}\nnothing to run: every job's last run succeeded and is fresh\n`);
        return 0;
      }
      if (
        !v.yes &&
        !v.json &&
        (process.stdin as { isTTY?: boolean }).isTTY &&
        (ctx.stdout as { isTTY?: boolean }).isTTY
      ) {
        ctx.stdout.write(`${head}\n${jobTable(ctx.stdout, def, jobs, 20)}`);
        if (!(await confirm(`run ${todo.length} job${todo.length === 1 ? '' : 's'}? [y/N] `))) {
          ctx.stdout.write('nothing run\n');
          return 1;
        }
      } else if (!v.json) ctx.stdout.write(`${head}\n`);
      const sweepId = saveIt();
      if (backend === 'slurm')
        return await (
          await import('./_sweep-slurm.js')
        ).sweepOnSlurm(ctx, project, script, todo, {
          name: def.name,
          sweepId,
          runConfig,
          settings: slurm,
          reason: v.reason as string | undefined,
          tags: v.tag as string[] | undefined,
          maxConcurrency,
          failFast: v['fail-fast'] === true,
          skipped: jobs.length - todo.length,
        });
      const style = runStyle(ctx.stdout);
      const progress = v.json ? null : createProgress(ctx.stdout, style, isLive(ctx.stdout));
      progress?.expect(todo.length);
      let result: SweepRunResult | null = null;
      await interruptible(ctx.stderr, async (drain, stop) => {
        result = await runSweepJobs(project, script, sweepId, todo, {
          runConfig,
          argv: ctx.passthrough,
          reason: v.reason as string | undefined,
          tags: v.tag as string[] | undefined,
          maxConcurrency,
          failFast: v['fail-fast'] === true,
          drain,
          signal: stop,
          onEvent: (e, job) => {
            // Progress lines name the job by its parameters, not only the script.
            const label = job
              ? `${script.path} [${job.figuresSubdir.slice(def.name.length + 1)}]`
              : script.path;
            progress?.event(
              e.type === 'start'
                ? { ...e, script: label }
                : { ...e, outcome: { ...e.outcome, script: label } },
            );
          },
        });
        return result.ok;
      });
      progress?.done();
      const r = result as SweepRunResult | null;
      const outcomes = r?.outcomes ?? [];
      const failed = outcomes.filter((o) => o.status !== 'succeeded');
      if (v.json) {
        writeJson(ctx.stdout, {
          ok: r?.ok === true,
          sweep: def.name,
          sweepId,
          count: jobs.length,
          ran: outcomes.length,
          cancelled: r?.cancelled ?? 0,
          runs: outcomes.map((o) => ({
            runId: o.runId,
            status: o.status,
            durationMs: o.durationMs,
            error: o.error,
          })),
        });
      } else {
        const ok = outcomes.length - failed.length;
        ctx.stdout.write(
          `sweep ${safeLine(def.name)}: ${ok} succeeded, ${failed.length} did not${r?.cancelled ? `, ${r.cancelled} not started` : ''}` +
            `${jobs.length - todo.length ? `, ${jobs.length - todo.length} skipped (fresh)` : ''}\n`,
        );
        if (r?.stoppedBy)
          ctx.stdout.write(
            `stopped at the first failure (--fail-fast): run ${r.stoppedBy.runId} ${r.stoppedBy.status}\n`,
          );
        ctx.stdout.write(`collate it: simorg collate ${safeLine(def.name)} --format csv\n`);
      }
      return r?.ok === true ? 0 : 1;
    } finally {
      project.close();
    }
  },
});

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await new Promise<string>((done) => {
      rl.question(question, done);
      rl.once('close', () => done(''));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
