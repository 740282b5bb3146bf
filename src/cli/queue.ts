import { StoreError, UsageError } from '../errors.js';
import { isTransient } from '../run/db-wait.js';
import { openProject, type Project } from '../project.js';
import { enqueue } from '../run/queue.js';
import { commandParams } from '../run/params.js';
import { cancelJobs, clearQueue, listJobs, requeueJobs, type JobView } from '../run/queue-admin.js';
import { validateRunnable } from '../run/validate.js';
import { resolveScripts } from '../track/scripts.js';
import { defineCommand } from './command.js';
import { paramText } from '../config/params.js';
import { formatDuration, formatTime, paint, safeLine, statusColor, table, writeJson } from './output.js';

const ACTIONS = ['ls', 'add', 'cancel', 'clear', 'requeue'];

export default defineCommand({
  summary: 'show, add to, cancel or clear the job queue',
  usage: `queue [ls] [--json]
       queue add <scripts|globs...> [--config NAME] [--param K=V] [--params FILE] [-- script args]
       queue cancel <job id|script...> | --sweep NAME
       queue requeue <job id...> | --abandoned
       queue clear`,
  details: `ls (the default) shows queued, running and abandoned jobs. A running job is abandoned when its worker
process has died (a stopped one, Ctrl-Z or kill -STOP, is not dead) or, on another host, has not stamped
it for 10 min; its run is recorded failed, the script it left running here is killed, and
\`queue requeue --abandoned\` puts it back. cancel takes job ids (only those) or scripts. clear removes
queued and abandoned jobs. cancel --sweep NAME cancels every job of the sweep that has not ended.
Jobs are run by \`simorg worker\` processes, or by Slurm (\`run --backend slurm\`): those show Slurm's state
(pending, with its reason, or running), and cancel stops them with scancel; they are recorded cancelled.`,
  allowPositionals: true,
  options: {
    config: { type: 'string', short: 'c', valueName: 'NAME', description: 'run config for `add`' },
    reason: {
      type: 'string',
      short: 'r',
      valueName: 'TEXT',
      description: 'reason kept with the runs (`add`)',
    },
    tag: { type: 'string', short: 't', multiple: true, valueName: 'T', description: 'tag the runs (`add`)' },
    param: {
      type: 'string',
      short: 'p',
      multiple: true,
      valueName: 'K=V',
      description: 'a parameter for the runs (`add`; as `run --param`)',
    },
    params: {
      type: 'string',
      valueName: 'FILE',
      description: 'parameters from a .json or .yaml file (`add`)',
    },
    abandoned: { type: 'boolean', description: 'requeue every abandoned job' },
    sweep: {
      type: 'string',
      valueName: 'NAME',
      description: 'cancel: every unfinished job of this sweep (name, id or script:name)',
    },
    json: { type: 'boolean', description: 'print JSON' },
  },
  async run(ctx) {
    const [action = 'ls', ...args] = ctx.positionals;
    if (!ACTIONS.includes(action)) {
      throw new UsageError(`unknown queue action '${action}'`, {
        hint: `expected one of: ${ACTIONS.join(', ')}`,
      });
    }
    const project = await openProject(ctx.cwd);
    const say = (value: unknown, text: string) =>
      ctx.values.json ? writeJson(ctx.stdout, value) : ctx.stdout.write(text + '\n');
    try {
      if (action === 'ls') {
        // Slurm jobs that ended are recorded first; those still there show Slurm's state (pending, running).
        const onSlurm = await slurmStates(project);
        const jobs = listJobs(project.db, project.root).map((j) =>
          j.runId && onSlurm.has(j.runId) ? { ...j, slurm: onSlurm.get(j.runId) } : j,
        );
        if (ctx.values.json) writeJson(ctx.stdout, jobs);
        else ctx.stdout.write(jobs.length ? renderJobs(ctx.stdout, jobs) : 'the queue is empty\n');
      } else if (action === 'add') {
        if (!args.length)
          throw new UsageError('queue add: name the scripts to queue', {
            hint: 'e.g. `simorg queue add sims/*.ts`',
          });
        if (args.some((a) => a.trim() === ''))
          throw new UsageError('queue add: an empty pattern names no script', {
            hint: 'name the scripts to queue',
          });
        const params = await commandParams(
          ctx.cwd,
          ctx.values.param as string[] | undefined,
          ctx.values.params as string | undefined,
        );
        const scripts = resolveScripts(project, ctx.cwd, args);
        const runConfig = validateRunnable(project, scripts, ctx.values.config as string | undefined);
        const ids = enqueue(
          project.db,
          scripts.map((s) => ({
            scriptId: s.id,
            runConfig,
            argv: ctx.passthrough,
            reason: ctx.values.reason as string | undefined,
            tags: ctx.values.tag as string[] | undefined,
            params,
          })),
        );
        say(
          { queued: ids },
          `queued ${ids.length} job(s) with run config ${runConfig}: ${ids.join(', ')}\n  start \`simorg worker\` to run them`,
        );
      } else if (action === 'cancel') {
        const sweep = ctx.values.sweep as string | undefined;
        if (!args.length && sweep === undefined)
          throw new UsageError('queue cancel: name job ids or scripts, or --sweep NAME', {
            hint: 'see `simorg queue` for the job ids',
          });
        const sweepId =
          sweep === undefined
            ? undefined
            : (await import('../sweep/resolve-sweep.js')).resolveSweep(project.db, sweep).id;
        const ids = cancelJobs(project, ctx.cwd, args, sweepId);
        // Jobs on Slurm are stopped there (scancel); local workers stop theirs at their next heartbeat.
        if (ids.length)
          for (const b of (await import('../backends/backend.js')).BACKENDS) b.cancel(project, ids);
        say(
          { cancelled: ids },
          ids.length ? `cancelled ${ids.length} job(s): ${ids.join(', ')}` : 'nothing to cancel',
        );
      } else if (action === 'requeue') {
        if (!ctx.values.abandoned && !args.length)
          throw new UsageError('queue requeue: name job ids or use --abandoned');
        if (args.some((a) => !/^\d+$/.test(a)))
          throw new UsageError('queue requeue: job ids are numbers', { hint: 'see `simorg queue`' });
        const ids = requeueJobs(
          project.db,
          ctx.values.abandoned ? 'abandoned' : args.map(Number),
          project.root,
        );
        say(
          { requeued: ids },
          ids.length ? `requeued ${ids.length} job(s): ${ids.join(', ')}` : 'no abandoned jobs',
        );
      } else {
        const n = clearQueue(project.db, project.root);
        say({ removed: n }, `removed ${n} queued or abandoned job(s)`);
      }
      return 0;
    } catch (err) {
      if (!isTransient(err)) throw err;
      throw new StoreError(
        `the database ${project.config.database} is ${/FULL/.test(String((err as { code?: unknown }).code)) ? 'full' : 'locked by another process'}; nothing was changed`,
        {
          code: 'E_DB_BUSY',
          hint: 'try again once the other process is done (simorg waited 10 s)',
          cause: err,
        },
      );
    } finally {
      project.close();
    }
  },
});

