import type { Project } from '../../project.js';
import type { ScriptVerdict } from '../verdicts.js';
import { figureCounts } from '../../store/figures.js';
import { lastDurations } from '../../store/run-durations.js';
import { groupsById } from '../../store/scripts.js';

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
  const groups = groupsById(project.db);
  return verdicts.map((v) => ({ ...v, group: groups.get(v.id) ?? null }));
}

export function withFigures<T extends GroupedRow>(
  project: Project,
  rows: T[],
): Array<T & { figures: number }> {
  const runIds = rows.flatMap((v) => (v.lastRun ? [v.lastRun.id] : []));
  const figures = figureCounts(project.db, runIds);
  return rows.map((v) => ({ ...v, figures: v.lastRun ? (figures.get(v.lastRun.id) ?? 0) : 0 }));
}

export function withDetails(project: Project, verdicts: GroupedRow[]): OverviewRow[] {
  const counted = withFigures(project, verdicts);
  const trends = lastDurations(
    project.db,
    verdicts.filter((v) => v.lastRun).map((v) => v.id),
    TREND,
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
