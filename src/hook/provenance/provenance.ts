// What each saved figure carries about where it came from. Gathered at save time only (never at
// load): the git commit is read from .git's files directly, and `git status` is spawned at most
// once per save to learn whether the tree is dirty.
import { spawnSync } from 'node:child_process';
import { dirtyFrom, findGitDir, GIT_DIRTY_ARGS, readGitHead } from './git-head.js';
import { SIMORG_VERSION } from '../version.js';

export interface GitInfo {
  commit: string;
  branch?: string;
  /** Uncommitted changes to tracked files; absent when git itself could not be run. */
  dirty?: boolean;
}

export interface Provenance {
  tool: 'simorg';
  version: string;
  /** Absolute path of the script that drew the figure. */
  script: string;
  /** When the figure was saved (ISO 8601, UTC). */
  time: string;
  runId?: string;
  git?: GitInfo;
  figure: { index: number; name: string; format: string };
  node: string;
}

export type RunProvenance = Omit<Provenance, 'figure'>;

export function gitInfo(dir: string, checkDirty = true): GitInfo | undefined {
  try {
    const gitDir = findGitDir(dir);
    const head = gitDir ? readGitHead(gitDir) : null;
    if (!head) return undefined;
    const info: GitInfo = { commit: head.commit };
    if (head.ref) info.branch = head.ref.replace(/^refs\/heads\//, '');
    if (checkDirty) {
      const r = spawnSync('git', GIT_DIRTY_ARGS, {
        cwd: dir,
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      if (r.status === 0) info.dirty = dirtyFrom(r.stdout);
    }
    return info;
  } catch {
    return undefined;
  }
}

export function runProvenance(
  script: string,
  scriptDir: string,
  env: NodeJS.ProcessEnv = process.env,
): RunProvenance {
  const p: RunProvenance = {
    tool: 'simorg',
    version: SIMORG_VERSION,
    script,
    time: new Date().toISOString(),
    node: process.version,
  };
  if (env.SIMORG_RUN_ID) p.runId = env.SIMORG_RUN_ID;
  const git = gitInfo(scriptDir);
  if (git) p.git = git;
  return p;
}

/** A one-line summary for the PDF Keywords field and similar short slots. */
export function provenanceKeywords(p: Provenance): string {
  const parts = ['simorg', `script ${p.script}`];
  if (p.runId) parts.push(`run ${p.runId}`);
  if (p.git) parts.push(`commit ${p.git.commit}${p.git.dirty ? ' (dirty)' : ''}`);
  return parts.join('; ');
}
