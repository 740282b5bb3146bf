// A run's outcome is written to its folder (.simorg/runs/<id>/outcome.json) before the database:
// a database locked or full when the run ends delays its record, never loses it. The next command
// that opens the queue finds the outcome there and records it (completePendingRun, from queue.ts).
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { RUNS_DIR } from '../config/defaults.js';
import type { ManifestFigure } from '../hook/capture/manifest.js';
import type { Db } from '../store/db.js';
import { isTransient } from './db-wait.js';
import { keepFigures } from './figure-keep.js';
import { writeRun, type EndRow, type StartRow } from '../store/run-rows.js';
import { runningRunIds } from '../store/running-runs.js';

export const OUTCOME_FILE = 'outcome.json';

/** The folder holding a run's output, manifest and outcome. */
export const runDir = (root: string, runId: string): string => join(root, RUNS_DIR, runId);

export interface RunFolderRecord {
  version: 1;
  start: StartRow;
  end: EndRow;
}

/** Writes the outcome to the run folder: a temporary file renamed, so it is whole or absent. */
export function writeOutcome(dir: string, record: Omit<RunFolderRecord, 'version'>): void {
  const file = join(dir, OUTCOME_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ version: 1, ...record }));
  renameSync(tmp, file);
}

export function readOutcome(dir: string): RunFolderRecord | null {
  let text: string;
  try {
    text = readFileSync(join(dir, OUTCOME_FILE), 'utf8');
  } catch {
    return null;
  }
  try {
    const r = JSON.parse(text) as RunFolderRecord;
    return r && r.version === 1 && r.start && r.end ? r : null;
  } catch {
    return null;
  }
}

/**
 * Records run `runId` from its folder when its outcome is there but the run is still `running` in the
 * database (its worker could not write it: a lock, a full disk, or it died just after). True when done;
 * false when there is no usable outcome, or the database refuses it (rolled back: the caller goes on).
 */
export function completePendingRun(db: Db, root: string, runId: string): boolean {
  const record = readOutcome(runDir(root, runId));
  if (!record || record.start.runId !== runId) return false;
  try {
    writeRun(db, record.start, record.end); // its own transaction, a savepoint inside the caller's
    // Its figures, while they are still its own (figure-keep.ts checks their times).
    const { start, end } = record;
    keepFigures(root, { runId, startedAt: start.startedAt, endedAt: end.endedAt }, end.figures);
    return true;
  } catch (err) {
    if (isTransient(err)) throw err;
    return false;
  }
}

const FIGURE_FILE = /^fig(\d{3,})_(.+)\.([a-z0-9]+)$/;

/**
 * The figure files a hooked script saved since `since`, read from its figure folder
 * (`<scriptdir>/<outputDir>/figures/<stem>/<fmt>/figNNN_<name>.<fmt>`). For a run killed while saving,
 * which never wrote its manifest: what was saved is recorded all the same.
 */
export function figuresOnDisk(
  scriptAbs: string,
  outputDir: string,
  since: number,
  subdir?: string | null,
): ManifestFigure[] {
  const root = resolve(
    dirname(scriptAbs),
    outputDir,
    'figures',
    basename(scriptAbs, extname(scriptAbs)),
    subdir ?? '',
  );
  const found: ManifestFigure[] = [];
  let formats: string[];
  try {
    formats = readdirSync(root);
  } catch {
    return found;
  }
  for (const format of formats) {
    let names: string[];
    try {
      names = readdirSync(join(root, format));
    } catch {
      continue;
    }
    for (const name of names) {
      const m = FIGURE_FILE.exec(name);
      if (!m || m[3] !== format) continue;
      const path = join(root, format, name);
      try {
        // Older files are an earlier run's; the clock's coarseness is allowed for.
        if (statSync(path).mtimeMs < since - 1000) continue;
      } catch {
        continue;
      }
      found.push({ index: Number(m[1]), name: m[2]!, format, path });
    }
  }
  return found.sort((a, b) => a.index - b.index || (a.format < b.format ? -1 : 1));
}

/**
 * Records every run still `running` in the database whose outcome waits in its folder; returns how
 * many. One indexed query and a file read per running run: cheap enough for any command to call
 * at its start (`list`, `status`) so that such a run never shows as running once it has ended.
 */
export function completePendingRuns(db: Db, root: string): number {
  let n = 0;
  for (const id of runningRunIds(db)) if (completePendingRun(db, root, id)) n++;
  return n;
}
