import { watch, type FSWatcher } from 'chokidar';
import { upstreamOf } from '../fresh/graph.js';
import { dirname, join } from 'node:path';
import { loadConfig } from '../config/load.js';
import type { Project } from '../project.js';
import { StatusIndex } from '../fresh/status-index.js';
import { storedPath } from '../store/stored-path.js';
import { absPath } from '../fresh/judge.js';
import type { ScriptState, Wanted } from '../fresh/types.js';
import { runBatch } from '../run/batch.js';
import type { ScriptRow } from '../track/scripts.js';
import { BatchPlan } from './batch-plan.js';

// `simorg watch`: re-runs the scripts that a file change made stale, upstream first. Loops cannot
// feed themselves: every round judges by content, and a script that rewrote its outputs with the
// same bytes leaves nothing stale, while simorg's folder, figure outputs and node_modules are not
// watched at all.

export interface WatchOptions {
  /** The scripts to keep fresh; called every round, so scripts tracked meanwhile are seen. */
  select: () => ScriptRow[];
  /** The run config and arguments the re-runs use, and freshness is judged under. */
  wanted: Required<Wanted>;
  jobs?: number;
  debounceMs?: number;
  log: (line: string) => void;
  /** Aborted: start nothing new, let running scripts finish, then return. */
  drain: AbortSignal;
  /** Aborted: stop running scripts too (recorded cancelled). */
  stop: AbortSignal;
}

/** Scripts not fresh at start named one per line, at most. */
const LISTED_AT_START = 20;

const IGNORED = /(^|[\\/])(node_modules|\.simorg|\.git)([\\/]|$)/;

