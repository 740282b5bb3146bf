import { statSync } from 'node:fs';
import { isAbsolute, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Project } from '../project.js';
import { RACY_MS } from './hash.js';
import {
  readSnapshotHead,
  readSnapshotText,
  writeSnapshot,
  writeSnapshotTable,
} from '../store/status-snapshot.js';
import type { StatusEntry } from './report.js';
import type { Wanted } from './types.js';
import { lazyVerdicts, type StoredStates, type Verdict } from './snapshot-text.js';

export type { Verdict };

export { entryText } from './snapshot-text.js';

// The verdicts of the last full `simorg status`, kept in the database with everything they were
// computed from, so that the next `status` can print them after checking, instead of judging
// again. They are used only when all of these are the same as when they were computed:
// - the database rows status reads (scripts, runs, run files, jobs): status_epoch counts every
//   write to them (triggers, schema.ts), and a snapshot is stored only if the count did not move
//   while it was computed;
// - the root and the configured run configs (compared resolved, whatever the config file);
// - every file the verdicts looked at (scripts, modules, files read, outputs, each package.json
//   looked for, found or not, and simorg's own judging code), by size and mtime, as the hash
//   cache trusts them: stat'ed before read, and only with mtimes older than the evaluation's
//   start by the hash cache's racy margin, so a change after the evaluation began shows as a
//   newer mtime. Otherwise nothing is stored.

/** What one file was when the verdicts were computed: null when missing or not a regular file. */
export type FileSignature = { size: number; mtimeMs: number } | null;

export interface SnapshotLook {
  /** status_epoch when looked at, and when: what a snapshot saved after this look must match. */
  epoch: number;
  at: number;
  wanted: Required<Wanted>;
  /** The stored verdicts (of every tracked script, by path), when still right; else null. */
  verdicts: Verdict[] | null;
  /**
   * Asked for as text: the stored `status --json` text (or the plain table, when one was stored
   * for the same time zone) instead of the verdicts, and whether any script is not fresh. As its
   * UTF-8 bytes, written out as they are: 10,000 scripts' text made a JS string and encoded
   * again cost more than the rest of the check (some 25 ms of ~150).
   */
  text: { bytes: Uint8Array; notFresh: boolean } | null;
  /**
   * When only files changed since the stored verdicts (same database rows, same settings): the
   * stored verdicts, the files that changed (as stored: root-relative or absolute), and every
   * stored file as it is now (by absolute path; made when asked for). Only scripts whose judgement
   * looked at a changed file, and what is downstream of them, need judging again.
   */
  partial: {
    verdicts: Verdict[];
    /**
     * The stored --json text with the entries at some positions (of `verdicts`) replaced by
     * others, as the --json text writes them (entryText).
     */
    textWith: (replaced: ReadonlyMap<number, string>) => string;
    changed: string[];
    files: () => Map<string, FileSignature>;
  } | null;
}

// Bumped whenever what is stored, or how it is judged, changes shape.
const FORMAT = 3;
// The code that decides verdicts: a rebuilt or upgraded simorg does not trust older snapshots.
const CODE = [
  'status-index.js',
  'graph.js',
  'lazy-graph.js',
  'snapshot-text.js',
  'judge.js',
  '../store/runtime-files.js',
  '../store/latest-runs.js',
  'hash.js',
  'packages.js',
  'report.js',
  'snapshot.js',
  '../store/json-rows.js',
  '../store/hash-cache.js',
  '../store/run-links.js',
  '../store/status-snapshot.js',
  '../track/scripts.js',
].map((f) => fileURLToPath(new URL(f, import.meta.url)));

interface StoredFiles {
  /** Absolute, or relative to the root (no leading separator) when inside it. */
  paths: string[];
  /** -1: missing or not a regular file. */
  sizes: number[];
  mtimes: number[];
}

// The run config and arguments judged under are part of the key: one snapshot, for the last asked.
const keyOf = (project: Project, wanted: Required<Wanted>): string =>
  JSON.stringify([
    FORMAT,
    project.root,
    project.config.runConfigs,
    project.config.interpreters,
    wanted.runConfig,
    wanted.argv,
    wanted.params,
  ]);

/**
 * Reads the snapshot and checks it; call before judging anything, to save one after. `asText`
 * asks for text to print rather than the verdicts (spares parsing them): the `--json` text of all
 * scripts, or the plain table when one was stored for this time zone (else the verdicts).
 */
