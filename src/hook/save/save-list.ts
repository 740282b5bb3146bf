// The list of figure files a script's last save left in its figures folder, kept beside them as
// `.simorg-saved.json`. When the script saves again, the files of that list not written (or kept
// unchanged) this time are removed: a renamed figure or a dropped format leaves no stale file behind,
// so the folder says what the script makes now. Only listed files of simorg's own naming are ever
// removed; a user's own files in the folder are never touched.
import { readFileSync, renameSync, rmdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { KNOWN_FORMATS } from '../flags.js';

export const SAVED_LIST = '.simorg-saved.json';

// `<fmt>/figNNN_<name>.<fmt>`, as save.ts names files (safeName keeps to these characters).
const OURS = new RegExp(
  `^(${KNOWN_FORMATS.join('|')})/fig\\d{3,}_[A-Za-z0-9._-]+\\.(${KNOWN_FORMATS.join('|')})$`,
);

function isOurs(rel: string): boolean {
  const m = OURS.exec(rel);
  return !!m && m[1] === m[2] && !rel.includes('..');
}

/** The files listed by the previous save under `root` (relative, `/`-separated); none if unreadable. */
export function readSavedList(root: string): string[] {
  try {
    const body = JSON.parse(readFileSync(join(root, SAVED_LIST), 'utf8')) as { files?: unknown };
    return Array.isArray(body.files)
      ? body.files.filter((f): f is string => typeof f === 'string' && isOurs(f))
      : [];
  } catch {
    return [];
  }
}

function rel(root: string, path: string): string {
  return relative(root, path).split(sep).join('/');
}

export interface ListUpdate {
  root: string;
  /** Files this save wrote, or found unchanged: the figures' files now. */
  current: readonly string[];
  /** Files this save could not write: whatever is there from before stays, and stays listed. */
  failed: readonly string[];
  /** Only some figures were saved: the others' files are neither removed nor unlisted. */
  partial: boolean;
}

/**
 * Removes the files of the previous save that this one did not write again, then writes the new
 * list (temporary file + rename). Never throws: a list that cannot be kept costs tidiness, not
 * figures. Returns the paths removed.
 */
export function updateSavedList(u: ListUpdate): string[] {
  const now = new Set(u.current.map((p) => rel(u.root, p)).filter(isOurs));
  const failed = new Set(u.failed.map((p) => rel(u.root, p)));
  const removed: string[] = [];
  const emptied = new Set<string>();
  for (const f of readSavedList(u.root)) {
    if (now.has(f)) continue;
    if (u.partial || failed.has(f)) {
      now.add(f);
      continue;
    }
    const path = join(u.root, ...f.split('/'));
    try {
      unlinkSync(path);
      removed.push(path);
      emptied.add(dirname(path));
    } catch (err) {
      // Already gone is what we wanted; anything else (permissions) keeps it listed for next time.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') now.add(f);
    }
  }
  for (const d of emptied) {
    try {
      rmdirSync(d); // only when empty: a format folder no longer made
    } catch {
      // still holds files (ours or the user's)
    }
  }
  const list = join(u.root, SAVED_LIST);
  const tmp = join(u.root, `.${SAVED_LIST}.simorg-tmp${process.pid}`);
  try {
    writeFileSync(tmp, `${JSON.stringify({ version: 1, files: [...now].sort() }, null, 1)}\n`);
    renameSync(tmp, list);
  } catch {
    try {
      unlinkSync(tmp);
    } catch {
      // never made
    }
  }
  return removed;
}
