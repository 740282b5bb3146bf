// Draws a figure, then fails, as a long simulation might after hours. The figure is still saved
// (run with SIMORG_SAVEALL=), Node prints the error as usual, and the exit code stays 1.
import 'simorg';
import { createCanvas } from 'canvas';

const c = createCanvas(400, 300);
const g = c.getContext('2d');
g.fillStyle = '#fff';
g.fillRect(0, 0, 400, 300);
g.strokeStyle = '#59a14f';
g.beginPath();
for (let i = 0; i < 400; i++) g.lineTo(i, 150 - 100 * Math.exp(-i / 80) * Math.cos(i / 8));
g.stroke();
g.fillStyle = '#000';
g.font = '14px sans-serif';
g.fillText('damped oscillation before the solver diverged', 20, 24);

throw new Error('solver diverged at t = 42.0 ms (step size underflow)');
