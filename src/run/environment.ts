import { execFile } from 'node:child_process';
import type { RunEnvironment } from '../store/run-rows.js';
import { cpus, hostname, platform, release, arch, totalmem, userInfo } from 'node:os';
// Reading HEAD is shared with the hook, which stamps the same commit into every figure.
import { dirtyFrom, findGitDir, GIT_DIRTY_ARGS, readHead } from '../hook/provenance/git-head.js';

export { findGitDir, readHead };

// What a run record says about the machine and the code version it ran with.
export type { RunEnvironment };

export interface GitState {
  commit: string | null;
  dirty: boolean | null;
}

let machine: RunEnvironment | undefined;

/** The machine facts, read once per process: they cannot change between two runs of one worker. */
export function runEnvironment(): RunEnvironment {
  if (machine) return machine;
  const cpuList = cpus();
  let user = process.env.USER ?? process.env.USERNAME ?? '';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (some containers): keep the variable
  }
  machine = {
    node: process.version,
    host: hostname(),
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cpuList[0]?.model.trim() ?? 'unknown',
    cpus: cpuList.length,
    memoryBytes: totalmem(),
    user,
  };
  return machine;
}

const DIRTY_TTL_MS = 2000;
const dirtyCache = new Map<string, { at: number; value: Promise<boolean | null> }>();

// `git status` costs a process; one answer is shared by every run starting within DIRTY_TTL_MS, so
// a batch of 50 quick scripts spawns git a handful of times, not 50.
function isDirty(root: string): Promise<boolean | null> {
  const hit = dirtyCache.get(root);
  if (hit && Date.now() - hit.at < DIRTY_TTL_MS) return hit.value;
  const value = new Promise<boolean | null>((done) => {
    execFile('git', GIT_DIRTY_ARGS, { cwd: root }, (err, stdout) => done(err ? null : dirtyFrom(stdout)));
  });
  dirtyCache.set(root, { at: Date.now(), value });
  return value;
}

/** Commit and dirty flag of the repository holding `root`; nulls when it is not a repository. */
export async function gitState(root: string): Promise<GitState> {
  const gitDir = findGitDir(root);
  if (!gitDir) return { commit: null, dirty: null };
  const commit = readHead(gitDir);
  return { commit, dirty: await isDirty(root) };
}
