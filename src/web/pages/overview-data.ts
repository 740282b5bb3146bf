import type { Project } from '../../project.js';
import type { ScriptVerdict } from '../verdicts.js';

// What the Overview shows beside each verdict: the script's group (for every script: it filters),
// then, for the rows shown, its last run's figure count and its last durations (the trend), each
// in one statement for all those rows, walking the indexes.

export interface GroupedRow extends ScriptVerdict {
  group: string | null;
  /** Set for the rows shown, or for all when sorting by it. */
  figures?: number;
}

export interface OverviewRow extends GroupedRow {
  figures: number;
  /** Durations of its last finished runs, oldest first. */
  trend: number[];
}

const TREND = 12;

export function withGroups(project: Project, verdicts: ScriptVerdict[]): GroupedRow[] {
  const groups = new Map(
    project.db.prepare<[], [number, string | null]>('SELECT id, grp FROM scripts').raw().all(),
  );
  return verdicts.map((v) => ({ ...v, group: groups.get(v.id) ?? null }));
}

export function withFigures<T extends GroupedRow>(
  project: Project,
  rows: T[],
): Array<T & { figures: number }> {
  const runIds = rows.flatMap((v) => (v.lastRun ? [v.lastRun.id] : []));
  const figures = new Map(
    project.db
      .prepare<[string], [string, number]>(
        'SELECT f.run_id, count(DISTINCT f.idx) FROM json_each(?) j JOIN figures f ON f.run_id = j.value GROUP BY f.run_id',
      )
      .raw()
      .all(JSON.stringify(runIds)),
  );
  return rows.map((v) => ({ ...v, figures: v.lastRun ? (figures.get(v.lastRun.id) ?? 0) : 0 }));
}

export function withDetails(project: Project, verdicts: GroupedRow[]): OverviewRow[] {
  const db = project.db;
  const counted = withFigures(project, verdicts);
  const trends = new Map(
    db
      .prepare<[string], [number, string]>(
        `SELECT j.value, (SELECT json_group_array(d) FROM (SELECT duration_ms AS d FROM runs
         WHERE script_id = j.value AND duration_ms IS NOT NULL ORDER BY started_at DESC LIMIT ${TREND}))
       FROM json_each(?) j`,
      )
      .raw()
      .all(JSON.stringify(verdicts.filter((v) => v.lastRun).map((v) => v.id))),
  );
  return counted.map((v) => ({
    ...v,
    trend: trends.has(v.id) ? (JSON.parse(trends.get(v.id)!) as number[]).reverse() : [],
  }));
}

/** A small line of durations, as inline SVG (no chart library). */
export function sparkline(values: number[], width = 80, height = 18): string {
  if (values.length < 2) return '';
  const max = Math.max(...values) || 1;
  const step = width / (values.length - 1);
  const pts = values
    .map((v, i) => `${(i * step).toFixed(1)},${(height - 1 - (v / max) * (height - 2)).toFixed(1)}`)
    .join(' ');
  return `<svg class="spark" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><polyline fill="none" stroke="#2e5bba" stroke-width="1.5" points="${pts}"/></svg>`;
}