export async function watchScripts(project: Project, o: WatchOptions): Promise<void> {
  const outputDir = project.config.outputDir;
  const ignored = (p: string) => IGNORED.test(p) || p.split(/[\\/]/).includes(outputDir);
  const watcher: FSWatcher = watch([], { ignoreInitial: true, depth: 0, ignored, atomic: true });
  const watched = new Set<string>();
  const pending = new Set<string>();
  let configChanged = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  const follow = (paths: Iterable<string>) => {
    const fresh = [...paths].filter((p) => !watched.has(p));
    fresh.forEach((p) => watched.add(p));
    if (fresh.length) watcher.add(fresh);
  };
  const round = async (): Promise<void> => {
    const changed = new Set(pending);
    pending.clear();
    const all = configChanged; // a run config may have changed: every script is looked at
    configChanged = false;
    if (all) project.config = (await loadConfig(project.root)) ?? project.config;
    follow(await runRound(project, o, changed, all));
  };
  const kick = () => {
    if (o.drain.aborted) return;
    if (running) {
      again = true; // changes during a batch are looked at once it ends
      return;
    }
    running = round()
      .catch((err: unknown) => o.log(`simorg watch: ${(err as Error).message}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          kick();
        }
      });
  };
  const onChange = (p: string) => {
    if (project.config.file && p === project.config.file) configChanged = true;
    pending.add(storedPath(project.root, p));
    clearTimeout(timer);
    timer = setTimeout(kick, o.debounceMs ?? 300);
  };
  watcher.on('add', onChange).on('change', onChange).on('unlink', onChange);
  watcher.on('error', (err) => o.log(`simorg watch: ${(err as Error).message}`));

  const first = await watchList(project, o.wanted, o.select());
  follow(first.paths);
  if (project.config.file) follow([project.config.file]);
  await new Promise<void>((r) => watcher.once('ready', () => r()));
  const waiting = first.states.filter((s) => s.freshness !== 'fresh');
  o.log(
    `watching ${watched.size} files and folders for ${first.states.length} scripts` +
      (waiting.length
        ? ` (${waiting.length} not fresh now: \`simorg run --stale --all\` brings them up to date)`
        : ''),
  );
  // Named, so the user sees what watch leaves alone; past a screenful, `simorg status` has the rest.
  for (const s of waiting.slice(0, LISTED_AT_START)) {
    o.log(`  not run: ${s.script.path} ${s.freshness}${s.reasons.length ? `: ${s.reasons.join('; ')}` : ''}`);
  }
  if (waiting.length > LISTED_AT_START)
    o.log(`  ... and ${waiting.length - LISTED_AT_START} more: simorg status`);

  await new Promise<void>((r) => o.drain.addEventListener('abort', () => r(), { once: true }));
  clearTimeout(timer);
  await running;
  await watcher.close();
}

/** Everything the scripts depend on, and the folders of never-run scripts (their imports may appear). */
async function watchList(
  project: Project,
  wanted: Required<Wanted>,
  scripts: ScriptRow[],
): Promise<{ paths: Set<string>; states: ScriptState[] }> {
  const index = new StatusIndex(project, wanted);
  const paths = new Set<string>();
  const states = scripts.map((s) => index.state(s));
  for (const st of states) {
    await index.scan(st);
    for (const d of st.deps)
      if (d.kind === 'script' || d.kind === 'module' || d.kind === 'read')
        paths.add(absPath(project.root, d.name));
    if (!st.lastRun) paths.add(dirname(join(project.root, st.script.path)));
  }
  index.finish();
  return { paths, states };
}

/** One round: runs what the changes made stale, upstream first; returns the paths to watch now. */
async function runRound(
  project: Project,
  o: WatchOptions,
  changed: Set<string>,
  all: boolean,
): Promise<Set<string>> {
  const index = new StatusIndex(project, o.wanted);
  const selected = o.select();
  const chosen = new Set<number>();
  // What the change touched, what reads from it, and the not-fresh scripts it reads from (so it
  // does not re-run on stale inputs), with what those feed in turn.
  const visit = (id: number) => {
    if (chosen.has(id)) return;
    chosen.add(id);
    index.graph.downstream(id).forEach(visit);
    for (const u of upstreamOf(index.graph, id)) if (index.state(u).freshness !== 'fresh') visit(u);
  };
  for (const s of selected) {
    const st = index.state(s);
    await index.scan(st);
    if (all || st.deps.some((d) => changed.has(d.name))) visit(s.id);
  }
  // A failed script is re-run only when something it used changed since (more than its failure to say).
  const needs = (st: ScriptState) =>
    st.freshness === 'stale' ||
    st.freshness === 'never-run' ||
    (st.freshness === 'failed' && st.reasons.length > 1);
  const why = new Map<string, string>();
  const todo = selected
    .filter((s) => chosen.has(s.id))
    .map((s) => index.state(s))
    .filter(needs);
  for (const st of todo) why.set(st.script.path, st.reasons.join('; ') || 'never run');
  index.finish();
  if (!todo.length && changed.size) {
    // Said, so that a change that runs nothing (a script's own outputs, rewritten with the same
    // bytes) is seen to have been looked at.
    const names = [...changed].sort();
    o.log(
      `nothing to run after changes to ${names.slice(0, 3).join(', ')}${names.length > 3 ? ` and ${names.length - 3} more` : ''}`,
    );
  }
  if (todo.length && !o.drain.aborted) {
    // Each judged again when its turn comes: an upstream run that rewrote the same bytes leaves readers fresh.
    const plan = new BatchPlan(
      project,
      todo.map((st) => st.script),
      { wanted: o.wanted, onlyStale: true },
    );
    let notes = 0;
    await runBatch(project, plan.scripts, {
      runConfig: o.wanted.runConfig,
      argv: o.wanted.argv,
      jobs: o.jobs,
      reason: 'simorg watch',
      drain: o.drain,
      signal: o.stop,
      order: plan,
      onEvent: (e) => {
        if (e.type === 'start') {
          const reasons = plan.reasons.get(e.script)?.join('; ') ?? why.get(e.script);
          o.log(`running ${e.script}: ${reasons || 'never run'}`);
        } else {
          const r = e.outcome;
          o.log(`${r.script} ${r.status} in ${(r.durationMs / 1000).toFixed(1)}s (run ${r.runId})`);
        }
        for (; notes < plan.notes.length; notes++) o.log(plan.notes[notes]!);
      },
    });
    for (; notes < plan.notes.length; notes++) o.log(plan.notes[notes]!);
    for (const n of plan.notRun()) o.log(`${n.script} not run: ${n.why}`);
  }
  return (await watchList(project, o.wanted, selected)).paths;
}
