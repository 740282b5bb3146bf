import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../project.js';
import { keepFigures, keptPath, writtenDuring, type KeptFigure, type RunSpan } from '../run/figure-keep.js';
import { absoluteOf } from './safe-path.js';

// Each run's figures as the Compare page shows them: the runner keeps them as it records a run
// (run/figure-keep.ts). Runs recorded by other paths (a Slurm job taken in by `simorg sync`) are
// kept here as the server sees them end, while their files are still theirs.

export class FigureArchive {
  constructor(private readonly project: Project) {}

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
      keepFigures(this.project.root, { runId: r.id, startedAt: r.started_at, endedAt: r.ended_at }, [r]);
    }
    return newest;
  }

  /** The project path to show a run's figure from: its kept copy, or its own path while it is still that run's; else null. */
  locate(run: RunSpan, f: KeptFigure): string | null {
    const kept = keptPath(run.runId, f);
    if (existsSync(join(this.project.root, kept))) return kept;
    return writtenDuring(absoluteOf(this.project.root, f.path), run) ? f.path : null;
  }
}
