// Two figures and a scratch canvas. The first figure gets the default name (figure_1), the
// second is named with figure(); the scratch canvas (drawn on, then used only as a sprite for
// the others) is not a figure, and neither is a canvas made only to measure text.
import { figure, figures } from 'simorg';
import { createCanvas } from 'canvas';

// scratch: one marker drawn once, stamped many times
const marker = createCanvas(12, 12);
const mg = marker.getContext('2d');
mg.fillStyle = '#e15759';
mg.beginPath();
mg.arc(6, 6, 5, 0, 2 * Math.PI);
mg.fill();

// a canvas only used to measure a label
const measure = createCanvas(1, 1).getContext('2d');
measure.font = '14px sans-serif';
const labelWidth = measure.measureText('spike times').width;

// figure 1: a raster of spike times (default name)
const raster = createCanvas(600, 300);
const rg = raster.getContext('2d');
rg.fillStyle = '#fff';
rg.fillRect(0, 0, 600, 300);
for (let n = 0; n < 10; n++) {
  for (let k = 0; k < 20; k++) rg.drawImage(marker, 20 + ((k * 97 + n * 31) % 560), 20 + n * 26);
}
rg.fillStyle = '#000';
rg.font = '14px sans-serif';
rg.fillText('spike times', 300 - labelWidth / 2, 292);

// figure 2: a voltage trace, named
const trace = figure(createCanvas(600, 300), { name: 'voltage-trace' });
const tg = trace.getContext('2d');
tg.fillStyle = '#fff';
tg.fillRect(0, 0, 600, 300);
tg.strokeStyle = '#4e79a7';
tg.beginPath();
for (let i = 0; i < 600; i++) tg.lineTo(i, 150 - 60 * Math.sin(i / 20) * Math.exp(-i / 400));
tg.stroke();

console.log(`figures: ${figures().length}`); // 2
