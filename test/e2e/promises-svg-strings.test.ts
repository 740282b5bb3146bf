import { loadImage, createCanvas } from 'canvas';
import { spawnSync } from 'node:child_process';
import { readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figPaths, project, ROOT, run, type Project } from './hook-helpers.js';

// README "The hook": "SVG strings a script registers (D3, Observable Plot, Vega's `toSVG()`,
// ECharts' SVG renderer) are rasterised for PNG/JPEG, kept as they are for SVG, and turned into
// vector PDF with `rsvg-convert`". Each library makes its SVG in Node as its users do (D3 and Plot
// on a jsdom document), the script hands the string to figure(), and the three files are checked:
// the SVG keeps the chart's text as <text>, the PNG decodes and is not blank, the PDF is a PDF
// whose text can be extracted (vector, not an embedded picture).

const haveRsvg = spawnSync('rsvg-convert', ['--version']).status === 0;
const havePdftotext = spawnSync('pdftotext', ['-v']).status === 0;

const CHARTS: Record<string, { script: string; text: string }> = {
  d3: {
    text: 'd3 membrane',
    script: `import { figure } from 'simorg';
import * as d3 from 'd3';
import { JSDOM } from 'jsdom';
const { document } = new JSDOM('<!DOCTYPE html><body></body>').window;
const svg = d3.select(document.body).append('svg')
  .attr('xmlns', 'http://www.w3.org/2000/svg').attr('width', 320).attr('height', 160);
const x = d3.scaleLinear().domain([0, 10]).range([30, 300]);
const y = d3.scaleLinear().domain([0, 1]).range([130, 20]);
svg.append('g').attr('transform', 'translate(0,130)').call(d3.axisBottom(x));
svg.append('path').attr('fill', 'none').attr('stroke', 'steelblue').attr('stroke-width', 2)
  .attr('d', d3.line()(d3.range(11).map((t) => [x(t), y(Math.abs(Math.sin(t)))])));
svg.append('text').attr('x', 40).attr('y', 16).attr('font-size', 14).text('d3 membrane');
figure(document.body.innerHTML, { name: 'd3 chart' });
`,
  },
  plot: {
    text: 'plot spikes',
    script: `import { figure } from 'simorg';
import * as Plot from '@observablehq/plot';
import { JSDOM } from 'jsdom';
const { document } = new JSDOM('').window;
const chart = Plot.plot({
  document, width: 320, height: 160,
  marks: [Plot.lineY([1, 3, 2, 5, 4], { stroke: 'firebrick' }), Plot.text(['plot spikes'], { x: 1, y: 4.5 })],
});
figure(chart.outerHTML, { name: 'plot chart' });
`,
  },
  vega: {
    text: 'vega rates',
    script: `import { figure } from 'simorg';
import * as vega from 'vega';
const spec = {
  width: 300, height: 120,
  data: [{ name: 't', values: [{ x: 'a', y: 3 }, { x: 'b', y: 7 }] }],
  scales: [
    { name: 'x', type: 'band', domain: { data: 't', field: 'x' }, range: 'width' },
    { name: 'y', domain: { data: 't', field: 'y' }, range: 'height' },
  ],
  axes: [{ orient: 'bottom', scale: 'x' }],
  title: 'vega rates',
  marks: [{ type: 'rect', from: { data: 't' }, encode: { enter: {
    x: { scale: 'x', field: 'x' }, width: { scale: 'x', band: 1, offset: -2 },
    y: { scale: 'y', field: 'y' }, y2: { scale: 'y', value: 0 }, fill: { value: 'teal' } } } }],
};
const view = new vega.View(vega.parse(spec), { renderer: 'none' });
figure(await view.toSVG(), { name: 'vega chart' });
`,
  },
  echarts: {
    text: 'echarts currents',
    script: `import { figure } from 'simorg';
import * as echarts from 'echarts';
const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: 320, height: 200 });
chart.setOption({
  animation: false,
  title: { text: 'echarts currents' },
  xAxis: { type: 'category', data: ['Na', 'K', 'Ca'] },
  yAxis: { type: 'value' },
  series: [{ type: 'bar', data: [5, 3, 1] }],
});
figure(chart.renderToSVGString(), { name: 'echarts chart' });
chart.dispose();
`,
  },
};

let p: Project;
beforeAll(() => {
  p = project();
  for (const dep of ['d3', 'jsdom', 'vega', 'echarts', '@observablehq']) {
    symlinkSync(join(ROOT, 'node_modules', dep), join(p.dir, 'node_modules', dep), 'dir');
  }
  for (const [name, c] of Object.entries(CHARTS)) p.write(`${name}.mjs`, c.script);
});
afterAll(() => p.cleanup());

/** Whether a PNG decodes and has pixels of more than one colour. */
async function pngIsAChart(file: string): Promise<boolean> {
  const img = await loadImage(readFileSync(file));
  const c = createCanvas(img.width, img.height);
  const g = c.getContext('2d');
  g.drawImage(img, 0, 0);
  const px = g.getImageData(0, 0, img.width, img.height).data;
  const colours = new Set<number>();
  for (let i = 0; i < px.length && colours.size < 3; i += 4)
    colours.add((px[i]! << 24) | (px[i + 1]! << 16) | (px[i + 2]! << 8) | px[i + 3]!);
  return img.width > 10 && img.height > 10 && colours.size > 1;
}

describe.skipIf(!haveRsvg)('SVG strings from chart libraries, registered with figure()', () => {
  it.each(Object.keys(CHARTS))('%s: saved as SVG (text as <text>), PNG and vector PDF', async (name) => {
    const r = run([`${name}.mjs`], { cwd: p.dir, env: { SIMORG_SAVEALL: '', SIMORG_NOSHOW: '' } });
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const [png, svg, pdf] = figPaths(name, `${name}-chart`).map((f) => join(p.dir, f));
    expect(r.stdout).toContain(`Saving File ${figPaths(name, `${name}-chart`)[0]}`);

    const svgText = readFileSync(svg!, 'utf8');
    expect(svgText).toMatch(/<svg[\s>]/);
    expect(svgText).toMatch(new RegExp(`<text[^>]*>(?:[^<]|<tspan[^>]*>)*${CHARTS[name]!.text}`));
    expect(svgText).toContain('<metadata'); // provenance, added to the library's own SVG

    expect(await pngIsAChart(png!)).toBe(true);

    const pdfBytes = readFileSync(pdf!);
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    if (havePdftotext) {
      const text = spawnSync('pdftotext', [pdf!, '-'], { encoding: 'utf8' });
      expect(text.stdout.replace(/\s+/g, ' ')).toContain(CHARTS[name]!.text);
    }
  });
});
