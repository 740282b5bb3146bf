// A Vega-Lite scatter plot drawn by Vega onto a node-canvas canvas (view.toCanvas()). The hook
// saves that canvas; Vega's own 1x1 text-measuring canvas is not a figure and is left alone.
import 'simorg';
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

// Interspike intervals vs. input current for a small population (deterministic pseudo-data).
const values = Array.from({ length: 120 }, (_, i) => {
  const current = 0.5 + (i % 30) / 10;
  const jitter = Math.sin(i * 12.9898) * 0.5;
  return { current, rate: Math.max(0, 12 * Math.log(current / 0.45) + 3 * jitter), type: i % 2 ? 'excitatory' : 'inhibitory' };
});

const spec = {
  $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
  width: 600,
  height: 400,
  title: 'f-I curve',
  data: { values },
  mark: { type: 'point', filled: true },
  encoding: {
    x: { field: 'current', type: 'quantitative', title: 'input current (nA)' },
    y: { field: 'rate', type: 'quantitative', title: 'firing rate (Hz)' },
    color: { field: 'type', type: 'nominal' },
  },
};

const view = new vega.View(vega.parse(vegaLite.compile(spec).spec), { renderer: 'none' });
await view.toCanvas();
console.log(`Vega drew ${values.length} points`);
