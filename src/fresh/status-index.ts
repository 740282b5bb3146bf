import { dirname } from 'node:path';
import type { Project } from '../project.js';
import { storedPath } from '../store/stored-path.js';
import type { ScriptRow } from '../track/scripts.js';
import { FullGraph, upstreamOf, type RunGraph } from './graph.js';
import { effectiveParams } from '../config/params.js';
import { HashCache } from './hash.js';
import { LazyGraph } from './lazy-graph.js';
import { scanImports } from '../track/imports.js';
import { absPath, hashNow, isNodeScript, judgeRun, type JudgeContext } from './judge.js';
import { isRuntimeFile } from '../store/runtime-files.js';
import { InstalledPackages } from './packages.js';
import {
  loadActiveJobs,
  loadChangedModules,
  loadModules,
  type LatestRun,
  type RunFile,
} from '../store/latest-runs.js';
import type { Dependency, Freshness, ScriptState, StatusWord, Wanted } from './types.js';

// The status of every tracked script, computed lazily: a script is judged (and its files hashed)
// only when someone asks for it or for something downstream of it, so `run --if-stale x` hashes
// x's dependencies and its upstream's, not the whole project. Asked for many scripts at once
// (`states`, `all`), it lets SQLite find the few changed modules among all the modules their runs
// loaded, and lists each script's unchanged dependencies only if someone reads its `deps`.
// `lazy` reads the run graph only where it is asked (graph.ts): for judging a few scripts.
export class StatusIndex {
  readonly hashes: HashCache;
  private readonly root: string;
  private readonly db: Project['db'];
  private readonly ctx: JudgeContext;
  /** The run config and arguments every script is judged under. */
  readonly wanted: Required<Wanted>;
  /** The scripts, their latest runs and the links between them through files. */
  readonly graph: RunGraph;
  private readonly jobs: Map<number, 'queued' | 'running'>;
  private readonly memo = new Map<number, ScriptState>();
  private readonly visiting = new Set<number>();
  /** Run id -> every module the run loaded, for the runs judged one at a time. */
  private readonly modules = new Map<string, RunFile[]>();
  /** Run id -> only the modules whose file changed, for the runs judged many at once. */
  private readonly changedModules = new Map<string, RunFile[]>();
  private singles = 0;

  constructor(project: Project, wanted: Wanted = {}, options: { lazy?: boolean } = {}) {
    const runConfig = wanted.runConfig ?? project.config.defaultRunConfig;
    const params = effectiveParams(project.config.runConfigs[runConfig]?.params, wanted.params);
    this.wanted = { runConfig, argv: wanted.argv ?? [], params };
    this.root = project.root;
    this.db = project.db;
    this.graph = options.lazy ? new LazyGraph(project) : new FullGraph(project);
    this.jobs = loadActiveJobs(project.db);
    // The whole hash cache is read in one query when many scripts are judged at once (states());
    // a few are looked up one by one.
    this.hashes = new HashCache(project.db, { deferWrites: true });
    this.ctx = {
      root: project.root,
      config: project.config,
      hashes: this.hashes,
      packages: new InstalledPackages(),
      settings: { then: new Map(), now: new Map() },
      now: new Map(),
    };
  }

  /** Every tracked script, by path. */
  get scripts(): ScriptRow[] {
    return this.graph.scripts();
  }

  script(id: number): ScriptRow | undefined {
    return this.graph.script(id);
  }

  /** The state of one script under the index's run config and arguments. */
  state(script: ScriptRow | number): ScriptState {
    const id = typeof script === 'number' ? script : script.id;
    const known = this.memo.get(id);
    if (known) return known;
    const row = this.graph.script(id) ?? (typeof script === 'number' ? undefined : script);
    if (!row) throw new Error(`script ${id} is not tracked`);
    this.visiting.add(id);
    try {
      const st = this.compute(row);
      this.memo.set(id, st);
      return st;
    } finally {
      this.visiting.delete(id);
    }
  }

  all(): ScriptState[] {
    return this.states(this.scripts);
  }

  /** The states of `scripts` (tracked ones), judged together: what `status` asks for. */
  states(scripts: ScriptRow[]): ScriptState[] {
    const runIds: string[] = [];
    this.graph.prefetch(scripts.map((s) => s.id));
    for (const s of scripts) {
      const run = this.graph.run(s.id);
      if (run && !this.memo.has(s.id) && !this.modules.has(run.id) && !this.changedModules.has(run.id))
        runIds.push(run.id);
    }
    if (scripts.length > PRELOAD_FROM) this.hashes.preload();
    if (runIds.length > 1) {
      const changed = loadChangedModules(
        this.db,
        runIds,
        (path, then) => !isRuntimeFile(path) && hashNow(this.ctx, path) !== then,
      );
      for (const [id, list] of changed) this.changedModules.set(id, list);
    }
    return scripts.map((s) => this.state(s));
  }

  /** Fills in the dependencies of a never-run script from a static scan of its imports. */
  async scan(st: ScriptState): Promise<void> {
    if (st.lastRun || st.deps.length) return;
    const abs = absPath(this.root, st.script.path);
    const now = this.hashes.hash(abs)?.hash ?? null;
    st.deps.push({ kind: 'script', name: st.script.path, state: now ? 'new' : 'missing', then: null, now });
    const found = await scanImports(abs);
    for (const m of found.modules) {
      const name = storedPath(this.root, m);
      st.deps.push({
        kind: 'module',
        name,
        state: 'new',
        then: null,
        now: this.hashes.hash(m)?.hash ?? null,
      });
    }
    for (const name of found.packages) {
      const now = this.ctx.packages.version(dirname(abs), name);
      st.deps.push({ kind: 'package', name, state: now ? 'new' : 'missing', then: null, now });
    }
  }

