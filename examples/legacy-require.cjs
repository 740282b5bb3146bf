// A CommonJS script: `require('simorg')` works the same as `import 'simorg'`. Here flags are set
// in code, so this script saves its figure as PNG and JPEG even without SIMORG_SAVEALL.
const { flags, figure } = require('simorg');
const { createCanvas } = require('canvas');

flags.saveAll = true;
flags.formats = ['png', 'jpg'];

const c = createCanvas(500, 300);
const g = c.getContext('2d');
g.fillStyle = '#f7f7f7';
g.fillRect(0, 0, 500, 300);
const bins = [2, 5, 11, 19, 24, 18, 10, 6, 3, 1];
bins.forEach((n, i) => {
  g.fillStyle = '#af7aa1';
  g.fillRect(30 + i * 45, 270 - n * 10, 38, n * 10);
});
g.fillStyle = '#000';
g.font = '14px sans-serif';
g.fillText('interspike interval histogram', 30, 24);
figure(c, { name: 'isi-histogram' });
