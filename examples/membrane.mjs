// A hand-drawn plot on a node-canvas canvas: the membrane potential of a leaky integrate-and-fire
// neuron driven by a step current. Run it with
//   SIMORG_SAVEALL= SIMORG_NOSHOW= node examples/membrane.mjs
// and find it in examples/_output/figures/membrane/{png,svg,pdf}/.
import 'simorg'; // the one line: every figure this script draws is saved at exit
import { createCanvas } from 'canvas';

// --- the simulation: dV/dt = (-(V - V_rest) + R I) / tau, spike and reset at threshold
const tau = 10, vRest = -70, vReset = -75, vThresh = -54, R = 10, dt = 0.1, T = 200;
const t = [], v = [];
let V = vRest;
for (let i = 0; i * dt <= T; i++) {
  const I = i * dt > 20 && i * dt < 180 ? 2 : 0; // nA
  V += (dt / tau) * (-(V - vRest) + R * I);
  if (V >= vThresh) V = vReset;
  t.push(i * dt);
  v.push(V);
}

// --- the plot
const W = 800, H = 450, m = { l: 70, r: 20, t: 40, b: 55 };
const canvas = createCanvas(W, H);
const g = canvas.getContext('2d');
const x = (s) => m.l + (s / T) * (W - m.l - m.r);
const y = (mv) => H - m.b - ((mv + 80) / 30) * (H - m.t - m.b); // -80..-50 mV

g.fillStyle = '#ffffff';
g.fillRect(0, 0, W, H);
g.strokeStyle = '#333';
g.lineWidth = 1;
g.font = '14px sans-serif';
g.fillStyle = '#333';
g.beginPath();
g.moveTo(m.l, m.t);
g.lineTo(m.l, H - m.b);
g.lineTo(W - m.r, H - m.b);
g.stroke();
g.textAlign = 'center';
for (let s = 0; s <= T; s += 25) {
  g.beginPath(); g.moveTo(x(s), H - m.b); g.lineTo(x(s), H - m.b + 6); g.stroke();
  g.fillText(String(s), x(s), H - m.b + 22);
}
g.textAlign = 'right';
for (let mv = -80; mv <= -50; mv += 5) {
  g.beginPath(); g.moveTo(m.l - 6, y(mv)); g.lineTo(m.l, y(mv)); g.stroke();
  g.fillText(String(mv), m.l - 10, y(mv) + 5);
}
g.setLineDash([6, 4]);
g.strokeStyle = '#d62728';
g.beginPath(); g.moveTo(m.l, y(vThresh)); g.lineTo(W - m.r, y(vThresh)); g.stroke();
g.setLineDash([]);
g.strokeStyle = '#1f77b4';
g.lineWidth = 1.5;
g.beginPath();
t.forEach((s, i) => (i ? g.lineTo(x(s), y(v[i])) : g.moveTo(x(s), y(v[i]))));
g.stroke();
g.textAlign = 'center';
g.fillText('time (ms)', (W + m.l) / 2, H - 12);
g.font = 'bold 16px sans-serif';
g.fillText('Leaky integrate-and-fire neuron, 2 nA step', (W + m.l) / 2, 24);
g.save();
g.translate(18, (H - m.b + m.t) / 2);
g.rotate(-Math.PI / 2);
g.font = '14px sans-serif';
g.fillText('membrane potential (mV)', 0, 0);
g.restore();
console.log(`simulated ${t.length} steps, ${v.filter((mv, i) => i && mv === vReset).length} spikes`);
