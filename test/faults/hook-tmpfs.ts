// Real small file systems for fault tests: a tmpfs of a given size (full disks), or mounted
// read-only. Mounting needs root; when it is refused the caller skips, saying why.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Tmpfs {
  dir: string;
  /** Fills the file system up to its last few bytes (a file named `filler`). */
  fill(): void;
  unmount(): void;
}

/** Why mounting is impossible here, or undefined when it works. */
export function tmpfsUnavailable(): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'simorg-mnt-probe-'));
  try {
    const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { encoding: 'utf8' });
    if (r.status !== 0)
      return `cannot mount a tmpfs here (${(r.stderr || r.error?.message || 'mount failed').trim()})`;
    spawnSync('umount', [dir]);
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function mountTmpfs(
  opts: { size?: string; readOnly?: boolean; prepare?: (dir: string) => void } = {},
): Tmpfs {
  const dir = mkdtempSync(join(tmpdir(), 'simorg-mnt-'));
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${opts.size ?? '512k'}`, 'tmpfs', dir]);
  opts.prepare?.(dir);
  if (opts.readOnly) execFileSync('mount', ['-o', 'remount,ro', dir]);
  return {
    dir,
    fill() {
      // dd stops at ENOSPC and exits non-zero: the disk is then full.
      spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'filler')}`, 'bs=4k'], { stdio: 'ignore' });
    },
    unmount() {
      spawnSync('umount', ['-l', dir]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function mkdirp(dir: string): string {
  mkdirSync(dir, { recursive: true });
  return dir;
}
