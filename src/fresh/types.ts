import type { ScriptRow } from '../track/scripts.js';
import type { LatestRun } from '../store/latest-runs.js';

/** The status words of DESIGN.md, the same in the CLI, the JSON and the web page. */
export type StatusWord = 'never-run' | 'fresh' | 'unverified' | 'stale' | 'failed' | 'queued' | 'running';

/** What the recorded runs say, before a queued or running job overrides the word shown. */
/**
 * `unverified`: the last run succeeded and the script is unchanged, but simorg cannot see what it
 * read (a .py, .sh or .R script runs without the hook), so it cannot say fresh.
 */
export type Freshness = 'never-run' | 'fresh' | 'unverified' | 'stale' | 'failed';

export type DependencyKind =
  'script' | 'module' | 'read' | 'package' | 'run-config' | 'interpreter' | 'argv' | 'params';

/**
 * `new`: known only from the static import scan of a never-run script.
 * `removed`: a package no longer installed, or a run config no longer configured.
 */
export type DependencyState = 'unchanged' | 'changed' | 'missing' | 'removed' | 'new';

export interface Dependency {
  kind: DependencyKind;
  /** Path as stored (relative to the root when inside it), package name or run config name. */
  name: string;
  state: DependencyState;
  /** Hash, version or settings when the last run started; null when absent then. */
  then: string | null;
  /** The same now; null when absent now. */
  now: string | null;
  /** For a file read: the script whose latest run wrote it. */
  producer?: string;
}

export interface ScriptState {
  script: ScriptRow;
  /** The word to show: `queued`/`running` when a job is under way, else `freshness`. */
  status: StatusWord;
  freshness: Freshness;
  /** Plain-words reasons: `lib/model.ts changed`, `upstream gen_data.ts is stale`... */
  reasons: string[];
  lastRun: LatestRun | null;
  /** Every dependency with its state (for never-run scripts: after `scan()`, from imports). */
  deps: Dependency[];
  /** Scripts whose latest run wrote a file this one's latest run read. */
  upstream: ScriptRow[];
}

/**
 * The kind of run a script is judged against: freshness is a property of a script under a run
 * config and arguments. A last run made with another run config or other arguments is stale.
 */
export interface Wanted {
  /** Default: the project's default run config. */
  runConfig?: string;
  /** Extra arguments (after `--`); default none. */
  argv?: string[];
  /**
   * Parameters given (`--param`, `--params`); default none. StatusIndex judges against these over
   * the run config's own `params`, as a run with them would record them.
   */
  params?: Record<string, unknown>;
}