type SlurmState = { slurmJobId: string | null; state: string; reason: string };

async function slurmStates(project: Project): Promise<Map<string, SlurmState>> {
  const { anySlurmRuns, syncSlurmRuns } = await import('../backends/slurm-sync.js');
  if (!anySlurmRuns(project)) return new Map();
  return new Map(
    syncSlurmRuns(project).live.map((l) => [
      l.runId,
      { slurmJobId: l.slurmJobId, state: l.state, reason: l.reason },
    ]),
  );
}

/** `k=v,k2=v2` in key order, a `,` or `\\` in a value escaped with `\\`, safe for a terminal; `-` for none. */
export function paramsCompact(p: Record<string, unknown>): string {
  const keys = Object.keys(p).sort();
  if (!keys.length) return '-';
  return safeLine(keys.map((k) => `${k}=${paramText(p[k]).replace(/[\\,]/g, '\\$&')}`).join(','));
}

function renderJobs(out: NodeJS.WritableStream, jobs: Array<JobView & { slurm?: SlurmState }>): string {
  const color = paint(out);
  const now = Date.now();
  return table(
    ['job', 'state', 'script', 'params', 'config', 'run', 'worker', 'since'],
    jobs.map((j) => [
      String(j.id),
      j.slurm
        ? statusColor(
            'running',
            color,
          )(
            `${j.slurm.state}${j.slurm.state === 'pending' && j.slurm.reason && j.slurm.reason !== 'None' ? ` (${j.slurm.reason})` : ''}`,
          )
        : statusColor(j.state, color)(j.state),
      safeLine(j.script),
      paramsCompact(j.params),
      j.runConfig,
      j.runId ?? '-',
      j.worker ?? '-',
      j.slurm
        ? `${formatDuration(now - (j.claimedAt ?? now))} on Slurm`
        : j.state === 'queued'
          ? formatTime(j.createdAt)
          : `${formatDuration(now - (j.claimedAt ?? now))} (beat ${formatDuration(now - (j.heartbeatAt ?? now))} ago)`,
    ]),
  );
}
