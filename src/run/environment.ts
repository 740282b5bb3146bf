import { execFile } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { cpus, hostname, platform, release, arch, totalmem, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// What a run record says about the machine and the code version it ran with.
export interface RunEnvironment {
  node: string;
  host: string;
  os: string;
  cpu: string;
  cpus: number;
  memoryBytes: number;
  user: string;
}

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

/** The `.git` directory for `root` (walking up), following a worktree's `gitdir:` file; null if none. */
export function findGitDir(root: string): string | null {
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    const dotGit = join(dir, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return dotGit;
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      return m ? resolve(dir, m[1]!.trim()) : null;
    }
    if (dirname(dir) === dir) return null;
  }
}

// HEAD read from files (no git process per run): a ref, a loose ref file, or packed-refs.
export function readHead(gitDir: string): string | null {
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref:')) return /^[0-9a-f]{40,64}$/.test(head) ? head : null;
    const ref = head.slice(4).trim();
    // A worktree keeps its HEAD locally but shares refs with the main repository.
    const common = existsSync(join(gitDir, 'commondir'))
      ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    for (const dir of [gitDir, common]) {
      const loose = join(dir, ref);
      if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
    }
    const packed = join(common, 'packed-refs');
    if (!existsSync(packed)) return null; // an unborn branch: no commit yet
    const line = readFileSync(packed, 'utf8').split('\n').find((l) => l.endsWith(` ${ref}`));
    return line ? line.slice(0, line.indexOf(' ')) : null;
  } catch {
    return null;
  }
}

const DIRTY_TTL_MS = 2000;
const dirtyCache = new Map<string, { at: number; value: Promise<boolean | null> }>();

// `git status` costs a process; one answer is shared by every run starting within DIRTY_TTL_MS, so
// a batch of 50 quick scripts spawns git a handful of times, not 50.
function isDirty(root: string): Promise<boolean | null> {
  const hit = dirtyCache.get(root);
  if (hit && Date.now() - hit.at < DIRTY_TTL_MS) return hit.value;
  const value = new Promise<boolean | null>((done) => {
    execFile('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root }, (err, stdout) =>
      done(err ? null : stdout.trim().length > 0),
    );
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
