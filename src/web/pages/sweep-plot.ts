import { html, type Raw } from '../html.js';
import type { CollatedJob } from '../../sweep/collate.js';

// The Sweep page's plot, drawn on the server as a small SVG: a metric against a parameter, one
// line per combination of the other parameters (the points of a series share them), each point
// in its job's status colour and linked to its run. A parameter whose values are all positive and
// span two decades or more (a log() space) gets a log axis; one with non-numeric values is placed
// by its values in order.

const W = 640;
const H = 320;
const M = { l: 60, r: 150, t: 14, b: 40 };
const SERIES = ['#2e5bba', '#d9640a', '#1a7f37', '#a21caf', '#c62828', '#0f766e', '#7c5c00', '#5b21b6'];

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const fmt = (v: number): string =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(1)
    : String(Number(v.toPrecision(3)));

export function sweepPlot(jobs: CollatedJob[], x: string, y: string, others: string[]): Raw {
  const xs = jobs.map((j) => j.params[x]);
  const numericX = xs.every((v) => num(v) !== null);
  const cats = numericX ? [] : [...new Set(xs.map((v) => JSON.stringify(v)))];
  const xOf = (v: unknown): number => (numericX ? (v as number) : cats.indexOf(JSON.stringify(v)));
  const points = jobs
    .map((j) => ({ j, x: xOf(j.params[x]), y: num(j.metrics[y]) }))
    .filter((p): p is { j: CollatedJob; x: number; y: number } => p.y !== null);
  if (!points.length) return html`<p class="muted" id="plot-empty">No job has a number for ${y} yet.</p>`;
  const xv = numericX ? points.map((p) => p.x) : cats.map((_, i) => i);
  const log = numericX && Math.min(...xv) > 0 && Math.max(...xv) / Math.min(...xv) >= 100;
  const tx = (v: number) => (log ? Math.log10(v) : v);
  const scale = (lo: number, hi: number, a: number, b: number) => {
    const span = hi - lo || 1;
    return (v: number) => a + ((v - lo + (hi === lo ? span / 2 : 0)) / span) * (b - a);
  };
  const [x0, x1] = [Math.min(...xv.map(tx)), Math.max(...xv.map(tx))];
  const [y0, y1] = [Math.min(...points.map((p) => p.y)), Math.max(...points.map((p) => p.y))];
  const sx = scale(x0, x1, M.l, W - M.r);
  const sy = scale(y0, y1, H - M.b, M.t);
  const px = (v: number) => sx(tx(v));
  // Series: the jobs that share the other parameters' values.
  const series = new Map<string, typeof points>();
  for (const p of points) {
    const key = others.map((k) => `${k}=${JSON.stringify(p.j.params[k])}`).join(', ');
    series.set(key, [...(series.get(key) ?? []), p]);
  }
  const ticksX = numericX
    ? (log
        ? Array.from({ length: Math.floor(x1) - Math.ceil(x0) + 1 }, (_, i) => 10 ** (Math.ceil(x0) + i))
        : Array.from({ length: 5 }, (_, i) => x0 + ((x1 - x0) * i) / 4)
      ).filter((v, i, a) => a.indexOf(v) === i)
    : cats.map((_, i) => i);
  const ticksY = Array.from({ length: 5 }, (_, i) => y0 + ((y1 - y0) * i) / 4).filter(
    (v, i, a) => a.indexOf(v) === i,
  );
  const colour = [...series.keys()].length > SERIES.length ? () => '#98a2b3' : (i: number) => SERIES[i]!;
  return html`<svg
    id="plot"
    class="plot"
    viewBox="0 0 ${W} ${H}"
    width="${W}"
    height="${H}"
    role="img"
    aria-label="${y} against ${x}"
    data-points="${points.length}"
  >
    <line x1="${M.l}" y1="${H - M.b}" x2="${W - M.r}" y2="${H - M.b}" class="axis" />
    <line x1="${M.l}" y1="${M.t}" x2="${M.l}" y2="${H - M.b}" class="axis" />
    ${ticksX.map(
      (v) =>
        html`<text x="${px(v).toFixed(1)}" y="${H - M.b + 16}" text-anchor="middle" class="tick"
          >${numericX ? fmt(v) : (JSON.parse(cats[v]!) as unknown)}</text
        >`,
    )}
    ${ticksY.map(
      (v) =>
        html`<text x="${M.l - 6}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end" class="tick"
          >${fmt(v)}</text
        >`,
    )}
    <text x="${(M.l + W - M.r) / 2}" y="${H - 6}" text-anchor="middle" class="label">
      ${x}${log ? ' (log)' : ''}
    </text>
    <text
      x="14"
      y="${(M.t + H - M.b) / 2}"
      text-anchor="middle"
      class="label"
      transform="rotate(-90 14 ${(M.t + H - M.b) / 2})"
    >
      ${y}
    </text>
    ${[...series].map(([key, ps], i) => {
      const sorted = [...ps].sort((a, b) => a.x - b.x);
      const d = sorted.map((p, k) => `${k ? 'L' : 'M'}${px(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`).join(' ');
      const last = sorted.at(-1)!;
      return html`<g class="series">
        <path d="${d}" fill="none" stroke="${colour(i)}" stroke-width="1.5" />
        ${sorted.map(
          (p) =>
            html`<a href="${p.j.runId ? `/run/${p.j.runId}` : '#'}"
              ><circle
                class="pt fill-${p.j.status}"
                cx="${px(p.x).toFixed(1)}"
                cy="${sy(p.y).toFixed(1)}"
                r="4"
                ><title>
                  ${others.length ? `${key}, ` : ''}${x}=${JSON.stringify(p.j.params[x])}: ${y}=${p.y}
                  (${p.j.status})
                </title></circle
              ></a
            >`,
        )}
        ${key ? html`<text x="${px(last.x) + 8}" y="${sy(last.y) + 4}" class="tick" fill="${colour(i)}">${key}</text>` : ''}
      </g>`;
    })}
  </svg>`;
}
