import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Project } from '../project.js';
import { keepFigures, keptPath, writtenDuring, type KeptFigure, type RunSpan } from '../run/figure-keep.js';
import { absoluteOf } from './safe-path.js';
import { figuresEndedSince } from '../store/figures.js';

// Each run's figures as the Compare page shows them: the runner keeps them as it records a run
// (run/figure-keep.ts). Runs recorded by other paths (a Slurm job taken in by `simorg sync`) are
// kept here as the server sees them end, while their files are still theirs.

export class FigureArchive {
  constructor(private readonly project: Project) {}

  /** Keeps the figures of the finished runs that ended at or after `since` (ms); returns the newest end seen. */
  keep(since: number): number {
    const rows = figuresEndedSince(this.project.db, since);
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
