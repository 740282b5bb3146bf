// The git commit of a folder, read from .git's own files (no git process): the hook stamps it into
// every figure and the runner into every run record, so both read it here. Handles worktrees (a
// `.git` file with `gitdir:`, refs shared through `commondir`), loose refs and packed-refs.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface GitHead {
  commit: string;
  /** The checked-out ref (`refs/heads/main`); absent on a detached HEAD. */
  ref?: string;
}

/** The `.git` directory for `dir` (walking up), following a worktree's `gitdir:` file; null if none. */
export function findGitDir(dir: string): string | null {
  for (let d = resolve(dir); ; d = dirname(d)) {
    const dotGit = join(d, '.git');
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return dotGit;
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(dotGit, 'utf8'));
      return m ? resolve(d, m[1]!.trim()) : null;
    }
    if (dirname(d) === d) return null;
  }
}

/** HEAD's commit and ref; null when unreadable or on an unborn branch (no commit yet). */
export function readGitHead(gitDir: string): GitHead | null {
  try {
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (!head.startsWith('ref:')) return /^[0-9a-f]{40,64}$/.test(head) ? { commit: head } : null;
    const ref = head.slice(4).trim();
    // A worktree keeps its HEAD locally but shares refs with the main repository.
    const common = existsSync(join(gitDir, 'commondir'))
      ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    let commit: string | undefined;
    for (const d of [gitDir, common]) {
      const loose = join(d, ref);
      if (existsSync(loose)) {
        commit = readFileSync(loose, 'utf8').trim();
        break;
      }
    }
    const packed = join(common, 'packed-refs');
    if (commit === undefined && existsSync(packed)) {
      const line = readFileSync(packed, 'utf8')
        .split('\n')
        .find((l) => l.endsWith(` ${ref}`));
      commit = line?.slice(0, line.indexOf(' '));
    }
    return commit && /^[0-9a-f]{40,64}$/.test(commit) ? { commit, ref } : null;
  } catch {
    return null;
  }
}

/** HEAD's commit, or null. */
export function readHead(gitDir: string): string | null {
  return readGitHead(gitDir)?.commit ?? null;
}

/**
 * Whether a work tree has uncommitted changes to tracked files, asked of git itself (the index and
 * the files must be compared): the command, and its answer read from what it printed.
 */
export const GIT_DIRTY_ARGS: readonly string[] = ['status', '--porcelain', '--untracked-files=no'];
export const dirtyFrom = (porcelain: string): boolean => porcelain.trim() !== '';
