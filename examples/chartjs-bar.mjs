// A Chart.js bar chart rendered with chartjs-node-canvas. The hook catches the canvas Chart.js
// draws on (even though chartjs-node-canvas loads its own fresh copy of `canvas`), so the chart is
// saved as PNG and as real vectors (bars as paths, labels as text) in SVG and PDF.
import 'simorg';
import { ChartJSNodeCanvas } from 'chartjs-node-canvas';

const rates = { 'L2/3 PC': 3.1, 'L4 SS': 5.4, 'L5 PC': 7.9, 'PV': 18.2, 'SST': 6.3, 'VIP': 4.7 };
const renderer = new ChartJSNodeCanvas({ width: 800, height: 500, backgroundColour: 'white' });
const png = await renderer.renderToBuffer({
  type: 'bar',
  data: {
    labels: Object.keys(rates),
    datasets: [{ label: 'mean firing rate (Hz)', data: Object.values(rates), backgroundColor: '#4e79a7' }],
  },
  options: {
    plugins: { title: { display: true, text: 'Firing rate by cell type' } },
    scales: { y: { title: { display: true, text: 'Hz' } } },
  },
});
console.log(`Chart.js rendered ${png.length} bytes of PNG`);
