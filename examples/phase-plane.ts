// TypeScript, run with tsx (`SIMORG_SAVEALL= SIMORG_NOSHOW= npx tsx examples/phase-plane.ts`).
// The FitzHugh-Nagumo phase plane, built as an SVG string (as D3, Observable Plot or Vega's
// toSVG would give) and registered with figure(): saved as SVG and PDF vectors, and as PNG.
import { figure, type Format } from 'simorg';

const a = 0.7, b = 0.8, eps = 0.08, I = 0.5, dt = 0.05;
let v = -1.2, w = -0.6;
const orbit: Array<[number, number]> = [];
for (let i = 0; i < 4000; i++) {
  const dv = v - v ** 3 / 3 - w + I;
  const dw = eps * (v + a - b * w);
  v += dt * dv;
  w += dt * dw;
  orbit.push([v, w]);
}

const W = 640, H = 480;
const sx = (x: number): number => ((x + 2.5) / 5) * W;
const sy = (y: number): number => H - ((y + 1) / 3) * H;
const path = (pts: Array<[number, number]>): string =>
  pts.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
const vNull = Array.from({ length: 101 }, (_, i): [number, number] => {
  const x = -2.5 + i * 0.05;
  return [x, x - x ** 3 / 3 + I];
});
const wNull = Array.from({ length: 101 }, (_, i): [number, number] => {
  const x = -2.5 + i * 0.05;
  return [x, (x + a) / b];
});

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">
  <rect width="${W}" height="${H}" fill="white"/>
  <path d="${path(vNull)}" fill="none" stroke="#f28e2b" stroke-width="2"/>
  <path d="${path(wNull)}" fill="none" stroke="#76b7b2" stroke-width="2"/>
  <path d="${path(orbit)}" fill="none" stroke="#4e79a7" stroke-width="1.5"/>
  <text x="20" y="30" font-family="sans-serif" font-size="18">FitzHugh-Nagumo phase plane (I = ${I})</text>
  <text x="20" y="${H - 20}" font-family="sans-serif" font-size="14">v nullcline (orange), w nullcline (teal), limit cycle (blue)</text>
</svg>`;

figure(svg, { name: 'phase-plane' });
const formats: Format[] = ['png', 'svg', 'pdf'];
console.log(`orbit of ${orbit.length} points; saved as ${formats.join(', ')} when SIMORG_SAVEALL is set`);