export function loadSnapshot(
  project: Project,
  wanted: Required<Wanted>,
  asText: false | 'json' | 'table' = false,
): SnapshotLook {
  const at = Date.now();
  const head = readSnapshotHead(project.db, {
    json: asText === 'json',
    tableTz: asText === 'table' ? timeZone() : null,
  });
  const { epoch, files, json } = head;
  const look: SnapshotLook = { epoch, at, wanted, verdicts: null, text: null, partial: null };
  if (head.storedEpoch !== epoch || head.key !== keyOf(project, wanted) || files === null) return look;
  const stored = JSON.parse(files) as StoredFiles;
  const check = checkFiles(project.root, stored);
  if (!check) return look;
  // Read in the same transaction as the row above would be best; the epoch check on saving covers a
  // write in between (the verdicts then are only printed, never stored).
  const column = (name: 'json' | 'states') => readSnapshotText(project.db, name);
  const body = () => json?.toString('utf8') ?? column('json');
  const verdicts = () => {
    const s = JSON.parse(column('states')) as StoredStates;
    const entries = JSON.parse(body()) as StatusEntry[];
    return entries.map((entry, i): Verdict => ({ id: s.ids[i]!, freshness: s.freshness[i]!, entry }));
  };
  if (check.changed.length) {
    // Same database, same settings, some files changed: the caller judges again only what they touch.
    const files = () => {
      const now = new Map<string, FileSignature>();
      const prefix = project.root + sep;
      stored.paths.forEach((p, i) => {
        const sig = check.now.has(i)
          ? check.now.get(i)!
          : stored.sizes[i]! < 0
            ? null
            : { size: stored.sizes[i]!, mtimeMs: stored.mtimes[i]! };
        now.set(isAbsolute(p) ? p : prefix + p, sig);
      });
      return now;
    };
    look.partial = {
      ...lazyVerdicts(column('states'), body()),
      changed: check.changed.map((i) => stored.paths[i]!),
      files,
    };
  } else if (asText === 'json' && json !== null) {
    look.text = { bytes: json, notFresh: head.notFresh };
  } else if (asText === 'table' && head.table !== null) {
    look.text = { bytes: head.table, notFresh: head.notFresh };
  } else {
    look.verdicts = verdicts();
  }
  return look;
}

/**
 * The time zone the table's times are written in: part of what a stored table is valid for. Told
 * by TZ and the offsets in winter, summer and now (Intl would say it by name, but costs ~15 ms to
 * start, more than the table saves).
 */
export function timeZone(): string {
  const off = (d: Date) => d.getTimezoneOffset();
  return `${process.env.TZ ?? ''}|${off(new Date(2021, 0, 15))}|${off(new Date(2021, 6, 15))}|${off(new Date())}`;
}

// Every stored file stat'ed again: the indexes of those that changed, with what they are now.
// Null when one cannot be stat'ed (its state says little). Files inside the root are stat'ed by
// their relative path from the root as working folder: the kernel then walks two or three path
// components a file instead of the root's own as well, some 15% of the ~10,000 stats, the bulk of
// this check (measured on the status bench).
function checkFiles(
  root: string,
  f: StoredFiles,
): { changed: number[]; now: Map<number, FileSignature> } | null {
  const changed: number[] = [];
  const now = new Map<number, FileSignature>();
  const prefix = root + sep;
  let cwd: string | undefined;
  try {
    cwd = process.cwd();
    process.chdir(root);
  } catch {
    cwd = undefined; // a working folder gone, or a worker thread: absolute paths do as well
  }
  const relative = cwd !== undefined;
  try {
    for (let i = 0; i < f.paths.length; i++) {
      const p = f.paths[i]!;
      let st;
      try {
        st = statSync(relative || isAbsolute(p) ? p : prefix + p, { throwIfNoEntry: false });
      } catch {
        return null;
      }
      const size = f.sizes[i]!;
      if (size < 0 ? st?.isFile() : !st?.isFile() || st.size !== size || st.mtimeMs !== f.mtimes[i]) {
        changed.push(i);
        now.set(i, st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null);
      }
    }
  } finally {
    if (cwd !== undefined) process.chdir(cwd);
  }
  return { changed, now };
}

/**
 * Stores `verdicts` (of every tracked script; `jsonText` is their entries as `status --json`
 * prints them) with the files they were computed from, when that is safe: no database write since `look`, and every file older than the racy margin. `files` is
 * null when some file could not be read. Returns whether it was stored.
 */
export function saveSnapshot(
  project: Project,
  look: SnapshotLook,
  files: ReadonlyMap<string, FileSignature> | null,
  verdicts: Verdict[],
  jsonText: string,
  tableText: string | null = null,
): boolean {
  if (!files) return false;
  const limit = look.at - RACY_MS;
  const stored: StoredFiles = { paths: [], sizes: [], mtimes: [] };
  const prefix = project.root + sep;
  const add = (path: string, sig: FileSignature): boolean => {
    if (sig && !(sig.mtimeMs < limit)) return false;
    stored.paths.push(path.startsWith(prefix) ? path.slice(prefix.length) : path);
    stored.sizes.push(sig ? sig.size : -1);
    stored.mtimes.push(sig ? sig.mtimeMs : 0);
    return true;
  };
  for (const [path, sig] of files) if (!add(path, sig)) return false;
  for (const path of CODE) {
    const st = statSync(path, { throwIfNoEntry: false });
    if (!add(path, st?.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null)) return false;
  }
  const states: StoredStates = {
    ids: verdicts.map((v) => v.id),
    freshness: verdicts.map((v) => v.freshness),
  };
  return writeSnapshot(project.db, look.epoch, {
    key: keyOf(project, look.wanted),
    files: JSON.stringify(stored),
    states: JSON.stringify(states),
    json: jsonText,
    notFresh: verdicts.some((v) => v.freshness !== 'fresh'),
    tableTz: tableText === null ? null : timeZone(),
    tableText,
  });
}

/**
 * Adds the plain table to a stored snapshot that has none (it was stored by a `status --json`),
 * when the snapshot is still the one `look` read: the next plain `status` prints it as it is.
 */
export function saveTable(project: Project, look: SnapshotLook, tableText: string): void {
  writeSnapshotTable(project.db, look.epoch, timeZone(), tableText);
}
