import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { STATE_DIR } from '../config/defaults.js';
import type { Db } from '../store/db.js';
import { runsPastLatest } from '../store/runs.js';

// A script saves its figures to the same paths on every run, so a later run replaces an earlier
// one's files. To compare any two runs (the dashboard's Compare page), the runner keeps each run's
// viewable figures as it records the run: a hard link under .simorg/figures/<run>/<format>/ (the
// hook writes a new file and renames it over the old one, so the link keeps the old content and
// costs no space until then); a copy where a link cannot be made (another filesystem: EXDEV).
//
// Bounded: the figures of a script's KEEP_RUNS latest runs are kept; recording a newer run
// removes the kept figures of the runs that fall out of that window. A figure still on its own path
// is shown from there while it is that run's (written during it), kept or not.

export const KEEP_RUNS = 20;
export const KEPT_DIR = `${STATE_DIR}/figures`;
// The formats a browser shows, the only ones the Compare page can use.
const VIEWABLE = new Set(['png', 'jpg', 'jpeg', 'svg']);
// File times and the run's times come from different clocks' readers (fs, Date.now): a little room.
const SLACK_MS = 200;
// A link cannot be made across filesystems, on filesystems without links, or past a file's link limit.
const COPY_INSTEAD = new Set(['EXDEV', 'EPERM', 'EMLINK', 'ENOTSUP', 'EOPNOTSUPP']);

export interface KeptFigure {
  format: string;
  /** As stored: relative to the project root, or absolute when outside it. */
  path: string;
}

export interface RunSpan {
  runId: string;
  startedAt: number;
  endedAt: number | null;
}

const absolute = (root: string, p: string): string => (isAbsolute(p) ? p : join(root, ...p.split('/')));

/** The project path a run's kept figure has (whether or not it was kept). */
export const keptPath = (runId: string, f: KeptFigure): string =>
  `${KEPT_DIR}/${runId}/${f.format}/${basename(f.path)}`;

/** Whether the file at `abs` was written during the run (started..ended). */
export function writtenDuring(abs: string, run: RunSpan): boolean {
  const st = statSync(abs, { throwIfNoEntry: false });
  return (
    st !== undefined &&
    st.mtimeMs >= run.startedAt - SLACK_MS &&
    st.mtimeMs <= (run.endedAt ?? Date.now()) + SLACK_MS
  );
}

/** Keeps the run's viewable figures that are still its own; returns how many are kept now. */
export function keepFigures(root: string, run: RunSpan, figures: KeptFigure[]): number {
  let kept = 0;
  for (const f of figures) {
    if (!VIEWABLE.has(f.format)) continue;
    const to = absolute(root, keptPath(run.runId, f));
    if (existsSync(to)) {
      kept++;
      continue;
    }
    const from = absolute(root, f.path);
    if (!writtenDuring(from, run)) continue;
    const tmp = `${to}.${process.pid}.tmp`;
    try {
      mkdirSync(join(to, '..'), { recursive: true });
      rmSync(tmp, { force: true });
      try {
        linkSync(from, tmp);
      } catch (err) {
        if (!COPY_INSTEAD.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
        copyFileSync(from, tmp);
      }
      renameSync(tmp, to);
      kept++;
    } catch {
      // a full disk, a file gone meanwhile: this figure is not kept; the page says so
      rmSync(tmp, { force: true });
    }
  }
  return kept;
}

/**
 * Removes the kept figures of the script's runs past its KEEP_RUNS latest (by start). Each new run
 * pushes one run out of the window, so looking a few past its edge finds every one to remove.
 */
export function pruneKeptFigures(db: Db, root: string, scriptId: number): void {
  for (const id of runsPastLatest(db, scriptId, KEEP_RUNS, 8))
    rmSync(absolute(root, `${KEPT_DIR}/${id}`), { recursive: true, force: true });
}
