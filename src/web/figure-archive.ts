import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { STATE_DIR } from '../config/defaults.js';
import type { Project } from '../project.js';
import { absoluteOf } from './safe-path.js';

// A script saves its figures to the same paths on every run, so a later run replaces an earlier
// one's files. To compare runs, the server keeps each run's viewable figures as it sees the run
// end: a hard link (the hook writes a new file and renames it over the old one, so the link keeps
// the old content at no cost; a copy where links fail) under .simorg/figures/<run>/<format>/.
// A figure still on its path belongs to a run when it was written during that run.

const VIEWABLE = new Set(['png', 'jpg', 'jpeg', 'svg']);
// Timestamps of files and of the run are taken by different clocks readers (fs, Date.now): a little room.
const SLACK_MS = 200;

interface FigureRef {
  format: string;
  path: string;
}

export class FigureArchive {
  private readonly dir: string;

  constructor(private readonly project: Project) {
    this.dir = join(project.root, STATE_DIR, 'figures');
  }

  private archived(runId: string, f: FigureRef): string {
    return join(this.dir, runId, f.format, basename(f.path));
  }

  /** Whether the file at `abs` was written during the run (started..ended). */
  private belongs(abs: string, startedAt: number, endedAt: number | null): boolean {
    const st = statSync(abs, { throwIfNoEntry: false });
    return (
      st !== undefined &&
      st.mtimeMs >= startedAt - SLACK_MS &&
      st.mtimeMs <= (endedAt ?? Date.now()) + SLACK_MS
    );
  }

  /** Keeps the figures of the finished runs that ended at or after `since` (ms); returns the newest end seen. */
  keep(since: number): number {
    const rows = this.project.db
      .prepare<[number], { id: string; started_at: number; ended_at: number; format: string; path: string }>(
        `SELECT r.id, r.started_at, r.ended_at, f.format, f.path FROM runs r JOIN figures f ON f.run_id = r.id
       WHERE r.ended_at >= ? ORDER BY r.ended_at`,
      )
      .all(since);
    let newest = since;
    for (const r of rows) {
      newest = Math.max(newest, r.ended_at);
      if (!VIEWABLE.has(r.format)) continue;
      const to = this.archived(r.id, r);
      if (existsSync(to)) continue;
      const from = absoluteOf(this.project.root, r.path);
      if (!this.belongs(from, r.started_at, r.ended_at)) continue;
      try {
        mkdirSync(join(this.dir, r.id, r.format), { recursive: true });
        const tmp = `${to}.${process.pid}.tmp`;
        rmSync(tmp, { force: true });
        try {
          linkSync(from, tmp);
        } catch {
          copyFileSync(from, tmp);
        }
        renameSync(tmp, to);
      } catch {
        // a full disk or a file gone meanwhile: this figure is not kept, the page says so
      }
    }
    return newest;
  }

  /** The project path to show a run's figure from: its kept copy, or its own path while it is still that run's; else null. */
  locate(run: { runId: string; startedAt: number; endedAt: number | null }, f: FigureRef): string | null {
    const kept = this.archived(run.runId, f);
    if (existsSync(kept)) return `${STATE_DIR}/figures/${run.runId}/${f.format}/${basename(f.path)}`;
    return this.belongs(absoluteOf(this.project.root, f.path), run.startedAt, run.endedAt) ? f.path : null;
  }
}
