import { queueRuns } from '../index.js';
import { enqueue } from '../run/queue.js';
import { cancelJobs, clearQueue, requeueJobs } from '../run/queue-admin.js';
import { trackScripts, untrackScripts } from '../track/track.js';
import { UsageError } from '../errors.js';
import type { Project } from '../project.js';
import { openInEditor } from './editor.js';
import { matches } from './pages/overview.js';
import { verdicts } from './verdicts.js';
import { runRequest } from '../store/run-record.js';
import { groupsById } from '../store/scripts.js';

// Every request that changes something: queue, run again, cancel, requeue, clear, track, untrack,
// open in editor. The guard has already checked the token in a header or form field.

export type Form = Record<string, string | File | (string | File)[]>;
export type Action = (form: Form) => { message: string; go?: string };

const list = (v: Form[string] | undefined): string[] =>
  (Array.isArray(v) ? v : v === undefined ? [] : [v]).filter(
    (x): x is string => typeof x === 'string' && x !== '',
  );
const one = (v: Form[string] | undefined): string | undefined => list(v)[0];

const NOT_DONE = new Set(['stale', 'failed', 'never-run']);

/** Every action by name (POST /action/<name>). */
export function actions(project: Project, workers: number): Map<string, Action> {
  const waiting = workers
    ? ''
    : ' (no worker runs in this server: start `simorg worker`, or serve --workers N)';
  const table = new Map<string, Action>();
  const act = (name: string, fn: Action) => table.set(name, fn);

  act('queue', (form) => {
    const runConfig = one(form.runConfig);
    let scripts = list(form.script);
    if (one(form.what) === 'stale') {
      const f = { q: one(form.q) ?? '', status: one(form.status) ?? '', group: one(form.group) ?? '' };
      const groups = groupsById(project.db);
      scripts = verdicts(project, {
        runConfig: runConfig ?? project.config.defaultRunConfig,
        argv: [],
        params: {},
      })
        .filter(
          (v) =>
            NOT_DONE.has(v.status) &&
            matches(f, { script: v.script, status: v.status, group: groups.get(v.id) ?? null }),
        )
        .map((v) => v.script);
      if (!scripts.length) return { message: 'nothing stale, failed or never run among the scripts shown' };
    } else if (!scripts.length)
      throw new UsageError('no script selected', { hint: 'tick the scripts to queue' });
    const ids = queueRuns(project, scripts.map(literal), { runConfig, reason: 'queued from simorg serve' });
    return { message: `queued ${ids.length} run${ids.length === 1 ? '' : 's'}${waiting}` };
  });

  act('run-again', (form) => {
    const runId = one(form.run) ?? '';
    const r = runRequest(project.db, runId);
    if (!r) throw new UsageError(`no run ${runId}`, { hint: 'see the Failures or a script page for runs' });
    const [id] = enqueue(project.db, [
      {
        scriptId: r.script_id,
        runConfig: r.run_config,
        argv: JSON.parse(r.argv_json) as string[],
        tags: JSON.parse(r.tags_json) as string[],
        params: JSON.parse(r.params_json) as Record<string, unknown>,
        reason: `again, as run ${runId}`,
      },
    ]);
    return { message: `queued job ${id}, as run ${runId}${waiting}`, go: '/queue' };
  });

  act('cancel', (form) => ({
    message: `cancelled job ${cancelJobs(project, project.root, list(form.job)).join(', ')}`,
  }));
  act('requeue', (form) => {
    const jobs = list(form.job);
    const ids = requeueJobs(project.db, jobs.length ? jobs.map(Number) : 'abandoned', project.root);
    return {
      message: ids.length ? `requeued job ${ids.join(', ')}${waiting}` : 'no abandoned job to requeue',
    };
  });
  act('clear', () => ({
    message: `removed ${clearQueue(project.db, project.root)} queued or abandoned job(s)`,
  }));
  act('track', (form) => {
    // Ticked files are literal paths; a typed pattern may be a glob, as on the command line.
    const patterns = [...list(form.path).map(literal), ...list(form.pattern)];
    if (!patterns.length)
      throw new UsageError('no file named to track', {
        hint: 'tick a script found by the scan, or type a path or glob',
      });
    const r = trackScripts(project, project.root, patterns, { group: one(form.group) });
    return {
      message: `tracked ${r.added.length} new, regrouped ${r.regrouped.length}, already tracked ${r.unchanged.length}`,
    };
  });
  act('untrack', (form) => {
    const paths = list(form.path);
    if (!paths.length) throw new UsageError('no script named to untrack', { hint: 'pick a tracked script' });
    const r = untrackScripts(project, project.root, paths.map(literal));
    return { message: `untracked ${r.untracked.map((s) => s.path).join(', ')} (runs kept)` };
  });
  act('editor', (form) => ({
    message: `opened ${openInEditor(project, one(form.path) ?? '').slice(-1)[0]} in ${project.config.editor}`,
  }));
  return table;
}

// A path from the page names one file: glob characters in it are escaped, not expanded.
const literal = (path: string): string => path.replace(/[*?[\]{}()!+@\\]/g, '\\$&');

/** Where a plain form's answer redirects: the page it names, if it is one of ours, else the Overview. */
export function backOf(form: Form): string {
  const back = one(form.back);
  return back && back.startsWith('/') && !back.startsWith('//') ? back : '/';
}