  /**
   * Every file judged so far (package.json files looked for included) with its size and mtime as
   * stat'ed before it was read; null when one of them could not be read (its absence proves little).
   */
  inputs(): Map<string, { size: number; mtimeMs: number } | null> | null {
    if (this.hashes.failed.size) return null;
    const out = new Map<string, { size: number; mtimeMs: number } | null>();
    for (const [path, h] of this.hashes.observed()) out.set(path, h && { size: h.size, mtimeMs: h.mtimeMs });
    for (const [path, sig] of this.ctx.packages.probed) out.set(path, sig);
    return out;
  }

  /** Writes the hashes learnt to the cache; call once at the end of a command. */
  finish(): void {
    this.hashes.flush();
  }

  private compute(script: ScriptRow): ScriptState {
    const wanted = this.wanted;
    const run = this.graph.run(script.id) ?? null;
    const job = this.jobs.get(script.id);
    if (!run) return new State(script, job ?? 'never-run', 'never-run', [], null, [], []);
    // Judged in bulk, without the modules known unchanged: the full list is made when asked for,
    // from the same (memoised) hashes, so it agrees with the reasons.
    const changed = this.changedModules.get(run.id);
    const { deps, changes } = judgeRun(
      this.ctx,
      script.path,
      run,
      changed ?? this.modulesOf(run),
      wanted,
      !changed,
    );
    const reasons: string[] = [];
    let freshness: Freshness = 'fresh';
    if (run.status === 'cancelled') {
      freshness = 'stale';
      reasons.push('last run was cancelled');
    } else if (run.status !== 'succeeded') {
      freshness = 'failed';
      reasons.push(failure(run));
    }
    reasons.push(...changes);
    const upstream: ScriptRow[] = [];
    for (const u of upstreamOf(this.graph, script.id)) {
      const row = this.graph.script(u)!;
      upstream.push(row);
      if (this.visiting.has(u)) continue; // a cycle: judge each script in it by its own files
      const up = this.state(u);
      if (up.freshness === 'failed') reasons.push(`upstream ${row.path} failed`);
      else if (up.freshness !== 'fresh' && up.freshness !== 'unverified')
        reasons.push(`upstream ${row.path} is ${up.freshness}`);
    }
    // An output another script reads, deleted or changed since: re-running the producer is the way
    // to get it back (what make users expect). Outputs nobody reads are not checked: temp files
    // come and go.
    for (const f of run.io) {
      const w = f.path;
      if (f.role !== 'written' || this.graph.producer(w) !== script.id || !this.graph.consumed(w)) continue;
      const now = hashNow(this.ctx, w);
      if (now === null) reasons.push(`output ${w} missing`);
      else if (f.hash !== null && now !== f.hash) reasons.push(`output ${w} changed since its run`);
    }
    if (freshness === 'fresh' && reasons.length) freshness = 'stale';
    // Nothing recorded says what a script run without the hook read: its files may have changed.
    if (freshness === 'fresh' && !isNodeScript(script.path)) {
      freshness = 'unverified';
      reasons.push(UNVERIFIED);
    }
    const withProducers = (list: Dependency[]) => {
      for (const d of list) if (d.kind === 'read') setProducer(d, this.graph, script.id);
      return list;
    };
    const allDeps = changed
      ? () => withProducers(judgeRun(this.ctx, script.path, run, this.modulesOf(run), wanted).deps)
      : withProducers(deps);
    return new State(script, job ?? freshness, freshness, reasons, run, allDeps, upstream);
  }

  /** Every module `run` loaded. One query per run for the first few; then one for all the rest. */
  private modulesOf(run: LatestRun): RunFile[] {
    let list = this.modules.get(run.id);
    if (!list) {
      const ids =
        ++this.singles > SINGLE_QUERIES
          ? [...this.graph.loadedRuns()].map((r) => r.id).filter((id) => !this.modules.has(id))
          : [run.id];
      for (const [id, l] of loadModules(this.db, ids)) this.modules.set(id, l);
      list = this.modules.get(run.id)!;
    }
    return list;
  }
}

// A ScriptState whose `deps` may be made only when first read.
class State implements ScriptState {
  #deps: Dependency[] | (() => Dependency[]);
  constructor(
    readonly script: ScriptRow,
    readonly status: StatusWord,
    readonly freshness: Freshness,
    readonly reasons: string[],
    readonly lastRun: LatestRun | null,
    deps: Dependency[] | (() => Dependency[]),
    readonly upstream: ScriptRow[],
  ) {
    this.#deps = deps;
  }

  get deps(): Dependency[] {
    if (typeof this.#deps === 'function') this.#deps = this.#deps();
    return this.#deps;
  }
}

/** The reason an `unverified` script gives. */
export const UNVERIFIED = 'script only: inputs not tracked';

// From this many scripts judged at once, reading the whole hash cache beats a look-up per file.
const PRELOAD_FROM = 200;

// Beyond this many runs whose modules were asked for one by one, the rest are read in one query.
const SINGLE_QUERIES = 32;

function setProducer(d: Dependency, graph: RunGraph, self: number): void {
  const p = graph.producer(d.name);
  if (p !== undefined && p !== self) d.producer = graph.script(p)?.path;
}

function failure(run: LatestRun): string {
  if (run.status === 'timed-out') return 'last run timed out';
  if (run.signal) return `last run failed (signal ${run.signal})`;
  if (run.exitCode !== null) return `last run failed (exit code ${run.exitCode})`;
  return `last run ${run.status}`;
}
